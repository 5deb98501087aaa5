import { isIP } from 'node:net';
import { cidrRange } from '../../query/cidr-range.js';

/**
 * inet comparisons as Postgres makes them: equal addresses of one family (`::1` = `0:0::1`, but
 * `::ffff:10.0.0.1` is not `10.0.0.1`), and `<<=` a CIDR block of the same family.
 */
export function ipEquals(a: string, b: string): boolean {
  const family = isIP(a);
  if (family === 0 || family !== isIP(b)) return false;
  const bits = family === 4 ? 32 : 128;
  return cidrRange(`${a}/${bits}`)?.first === cidrRange(`${b}/${bits}`)?.first;
}

export function ipWithin(ip: string, cidr: string): boolean {
  const [network, bitsText] = cidr.split('/');
  const family = isIP(ip);
  if (family === 0 || family !== isIP(network ?? '')) return false;
  return cidrRange(`${ip}/${bitsText}`)?.first === cidrRange(cidr)?.first;
}

/** A CIDR block Postgres's ::cidr accepts: no bits set right of the mask (10.1.0.0/8 is an error there). */
export function isCanonicalCidr(cidr: string): boolean {
  const [network] = cidr.split('/');
  const range = cidrRange(cidr);
  return range !== null && network !== undefined && ipEquals(network, range.first);
}
