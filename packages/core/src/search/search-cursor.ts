import { errors } from '../errors.js';
import type { TimeRange } from '../query/time-range.js';
import { isMicroTime, type MicroTime } from '../time/micro-time.js';

/**
 * Where the next page of a search starts: after the last row's (event time, row id), in the search's
 * order, within the time range the first page resolved (so `from=-24h` means the same 24 hours on every
 * page). Bound to a fingerprint of the query, so it cannot be replayed against another one.
 */
export type SearchCursor = { time: MicroTime; rowId: number; range: TimeRange };

export function encodeSearchCursor(cursor: SearchCursor, fingerprint: string): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.rowId, cursor.range.from, cursor.range.to, fingerprint]), 'utf8').toString('base64url');
}

export function decodeSearchCursor(token: string, fingerprint: string): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) throw errors.invalidCursor();
  const [time, rowId, from, to, issuedFor] = parsed as unknown[];
  const timeOrNull = (v: unknown) => (v === null || isMicroTime(v));
  if (!isMicroTime(time) || !Number.isSafeInteger(rowId) || !timeOrNull(from) || !timeOrNull(to) || issuedFor !== fingerprint) throw errors.invalidCursor();
  return { time, rowId: rowId as number, range: { from: from as MicroTime | null, to: to as MicroTime | null } };
}
