import { isIP } from 'node:net';

/**
 * The first and last address of a CIDR block, as host addresses (`10.0.0.0/8` → 10.0.0.0, 10.255.255.255;
 * `2001:db8::/32` → 2001:db8::, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff). Searches compare client IPs with
 * these two bounds, which a btree index serves under row-level security, where `<<=` cannot (not leakproof).
 */
export function cidrRange(cidr: string): { first: string; last: string } | null {
  const [address, bitsText] = cidr.split('/');
  const family = isIP(address ?? '');
  if (!address || family === 0 || bitsText === undefined) return null;
  const width = family === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return null;
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const hostMask = (1n << BigInt(width - bits)) - 1n;
  const first = value & ~hostMask & ((1n << BigInt(width)) - 1n);
  const last = first | hostMask;
  return family === 4 ? { first: bigIntToIpv4(first), last: bigIntToIpv4(last) } : { first: bigIntToIpv6(first), last: bigIntToIpv6(last) };
}

const ipv4ToBigInt = (ip: string) => ip.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
const bigIntToIpv4 = (n: bigint) => [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 255n)).join('.');

function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigInt(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, null];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === null ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const bigIntToIpv6 = (n: bigint) => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - i * 16)) & 0xffffn).toString(16)).join(':');
