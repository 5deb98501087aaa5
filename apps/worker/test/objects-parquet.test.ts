import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCorpus } from '../../../test/support/corpus.js';
import { UnreadableObjectError } from '../src/objects/index.js';
import { memoryObjectSource } from './support/memory-object-source.js';
import { readAll } from './support/read-all.js';
import { teleportParquet, withUids } from './support/teleport-parquet.js';

const corpus = withUids(loadCorpus().map(({ event }) => event));

test('a Teleport Parquet object gives back all 340 corpus events verbatim and in order, in bounded batches', async () => {
  assert.equal(corpus.length, 340);
  const source = memoryObjectSource(teleportParquet(corpus, { rowGroupSize: 50 }));
  const { batches, records, bad, formats } = await readAll(source, { batchSize: 64 });
  assert.deepEqual(bad, []);
  assert.deepEqual([...formats], ['parquet']);
  assert.deepEqual(records.map((r) => r.record), corpus);
  // 7 row groups of 50 regrouped into full batches of 64, the last one partial.
  assert.deepEqual(batches.map((b) => b.records.length), [64, 64, 64, 64, 64, 20]);
  assert.ok(records.every((r) => r.containerTime === null && r.forwarderKeys.length === 0));
});

test('Parquet is read with ranged reads only: footer first, never the whole object, never a stream', async () => {
  const bytes = teleportParquet(corpus, { rowGroupSize: 50 });
  const source = memoryObjectSource(bytes);
  await readAll(source);
  assert.equal(source.calls.streams, 0);
  assert.ok(source.calls.slices.length > 3, `expected many slices, got ${source.calls.slices.length}`);
  for (const { start, end } of source.calls.slices) {
    assert.ok(end - start < bytes.length, `slice ${start}-${end} reads the whole ${bytes.length}-byte object`);
  }
  const footerRead = source.calls.slices[1];
  assert.equal(footerRead?.end, bytes.length, 'the read after sniffing is the footer');
});

test('columns are read by name, whatever their order in the file', async () => {
  const events = corpus.slice(0, 20);
  const source = memoryObjectSource(teleportParquet(events, { columns: ['event_data', 'user', 'uid', 'event_time', 'session_id', 'event_type'] }));
  const { records } = await readAll(source);
  assert.deepEqual(records.map((r) => r.record), events);
});

test('event_time becomes containerTime only for an event_data without its own time', async () => {
  const [withTime, other] = corpus;
  const withoutTime = { ...other };
  delete withoutTime.time;
  const columnTime = new Date('2024-05-01T10:00:00.123Z');
  const source = memoryObjectSource(teleportParquet([withTime!, withoutTime], { eventTime: () => columnTime }));
  const { records } = await readAll(source);
  assert.equal(records[0]?.containerTime, null);
  assert.deepEqual(records[1]?.containerTime, columnTime);
  assert.deepEqual(records[1]?.record, withoutTime, 'the record itself is left as written');
});

test('an event_data that is not a JSON object is a bad record and its neighbours are kept', async () => {
  const events = corpus.slice(0, 4);
  const data = ['{"event":"broken",', '[1,2]'];
  const source = memoryObjectSource(teleportParquet(events, { eventData: (e) => (e === events[1] ? data[0]! : e === events[2] ? data[1]! : JSON.stringify(e)) }));
  const { records, bad } = await readAll(source);
  assert.deepEqual(records.map((r) => r.record), [events[0], events[3]]);
  assert.deepEqual(bad.map((b) => [b.reason, b.location, b.bytes.toString()]), [
    ['body.invalid_json', 'row 1', data[0]],
    ['record.not_object', 'row 2', data[1]],
  ]);
});

test('an event_data over maxRecordBytes is record.too_large, with its bytes capped', async () => {
  const huge = { ...corpus[0], padding: 'x'.repeat(200_000) };
  const events = [corpus[1]!, huge, corpus[2]!];
  const { records, bad } = await readAll(memoryObjectSource(teleportParquet(events)), { maxRecordBytes: 100_000 });
  assert.deepEqual(records.map((r) => r.record), [corpus[1], corpus[2]]);
  assert.equal(bad.length, 1);
  assert.equal(bad[0]?.reason, 'record.too_large');
  assert.equal(bad[0]?.location, 'row 1');
  assert.equal(bad[0]?.bytes.length, 64 * 1024);
});

test('a Parquet file without an event_data column is a schema_mismatch', async () => {
  const source = memoryObjectSource(teleportParquet(corpus.slice(0, 5), { columns: ['event_type', 'event_time', 'uid'] }));
  await assert.rejects(readAll(source), (err: unknown) => err instanceof UnreadableObjectError && err.reason === 'schema_mismatch');
});

test('a truncated Parquet file is corrupt_parquet', async () => {
  const bytes = teleportParquet(corpus.slice(0, 50));
  await assert.rejects(readAll(memoryObjectSource(bytes.subarray(0, bytes.length - 100))),
    (err: unknown) => err instanceof UnreadableObjectError && err.reason === 'corrupt_parquet');
});

test('a Parquet footer pointing outside the object is corrupt_parquet, without reading out of range', async () => {
  const bytes = teleportParquet(corpus.slice(0, 50));
  const broken = new Uint8Array(bytes);
  new DataView(broken.buffer).setUint32(broken.length - 8, 0x7fffffff, true);
  const source = memoryObjectSource(broken);
  await assert.rejects(readAll(source), (err: unknown) => err instanceof UnreadableObjectError && err.reason === 'corrupt_parquet');
  assert.ok(source.calls.slices.every(({ start, end }) => start >= 0 && end <= broken.length));
});

test('a Parquet file with garbled data pages is corrupt_parquet', async () => {
  const bytes = new Uint8Array(teleportParquet(corpus.slice(0, 50)));
  for (let i = 4; i < bytes.length / 2; i += 1) bytes[i] = (i * 7919) & 0xff;
  await assert.rejects(readAll(memoryObjectSource(bytes)), (err: unknown) => err instanceof UnreadableObjectError && err.reason === 'corrupt_parquet');
});

test('a failing ranged read is rethrown as it is, for the job to retry, not called corrupt', async () => {
  const source = memoryObjectSource(teleportParquet(corpus.slice(0, 50)));
  const throttled = Object.assign(new Error('Slow Down'), { name: 'SlowDown' });
  let reads = 0;
  const flaky = { ...source, slice: async (start: number, end: number) => (++reads > 2 ? Promise.reject(throttled) : source.slice(start, end)) };
  await assert.rejects(readAll(flaky), (err: unknown) => err === throttled);
});
