import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadCorpus } from '../../../test/support/corpus.js';
import { zstdStoredFrame } from '../../../test/support/zstd-frame.js';
import { readObjectRecords, UnreadableObjectError, type ObjectSource, type UnreadableReason } from '../src/objects/index.js';
import { memoryObjectSource } from './support/memory-object-source.js';
import { readAll } from './support/read-all.js';

const events = loadCorpus().map(({ event }) => event).slice(0, 20);
const ndjson = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
const unreadable = (reason: UnreadableReason) => (err: unknown) => err instanceof UnreadableObjectError && err.reason === reason;

test('a zero-byte object is one empty batch of format empty, read without a stream', async () => {
  const source = memoryObjectSource(new Uint8Array(0));
  const { batches } = await readAll(source);
  assert.deepEqual(batches, [{ records: [], bad: [], format: 'empty' }]);
  assert.equal(source.calls.streams, 0);
});

test('an object that decompresses to nothing but whitespace is empty too', async () => {
  for (const body of [gzipSync(''), gzipSync('\n\r\n  \n'), Buffer.from('\ufeff\n')]) {
    const { batches } = await readAll(memoryObjectSource(body));
    assert.deepEqual(batches, [{ records: [], bad: [], format: 'empty' }]);
  }
});

test('bad lines amid good NDJSON are reported with their line and the good ones kept', async () => {
  const good = events.slice(0, 4).map((e) => JSON.stringify(e));
  const body = [good[0], '{"event":"user.login",', 'not json', good[1], '[1,2]', '', '42', `${good[2]}{"oops`, good[3]].join('\n');
  const { records, bad } = await readAll(memoryObjectSource(gzipSync(body)));
  assert.deepEqual(records.map((r) => r.record), events.slice(0, 4));
  assert.deepEqual(bad.map((b) => [b.reason, b.location, b.bytes.toString()]), [
    ['body.invalid_json', 'line 2', '{"event":"user.login",'],
    ['body.invalid_json', 'line 3', 'not json'],
    ['record.not_object', 'line 5', '[1,2]'],
    ['record.not_object', 'line 7', '42'],
    ['body.invalid_json', 'line 8 value 2', '{"oops'],
  ]);
});

test('a broken first line does not swallow the NDJSON after it', async () => {
  const body = ['{"event":"user.login","cut":', ...events.slice(0, 3).map((e) => JSON.stringify(e))].join('\n');
  const { records, bad, formats } = await readAll(memoryObjectSource(Buffer.from(body), { chunkSize: 10 }));
  assert.deepEqual([...formats], ['ndjson']);
  assert.deepEqual(records.map((r) => r.record), events.slice(0, 3));
  assert.deepEqual(bad.map((b) => [b.reason, b.location]), [['body.invalid_json', 'line 1']]);
});

test('bad elements of a JSON array are reported by index and the rest kept', async () => {
  const body = `[${JSON.stringify(events[0])}, nope, "text", ${JSON.stringify(events[1])}, {"cut": `;
  const { records, bad, formats } = await readAll(memoryObjectSource(Buffer.from(body), { chunkSize: 64 }));
  assert.deepEqual([...formats], ['json-array']);
  assert.deepEqual(records.map((r) => r.record), events.slice(0, 2));
  assert.deepEqual(bad.map((b) => [b.reason, b.location]), [
    ['body.invalid_json', 'element 1'],
    ['record.not_object', 'element 2'],
    ['body.invalid_json', 'element 4'],
  ]);
});

test('a record over maxRecordBytes is record.too_large in every layout, capped, and reading goes on', async () => {
  const huge = { ...events[0], padding: 'y'.repeat(300_000) };
  const layouts = {
    ndjson: [events[1], huge, events[2]].map((e) => JSON.stringify(e)).join('\n'),
    'json-array': JSON.stringify([events[1], huge, events[2]]),
    'concatenated-json': [events[1], huge, events[2]].map((e) => JSON.stringify(e, null, 1)).join('\n'),
    'fluentd-tsv': [events[1], huge, events[2]].map((e) => `2024-05-01T10:00:00Z\ttest.log\t${JSON.stringify(e)}`).join('\n'),
  };
  for (const [format, body] of Object.entries(layouts)) {
    const { records, bad, formats } = await readAll(memoryObjectSource(gzipSync(body), { chunkSize: 8192 }), { maxRecordBytes: 100_000 });
    assert.deepEqual([...formats], [format]);
    assert.deepEqual(records.map((r) => r.record), [events[1], events[2]], format);
    assert.equal(bad.length, 1, format);
    assert.equal(bad[0]?.reason, 'record.too_large', format);
    assert.equal(bad[0]?.bytes.length, 64 * 1024, format);
    assert.match(bad[0]?.message ?? '', /over the 100000-byte limit/);
  }
});

test('truncated or corrupt gzip is corrupt_compression', async () => {
  const gz = gzipSync(ndjson);
  await assert.rejects(readAll(memoryObjectSource(gz.subarray(0, gz.length - 30))), unreadable('corrupt_compression'));
  const garbled = Buffer.from(gz);
  garbled.fill(0xaa, 40, 80);
  await assert.rejects(readAll(memoryObjectSource(garbled)), unreadable('corrupt_compression'));
});

test('truncated or corrupt zstd is corrupt_compression', async () => {
  const frame = zstdStoredFrame(Buffer.from(ndjson));
  await assert.rejects(readAll(memoryObjectSource(frame.subarray(0, frame.length - 10))), unreadable('corrupt_compression'));
  const trailingGarbage = Buffer.concat([frame, Buffer.from('garbage after the frame')]);
  await assert.rejects(readAll(memoryObjectSource(trailingGarbage)), unreadable('corrupt_compression'));
});

test('a zstd frame asking for a huge window is refused before anything is allocated', async () => {
  // Single-segment frame declaring 1 GiB of content, hence a 1 GiB window.
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0, 0, 0, 0x40, 0x01, 0, 0]);
  await assert.rejects(readAll(memoryObjectSource(header)), unreadable('too_large'));
});

test('an object over maxObjectBytes is too_large before any read', async () => {
  const source = memoryObjectSource(gzipSync(ndjson));
  await assert.rejects(readAll(source, { maxObjectBytes: 10 }), unreadable('too_large'));
  assert.deepEqual(source.calls, { slices: [], streams: 0 });
});

test('binary garbage, framed snappy and stray text are unknown_format', async () => {
  const garbage = [
    Buffer.from([0x00, 0x01, 0x02, 0xfe, 0x80, 0x81, 0x0a]),
    Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 0x01]),
    gzipSync('hello, this is a plain log line\n{"event":"x"}\n'),
  ];
  for (const body of garbage) await assert.rejects(readAll(memoryObjectSource(body)), unreadable('unknown_format'));
});

test('a failing source stream is rethrown as it is, not called corrupt', async () => {
  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  for (const body of [Buffer.from(ndjson), gzipSync(ndjson)]) {
    const source = memoryObjectSource(body, { chunkSize: 50 });
    const failing: ObjectSource = {
      ...source,
      async stream() {
        const inner = await source.stream();
        return (async function* () {
          let n = 0;
          for await (const chunk of inner as AsyncIterable<Uint8Array>) {
            if (++n === 3) throw reset;
            yield chunk;
          }
        })();
      },
    };
    await assert.rejects(readAll(failing), (err: unknown) => err === reset);
  }
});

test('stopping early releases the stream', async () => {
  let closed = false;
  const source = memoryObjectSource(gzipSync(ndjson.repeat(50)), { chunkSize: 256 });
  const tracked: ObjectSource = {
    ...source,
    async stream() {
      const inner = (await source.stream()) as AsyncGenerator<Uint8Array>;
      return (async function* () {
        try {
          yield* inner;
        } finally {
          closed = true;
        }
      })();
    },
  };
  for await (const batch of readObjectRecords(tracked, { maxRecordBytes: 1 << 20, batchSize: 10, maxObjectBytes: 1 << 30 })) {
    assert.equal(batch.records.length, 10);
    break;
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(closed, true);
});
