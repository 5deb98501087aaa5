export type ObjectContainer = 'parquet' | 'gzip' | 'zstd' | 'snappy-framed' | 'plain';

// Magic numbers (s3-ingest.md §3). Producers disagree about extensions and Content-Encoding (Fluent Bit
// compresses without an extension), so the first bytes are the only trustworthy signal.
const MAGIC: readonly [ObjectContainer, readonly number[]][] = [
  ['parquet', [0x50, 0x41, 0x52, 0x31]], // "PAR1"
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['snappy-framed', [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]], // stream identifier chunk "sNaPpY"
];

/**
 * Names the container of an object from its first bytes; 'plain' covers JSON, NDJSON and Fluentd
 * lines, which the framing step tells apart. Call again after decompressing: a gzip may hold Parquet.
 */
export function sniffContainer(bytes: Uint8Array): ObjectContainer {
  for (const [container, magic] of MAGIC) {
    if (magic.every((byte, index) => bytes[index] === byte)) return container;
  }
  return 'plain';
}
