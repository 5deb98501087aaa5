import { gzipSync, deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { pack } from 'msgpackr';
import snappy from 'snappyjs';
import { zstdStoredFrame } from './zstd-frame.js';

export type Framing = 'array' | 'ndjson' | 'ndjson-crlf' | 'concatenated' | 'concatenated-newline' | 'fluent-bit-json' | 'msgpack' | 'form-json' | 'form-ndjson';
export type Encoding = 'identity' | 'gzip' | 'gzip-multi' | 'deflate' | 'zstd' | 'snappy';

export const FRAMINGS: Framing[] = ['array', 'ndjson', 'ndjson-crlf', 'concatenated', 'concatenated-newline', 'fluent-bit-json', 'msgpack', 'form-json', 'form-ndjson'];
export const ENCODINGS: Encoding[] = ['identity', 'gzip', 'gzip-multi', 'deflate', 'zstd', 'snappy'];

/** A body and its headers as the named sender would build them. */
export function frame(events: Record<string, unknown>[], framing: Framing): { body: Buffer; headers: Record<string, string> } {
  const lines = events.map((e) => JSON.stringify(e));
  switch (framing) {
    case 'array': return { body: Buffer.from(JSON.stringify(events)), headers: { 'content-type': 'application/json' } };
    case 'ndjson': return { body: Buffer.from(lines.join('\n') + '\n'), headers: { 'content-type': 'application/x-ndjson' } };
    case 'ndjson-crlf': return { body: Buffer.from(lines.join('\r\n') + '\r\n'), headers: { 'content-type': 'application/x-ndjson' } };
    case 'concatenated': return { body: Buffer.from(lines.join('')), headers: { 'content-type': 'application/json' } };
    case 'concatenated-newline': return { body: Buffer.from(lines.join('\n')), headers: { 'content-type': 'application/json' } };
    case 'fluent-bit-json': {
      const withDate = events.map((e, i) => ({ date: 1748822258.104512 + i, ...e }));
      return { body: Buffer.from(JSON.stringify(withDate)), headers: { 'content-type': 'application/json', 'user-agent': 'Fluent-Bit' } };
    }
    case 'msgpack': return { body: Buffer.concat(events.map((e) => pack(e))), headers: { 'content-type': 'application/msgpack' } };
    case 'form-json': return { body: Buffer.from(`json=${encodeURIComponent(JSON.stringify(events))}`), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    case 'form-ndjson': return { body: Buffer.from(`ndjson=${encodeURIComponent(lines.join('\n'))}`), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
}

export function encode(body: Buffer, encoding: Encoding): { body: Buffer; headers: Record<string, string> } {
  switch (encoding) {
    case 'identity': return { body, headers: {} };
    case 'gzip': return { body: gzipSync(body), headers: { 'content-encoding': 'gzip' } };
    case 'gzip-multi': {
      const half = Math.floor(body.length / 2);
      return { body: Buffer.concat([gzipSync(body.subarray(0, half)), gzipSync(body.subarray(half))]), headers: { 'content-encoding': 'gzip' } };
    }
    case 'deflate': return { body: deflateSync(body), headers: { 'content-encoding': 'deflate' } };
    // Node 20 cannot compress zstd; a frame of stored blocks is valid zstd that every decoder must read.
    case 'zstd': return { body: zstdStoredFrame(body), headers: { 'content-encoding': 'zstd' } };
    case 'snappy': return { body: Buffer.from(snappy.compress(body)), headers: { 'content-encoding': 'snappy' } };
  }
}

/** POSTs to the source's webhook URL (path token), plus an optional suffix such as `/events.log`. */
export const postToWebhook = (app: FastifyInstance, token: string, payload: { body: Buffer; headers: Record<string, string> }, suffix = '') =>
  app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}${suffix}`, payload: payload.body, headers: payload.headers });
