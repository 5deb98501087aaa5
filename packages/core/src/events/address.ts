import { isStrictIpLiteral, looksLikeIpLiteral } from './ip-literal.js';

/**
 * A Teleport `host:port` string (`addr.remote`, `addr.local`) or a bare IP (`identity.client_ip`),
 * split per event-schema.md §3.2.
 */
export type ParsedAddress = {
  /** the input exactly as received; null only when the input was not a non-empty string */
  address: string | null;
  /** host without brackets; null when the string could not be split */
  host: string | null;
  /** set only when `host` passes a strict IP parser, so it is always safe to cast to `inet` */
  ip: string | null;
  port: number | null;
  /**
   * Why nothing useful came out of a present value: `unparsed` (not `host[:port]` at all, or not a
   * string) or `invalid_ip` (the host is meant as an IP literal but is not a valid one).
   * A host name is not an issue: `ip` is simply null.
   */
  issue: AddressIssue | null;
};

export type AddressIssue = 'unparsed' | 'invalid_ip';

const EMPTY: ParsedAddress = { address: null, host: null, ip: null, port: null, issue: null };
const BRACKETED = /^\[([^\]]*)\](?::([^:]*))?$/;
const HOST_NAME_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

export function parseAddress(value: unknown): ParsedAddress {
  if (value === undefined || value === null || value === '') return EMPTY;
  if (typeof value !== 'string') return { ...EMPTY, issue: 'unparsed' };

  const split = splitHostPort(value);
  if (!split) return unparsed(value);
  const { host, bracketed } = split;
  const port = split.port === undefined ? null : parsePort(split.port);
  if (port === undefined) return unparsed(value);

  if (isStrictIpLiteral(host)) return { address: value, host, ip: host, port, issue: null };
  if (bracketed || looksLikeIpLiteral(host)) return { address: value, host, ip: null, port, issue: 'invalid_ip' };
  if (isHostName(host)) return { address: value, host, ip: null, port, issue: null };
  return unparsed(value);
}

/**
 * The port is split off only for `[host]:port` or a single colon. With two or more colons and no
 * brackets the string can only be a bare IPv6 address; guessing which group is a port would be wrong.
 */
function splitHostPort(value: string): { host: string; port?: string; bracketed: boolean } | null {
  if (value.startsWith('[')) {
    const m = BRACKETED.exec(value);
    if (!m || !m[1]) return null;
    return m[2] === undefined ? { host: m[1], bracketed: true } : { host: m[1], port: m[2], bracketed: true };
  }
  const colons = value.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port = ''] = value.split(':');
    return host ? { host, port, bracketed: false } : null;
  }
  return { host: value, bracketed: false };
}

/** undefined marks an invalid port, null is reserved for "no port". */
function parsePort(port: string): number | undefined {
  if (!/^\d{1,5}$/.test(port)) return undefined;
  const n = Number(port);
  return n <= 65_535 ? n : undefined;
}

function isHostName(host: string): boolean {
  if (host.length > 253) return false;
  return host.replace(/\.$/, '').split('.').every((label) => HOST_NAME_LABEL.test(label));
}

function unparsed(address: string): ParsedAddress {
  return { ...EMPTY, address, issue: 'unparsed' };
}
