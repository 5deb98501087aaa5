import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { compress as snappyCompress } from 'snappyjs';
import { PayloadTooLargeError } from '../src/ingest/index.js';
import { decode, zstdStoredFrame } from './ingest-support.js';

const MB = 1024 * 1024;
const EVENTS = '{"event":"user.login","uid":"u-1"}\n{"event":"user.logout","uid":"u-2"}\n';

function assertTooLarge({ run, limitBytes, withinMs = 2_000 }: { run: () => unknown; limitBytes: number; withinMs?: number }) {
  const started = performance.now();
  assert.throws(run, (error: unknown) => error instanceof PayloadTooLargeError && error.limitBytes === limitBytes);
  assert.ok(performance.now() - started < withinMs, 'the bomb must be stopped early, not inflated');
}

/** A zstd frame with no content size whose RLE blocks each regenerate 128 KiB from one stored byte. */
function zstdRleBomb({ blocks }: { blocks: number }): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (17 - 10) << 3]); // no FCS, 128 KiB window
  const parts = [header];
  for (let i = 0; i < blocks; i += 1) {
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE(((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0), 0, 3);
    parts.push(blockHeader, Buffer.from([0x20]));
  }
  return Buffer.concat(parts);
}

test('the zstd test helper builds frames that fzstd itself decodes', () => {
  const content = Buffer.from('x'.repeat(300 * 1024));
  assert.deepEqual(Buffer.from(zstdDecompress(zstdStoredFrame(content))), content);
  assert.deepEqual(Buffer.from(zstdDecompress(zstdStoredFrame(Buffer.alloc(0)))), Buffer.alloc(0));
});

test('a gzip bomb (50 MB of zeros) is stopped at a 10 MB cap without inflating it', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(50 * MB));
  assertTooLarge({ run: () => decode({ body: bomb, contentEncoding: 'gzip' }, { maxDecompressedBytes: 10 * MB }), limitBytes: 10 * MB });
});

test('a gzip bomb without Content-Encoding is sniffed and stopped the same way', () => {
  const bomb = zlib.gzipSync(Buffer.alloc(50 * MB));
  assertTooLarge({ run: () => decode({ body: bomb, contentType: 'application/json' }, { maxDecompressedBytes: 10 * MB }), limitBytes: 10 * MB });
});

test('deflate bombs are capped in both the zlib and the raw form', () => {
  const zeros = Buffer.alloc(50 * MB);
  for (const body of [zlib.deflateSync(zeros), zlib.deflateRawSync(zeros)]) {
    assertTooLarge({ run: () => decode({ body, contentEncoding: 'deflate' }, { maxDecompressedBytes: 10 * MB }), limitBytes: 10 * MB });
  }
});

test('a zstd stream with no declared size is aborted once its output passes the cap', () => {
  const bomb = zstdRleBomb({ blocks: 400 }); // 50 MiB from about 1.6 KB
  assertTooLarge({ run: () => decode({ body: bomb, contentEncoding: 'zstd' }, { maxDecompressedBytes: 10 * MB }), limitBytes: 10 * MB });
});

test('a zstd frame declaring more content than the cap is refused before decoding', () => {
  const frame = zstdStoredFrame(Buffer.alloc(2048, 0x20));
  assertTooLarge({ run: () => decode({ body: frame, contentEncoding: 'zstd' }, { maxDecompressedBytes: 1024 }), limitBytes: 1024 });
});

test('a zstd frame header asking for a huge window is refused before anything is allocated', () => {
  // Window descriptor 0xf8: 2^41 bytes; fzstd would try to allocate it up front.
  const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]);
  assertTooLarge({ run: () => decode({ body: frame, contentEncoding: 'zstd' }), limitBytes: 10 * MB });
});

test('a snappy header claiming more than the cap is refused before decompressing', () => {
  const claim = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08, 0x00]); // varint 2^31
  assertTooLarge({ run: () => decode({ body: claim, contentEncoding: 'snappy' }), limitBytes: 10 * MB });
});

test('an uncompressed body over the decompressed cap is too large as well', () => {
  assertTooLarge({ run: () => decode({ body: Buffer.alloc(2048, 0x20) }, { maxDecompressedBytes: 1024 }), limitBytes: 1024 });
});

test('an unknown Content-Encoding quarantines the whole raw body instead of failing the request', () => {
  for (const header of ['br', 'gzip, br', 'compress']) {
    const body = Buffer.from('\x0b\x02\x80{"event":"x"}\x03', 'latin1');
    const result = decode({ body, contentEncoding: header });
    assert.deepEqual(result.records, []);
    assert.equal(result.quarantined.length, 1);
    assert.equal(result.quarantined[0]?.reason, 'body.unsupported_encoding');
    assert.deepEqual(result.quarantined[0]?.bytes, body);
    assert.equal(result.quarantined[0]?.context, null);
    assert.equal(result.framing, 'empty');
    assert.equal(result.decompressedBytes, 0);
  }
});

test('Content-Encoding names are case-insensitive and identity is a no-op', () => {
  const body = zlib.gzipSync(EVENTS);
  for (const header of ['GZIP', ' x-gzip ', 'identity, gzip', 'gzip,identity']) {
    assert.equal(decode({ body, contentEncoding: header, contentType: 'application/x-ndjson' }).records.length, 2, header);
  }
});

test('stacked encodings are undone last-applied first', () => {
  const body = zlib.gzipSync(Buffer.from(snappyCompress(Buffer.from(EVENTS))));
  assert.equal(decode({ body, contentEncoding: 'snappy, gzip' }).records.length, 2);
});

test('corrupt compressed data is quarantined whole with the raw bytes', () => {
  const gzip = zlib.gzipSync(EVENTS);
  const cases = [
    { header: 'gzip', body: gzip.subarray(0, gzip.length - 9) },
    { header: 'gzip', body: Buffer.concat([gzip, Buffer.from('trailing garbage')]) },
    { header: 'deflate', body: Buffer.from('not deflate at all') },
    { header: 'zstd', body: Buffer.from('not zstd at all') },
    { header: 'zstd', body: zstdStoredFrame(Buffer.from(EVENTS)).subarray(0, 20) },
    { header: 'snappy', body: Buffer.from([0x0a, 0xff, 0xff, 0xff]) },
  ];
  for (const { header, body } of cases) {
    const result = decode({ body, contentEncoding: header });
    assert.deepEqual(result.records, [], header);
    assert.equal(result.quarantined.length, 1, header);
    assert.equal(result.quarantined[0]?.reason, 'body.corrupt_compression', header);
    assert.deepEqual(result.quarantined[0]?.bytes, body, header);
    assert.match(result.quarantined[0]?.message ?? '', new RegExp(`^${header}: `));
  }
});

test('zstd skippable frames are ignored', () => {
  const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 0x03, 0x00, 0x00, 0x00, 0xaa, 0xbb, 0xcc]);
  const body = Buffer.concat([skippable, zstdStoredFrame(Buffer.from(EVENTS))]);
  assert.equal(decode({ body, contentEncoding: 'zstd' }).records.length, 2);
});

test('a zstd body without Content-Encoding is recognised by its magic number', () => {
  assert.equal(decode({ body: zstdStoredFrame(Buffer.from(EVENTS)), contentType: 'application/json' }).records.length, 2);
});

test('decompressedBytes reports the inflated size', () => {
  const result = decode({ body: zlib.gzipSync(EVENTS), contentEncoding: 'gzip' });
  assert.equal(result.decompressedBytes, Buffer.byteLength(EVENTS));
});

test('a quarantined part of a compressed body carries the decompressed bytes', () => {
  const text = '{"event":"a"}\nnot json\n{"event":"b"}\n';
  const result = decode({ body: zlib.gzipSync(text), contentEncoding: 'gzip', contentType: 'application/x-ndjson' });
  assert.equal(result.records.length, 2);
  assert.deepEqual(result.quarantined.map(({ bytes }) => bytes.toString()), ['not json']);
});
