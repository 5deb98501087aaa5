import { randomUUID } from 'node:crypto';

/**
 * RFC 9562 UUIDv7: 48-bit ms timestamp then random bits, so ids sort by creation time and index well. The
 * random bits are a v4's (randomUUID draws them from a pool, where randomBytes makes a system call per id):
 * its version digit becomes 7, its variant bits are already 10.
 */
export function uuidv7(now: number = Date.now()): string {
  const time = Math.trunc(now).toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_RE.test(value);
