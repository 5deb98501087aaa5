import { createHash } from 'node:crypto';

/** This service's namespace for name-based UUIDs (a random v4, fixed forever). */
const NAMESPACE = '6f3c2a1e-8b4d-4f5e-9a7b-2c1d0e9f8a7b';

/** A UUID v5 (RFC 9562, SHA-1 of namespace + name): the same rule id gives the same Sigma id on every export. */
export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(Buffer.from(NAMESPACE.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
