import { errors } from '../errors.js';
import { isUuid } from '../ids.js';

/**
 * Keyset cursor for lists ordered by (timestamp DESC, uuid DESC), such as the audit log and rejects:
 * the last row's pair, base64url-encoded so clients treat it as opaque.
 */
export const encodeTimeIdCursor = ({ at, id }: { at: Date; id: string }): string =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(date.getTime())) throw errors.invalidCursor();
  return { at: date, id };
}
