import { createHash } from 'node:crypto';
import { errors } from '../errors.js';

/** Position after the last row of a page, in (event_time DESC, id DESC) order. */
export type EventCursor = { eventTime: Date; id: number };

/**
 * Cursors are opaque to clients. They carry a fingerprint of the filters they were issued for, so a cursor
 * replayed against a different query is refused instead of silently returning a wrong page.
 */
export function encodeCursor(cursor: EventCursor, fingerprint: string): string {
  const payload = JSON.stringify([cursor.eventTime.toISOString(), cursor.id, fingerprint]);
  return Buffer.from(payload, 'utf8').toString('base64url');
}

export function decodeCursor(token: string, fingerprint: string): EventCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw errors.invalidCursor();
  const [time, id, issuedFor] = parsed as unknown[];
  const eventTime = typeof time === 'string' ? new Date(time) : new Date(NaN);
  if (Number.isNaN(eventTime.getTime()) || !Number.isSafeInteger(id) || issuedFor !== fingerprint) {
    throw errors.invalidCursor();
  }
  return { eventTime, id: id as number };
}

/** A short stable digest of a JSON-able value (the filters without limit and cursor). */
export const fingerprintOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 12);
