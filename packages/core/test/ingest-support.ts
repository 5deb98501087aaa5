import zlib from 'node:zlib';
import { Packr } from 'msgpackr';
import { compress as snappyCompress } from 'snappyjs';
import { decodeIngestBody, type DecodeInput, type DecodeLimits, type DecodeResult } from '../src/ingest/index.js';

export const LIMITS: DecodeLimits = { maxDecompressedBytes: 10 * 1024 * 1024, maxRecordBytes: 2 * 1024 * 1024 };

export function decode(input: DecodeInput, limits: Partial<DecodeLimits> = {}): DecodeResult {
  return decodeIngestBody(input, { ...LIMITS, ...limits });
}

export function decodeText({ text, contentType, userAgent }: { text: string; contentType?: string; userAgent?: string }): DecodeResult {
  return decode({ body: Buffer.from(text, 'utf8'), contentType, userAgent });
}

/** Plain msgpack as Fluentd and Fluent Bit write it: no msgpackr records extension. */
export function packMsgpack(values: readonly unknown[]): Buffer {
  const packr = new Packr({ useRecords: false });
  return Buffer.concat(values.map((value) => packr.pack(value)));
}

export type Encoding = { name: string; header: string | undefined; encode: (body: Buffer) => Buffer };

/**
 * A zstd frame (RFC 8878 §3.1.1) made of raw (stored) blocks: Node 20 cannot compress zstd and fzstd
 * only decompresses, but a stored-block frame is a valid frame every decoder must read. Single-segment,
 * 4-byte content size, no checksum, no dictionary.
 */
export function zstdStoredFrame(content: Buffer): Buffer {
  const BLOCK_MAX = 128 * 1024;
  const header = Buffer.alloc(9);
  header.writeUInt32LE(0xfd2fb528, 0);
  header[4] = (2 << 6) | (1 << 5); // FCS field 4 bytes, single segment
  header.writeUInt32LE(content.length, 5);
  const blocks: Buffer[] = [];
  let offset = 0;
  do {
    const size = Math.min(BLOCK_MAX, content.length - offset);
    const last = offset + size >= content.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE((size << 3) | (0 << 1) | last, 0, 3); // type 0: raw
    blocks.push(blockHeader, content.subarray(offset, offset + size));
    offset += size;
  } while (offset < content.length);
  return Buffer.concat([header, ...blocks]);
}

function splitInTwo(body: Buffer): [Buffer, Buffer] {
  const middle = Math.floor(body.length / 2);
  return [body.subarray(0, middle), body.subarray(middle)];
}

export const ENCODINGS: readonly Encoding[] = [
  { name: 'no encoding', header: undefined, encode: (body) => body },
  { name: 'identity', header: 'identity', encode: (body) => body },
  { name: 'gzip', header: 'gzip', encode: (body) => zlib.gzipSync(body) },
  { name: 'multi-member gzip', header: 'x-gzip', encode: (body) => Buffer.concat(splitInTwo(body).map((half) => zlib.gzipSync(half))) },
  { name: 'gzip without a header (sniffed)', header: undefined, encode: (body) => zlib.gzipSync(body) },
  { name: 'deflate (zlib)', header: 'deflate', encode: (body) => zlib.deflateSync(body) },
  { name: 'raw deflate', header: 'Deflate', encode: (body) => zlib.deflateRawSync(body) },
  { name: 'zstd', header: 'zstd', encode: (body) => zstdStoredFrame(body) },
  { name: 'zstd, two frames', header: 'zstd', encode: (body) => Buffer.concat(splitInTwo(body).map((half) => zstdStoredFrame(half))) },
  { name: 'snappy', header: 'snappy', encode: (body) => Buffer.from(snappyCompress(body)) },
  { name: 'gzip then snappy', header: 'gzip, snappy', encode: (body) => Buffer.from(snappyCompress(zlib.gzipSync(body))) },
];
