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

import { zstdStoredFrame } from '../../../test/support/zstd-frame.js';

export { zstdStoredFrame };

export type Encoding = { name: string; header: string | undefined; encode: (body: Buffer) => Buffer };

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
