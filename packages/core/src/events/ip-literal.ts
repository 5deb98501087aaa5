import { isIP } from 'node:net';

/**
 * A strict IP-literal check, stricter than Postgres `inet`: `inet` turns `192.000.0.000` into
 * `192.0.0.0`, so we must refuse such values before they reach a cast (event-schema.md §3.2).
 *
 * Node's `isIP` already rejects leading-zero octets and IPv6 groups longer than four hex digits, but it
 * accepts a zone suffix (`fe80::1%eth0`) that `inet` rejects, so zones are refused here too.
 */
export function isStrictIpLiteral(value: string): boolean {
  return !value.includes('%') && isIP(value) !== 0;
}

/**
 * True when a host string can only have been meant as an IP literal (digits and dots, or any colon),
 * so that failing `isStrictIpLiteral` makes it an invalid IP rather than a host name.
 */
export function looksLikeIpLiteral(value: string): boolean {
  return value.includes(':') || /^[\d.]+$/.test(value);
}
