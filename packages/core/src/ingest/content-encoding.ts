/** The codings we can undo (teleport-wire.md §7.2 step 1). `x-gzip` is the HTTP/1.0 alias of gzip. */
export type Coding = 'gzip' | 'deflate' | 'zstd' | 'snappy';

const ALIASES: Readonly<Record<string, Coding | 'identity'>> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  zstd: 'zstd',
  snappy: 'snappy',
  identity: 'identity',
};

export type CodingPlan = { ok: true; codings: Coding[] } | { ok: false; unsupported: string };

/**
 * The codings to undo, in the order to undo them. RFC 9110 lists codings in the order they were
 * applied, so decoding walks the list backwards. `identity` is a no-op and is dropped.
 */
export function planDecoding({ header, body }: { header: string | undefined; body: Buffer }): CodingPlan {
  const names = (header ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  const codings: Coding[] = [];
  for (const name of names.reverse()) {
    const coding = ALIASES[name];
    if (coding === undefined) return { ok: false, unsupported: name };
    if (coding !== 'identity') codings.push(coding);
  }
  if (codings.length > 0) return { ok: true, codings };
  const sniffed = sniffCoding(body);
  return { ok: true, codings: sniffed ? [sniffed] : [] };
}

/**
 * Senders that forget the header (curl with a .gz file, proxies that strip it) still send recognisable
 * magic numbers. Neither can start a JSON, NDJSON or form body, so trusting them is safe.
 */
function sniffCoding(body: Buffer): Coding | null {
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) return 'gzip';
  if (body.length >= 4 && body.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return null;
}
