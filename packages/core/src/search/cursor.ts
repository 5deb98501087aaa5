import { createHash } from 'node:crypto';

/** A short stable digest of a JSON-able value (the filters without limit and cursor). */
export const fingerprintOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 12);
