import { errors, isMicroTime, isUuid, type TimeRange } from '@tai/core';

/**
 * Where the next page of alerts starts: the last id shown (UUIDv7, so id order is creation order), with the
 * time range the first page resolved (relative times stay put) and bound to the filter's fingerprint.
 */
export type AlertCursor = { beforeId: string; range: TimeRange };

export const encodeAlertCursor = (c: AlertCursor, fingerprint: string): string =>
  Buffer.from(JSON.stringify([c.beforeId, c.range.from, c.range.to, fingerprint])).toString('base64url');

export function decodeAlertCursor(token: string, fingerprint: string): AlertCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  const [id, from, to, issuedFor] = Array.isArray(parsed) ? parsed as unknown[] : [];
  if (typeof id !== 'string' || !isUuid(id) || issuedFor !== fingerprint || !(from === null || isMicroTime(from)) || !(to === null || isMicroTime(to))) throw errors.invalidCursor();
  return { beforeId: id, range: { from, to } };
}
