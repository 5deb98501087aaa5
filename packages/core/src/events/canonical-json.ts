/**
 * Canonical JSON of an already-parsed value: object keys sorted recursively (by UTF-16 code units, as
 * `Array.prototype.sort` and RFC 8785 do), no insignificant whitespace, strings and numbers written by
 * `JSON.stringify` (which is the RFC 8785 number form).
 *
 * Limitation: event-schema.md §4.2 asks for number literals "kept as written" because fields such as
 * `cgroup_id` can be large integers. The input here has already been through `JSON.parse`, so an
 * integer above 2^53 has lost its digits and `1.0` has become `1`. Two events differing only beyond
 * double precision therefore hash alike. Teleport's protojson writes every number as a double anyway
 * (teleport-wire.md §7.8), so the sender cannot distinguish them either; keeping the literal text
 * would need a lossless JSON parser at the decode step.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return primitiveJson(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

function primitiveJson(value: unknown): string {
  // undefined, functions and symbols cannot come out of JSON.parse; map them to null like JSON arrays do.
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}
