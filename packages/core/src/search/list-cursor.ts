import { errors } from '../errors.js';
import type { TimeRange } from '../query/time-range.js';
import { isMicroTime, type MicroTime } from '../time/micro-time.js';

/**
 * Where the next page of a list ordered by (time DESC, key DESC) starts, such as sessions by their first event
 * or access requests by their creation, with the time range the first page resolved. Bound to a fingerprint of
 * the list's query, so it cannot be replayed against another.
 */
export type ListCursor = { at: MicroTime; key: string; range: TimeRange };

export const encodeListCursor = (c: ListCursor, fingerprint: string): string =>
  Buffer.from(JSON.stringify([c.at, c.key, c.range.from, c.range.to, fingerprint])).toString('base64url');

export function decodeListCursor(token: string, fingerprint: string): ListCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  const [at, key, from, to, issuedFor] = Array.isArray(parsed) ? parsed as unknown[] : [];
  if (!isMicroTime(at) || typeof key !== 'string' || issuedFor !== fingerprint || !(from === null || isMicroTime(from)) || !(to === null || isMicroTime(to))) {
    throw errors.invalidCursor();
  }
  return { at, key, range: { from, to } };
}
