import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { sniffContainer } from '../src/s3/index.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

test('Parquet is recognised by its PAR1 magic', () => {
  assert.equal(sniffContainer(Buffer.from('PAR1\x15\x00\x15\x00')), 'parquet');
});

test('gzip written by zlib is recognised, and its content sniffs again after inflating', () => {
  const gz = zlib.gzipSync(Buffer.from('PAR1rest'));
  assert.equal(sniffContainer(gz), 'gzip');
  assert.equal(sniffContainer(zlib.gunzipSync(gz)), 'parquet');
});

test('zstd and framed snappy are recognised by their magic bytes', () => {
  assert.equal(sniffContainer(bytes(0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00)), 'zstd');
  assert.equal(sniffContainer(bytes(0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 0x01)), 'snappy-framed');
});

test('JSON, NDJSON, Fluentd lines, a BOM and empty or truncated input are plain', () => {
  const plain = [
    Buffer.from('[{"event":"user.login"}]'),
    Buffer.from('{"event":"user.login"}\n{"event":"session.start"}\n'),
    Buffer.from('2024-05-01T12:00:01+00:00\ttest.log\t{"event":"user.login"}\n'),
    bytes(0xef, 0xbb, 0xbf, 0x7b),
    bytes(),
    bytes(0x50, 0x41, 0x52), // "PAR" without the 1
    bytes(0xff, 0x06, 0x00, 0x00, 0x73, 0x4e), // a snappy stream cut short
  ];
  for (const input of plain) assert.equal(sniffContainer(input), 'plain');
});
