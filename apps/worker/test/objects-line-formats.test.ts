import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadCorpus } from '../../../test/support/corpus.js';
import { zstdStoredFrame } from '../../../test/support/zstd-frame.js';
import { parseFluentdTime } from '../src/objects/fluentd-tsv.js';
import { memoryObjectSource } from './support/memory-object-source.js';
import { readAll } from './support/read-all.js';

const corpus = loadCorpus();
const events = corpus.map(({ event }) => event);
const ndjson = corpus.map(({ text }) => text).join('\n') + '\n';
const thirds = [events.slice(0, 100), events.slice(100, 250), events.slice(250)];
const lines = (part: Record<string, unknown>[]) => part.map((e) => JSON.stringify(e)).join('\n') + '\n';
const plainRecords = (records: { record: unknown; containerTime: Date | null; forwarderKeys: string[] }[]) => {
  assert.ok(records.every((r) => r.containerTime === null && r.forwarderKeys.length === 0));
  return records.map((r) => r.record);
};

test('gzip NDJSON gives back every corpus event in order', async () => {
  const { records, bad, formats } = await readAll(memoryObjectSource(gzipSync(ndjson), { chunkSize: 4096 }), { batchSize: 50 });
  assert.deepEqual(bad, []);
  assert.deepEqual([...formats], ['ndjson']);
  assert.deepEqual(plainRecords(records), events);
});

test('multi-member gzip is read through every member', async () => {
  const body = Buffer.concat(thirds.map((part) => gzipSync(lines(part))));
  const { records, bad } = await readAll(memoryObjectSource(body, { chunkSize: 1000 }));
  assert.deepEqual(bad, []);
  assert.deepEqual(plainRecords(records), events);
});

test('zstd with several frames (stored blocks, a skippable frame, a checksum) is read whole', async () => {
  const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
  const withChecksum = Buffer.from(zstdStoredFrame(Buffer.from(lines(thirds[2]!))));
  withChecksum[4] = (withChecksum[4] ?? 0) | 0x04; // content checksum flag: 4 trailing bytes fzstd skips
  const body = Buffer.concat([zstdStoredFrame(Buffer.from(lines(thirds[0]!))), skippable, zstdStoredFrame(Buffer.from(lines(thirds[1]!))), withChecksum, Buffer.from([0, 0, 0, 0])]);
  const { records, bad, formats } = await readAll(memoryObjectSource(body, { chunkSize: 997 }));
  assert.deepEqual(bad, []);
  assert.deepEqual([...formats], ['ndjson']);
  assert.deepEqual(plainRecords(records), events);
});

test('a plain JSON array is streamed element by element, whatever the chunking', async () => {
  for (const body of [JSON.stringify(events), JSON.stringify(events, null, 2)]) {
    const { records, bad, formats } = await readAll(memoryObjectSource(Buffer.from(body), { chunkSize: 333 }));
    assert.deepEqual(bad, []);
    assert.deepEqual([...formats], ['json-array']);
    assert.deepEqual(plainRecords(records), events);
  }
});

test('concatenated objects with no separator, or several per line, are split', async () => {
  const glued = events.map((e) => JSON.stringify(e)).join('');
  const paired = events.map((e, i) => JSON.stringify(e) + (i % 2 === 0 ? ' ' : '\n')).join('');
  for (const body of [glued, paired]) {
    const { records, bad, formats } = await readAll(memoryObjectSource(Buffer.from(body), { chunkSize: 512 }));
    assert.deepEqual(bad, []);
    assert.deepEqual([...formats], ['concatenated-json']);
    assert.deepEqual(plainRecords(records), events);
  }
});

test('pretty-printed objects one after another are read as a stream of values', async () => {
  const body = events.map((e) => JSON.stringify(e, null, 2)).join('\n');
  const { records, bad, formats } = await readAll(memoryObjectSource(gzipSync(body), { chunkSize: 700 }));
  assert.deepEqual(bad, []);
  assert.deepEqual([...formats], ['concatenated-json']);
  assert.deepEqual(plainRecords(records), events);
});

test('CRLF, blank lines, a BOM and a missing final newline are tolerated', async () => {
  const body = '\ufeff' + events.map((e) => JSON.stringify(e)).join('\r\n\r\n');
  const { records, bad, formats } = await readAll(memoryObjectSource(Buffer.from(body), { chunkSize: 100 }));
  assert.deepEqual(bad, []);
  assert.deepEqual([...formats], ['ndjson']);
  assert.deepEqual(plainRecords(records), events);
});

test('Fluentd out_file TSV lines give the record and the time column as containerTime', async () => {
  const [first, second] = events;
  const withoutTime = { ...second };
  delete withoutTime.time;
  const body = [
    `2024-05-01T10:00:00+00:00\ttest.log\t${JSON.stringify(first)}`,
    `2024-05-01T12:30:05+0200\tsession.abc.log\t${JSON.stringify(withoutTime)}`,
    '',
  ].join('\n');
  const { records, bad, formats } = await readAll(memoryObjectSource(gzipSync(body)));
  assert.deepEqual(bad, []);
  assert.deepEqual([...formats], ['fluentd-tsv']);
  assert.deepEqual(records.map((r) => r.record), [first, withoutTime]);
  assert.deepEqual(records.map((r) => r.containerTime?.toISOString()), ['2024-05-01T10:00:00.000Z', '2024-05-01T10:30:05.000Z']);
  assert.deepEqual(records.map((r) => r.forwarderKeys), [[], []]);
});

test('a Fluentd TSV line without the time/tag columns is a bad line, and the rest are kept', async () => {
  const body = [
    `2024-05-01T10:00:00+00:00\ttest.log\t${JSON.stringify(events[0])}`,
    JSON.stringify(events[1]),
    `2024-05-01T10:00:01+00:00\ttest.log\t${JSON.stringify(events[2])}`,
  ].join('\n');
  const { records, bad } = await readAll(memoryObjectSource(Buffer.from(body)));
  assert.deepEqual(records.map((r) => r.record), [events[0], events[2]]);
  assert.deepEqual(bad.map((b) => [b.reason, b.location]), [['body.invalid_line', 'line 2']]);
});

test("Fluent Bit json_lines keep their `date` in the record but flag it as a forwarder key", async () => {
  const withDate = events.slice(0, 3).map((e, i) => ({ date: 1714557600.123 + i, ...e }));
  const notTeleport = { date: 1714557600, message: 'no event key, so date is not trusted as Fluent Bit' };
  const body = [...withDate, notTeleport].map((r) => JSON.stringify(r)).join('\n');
  const { records } = await readAll(memoryObjectSource(Buffer.from(body)));
  assert.deepEqual(records.map((r) => r.record), [...withDate, notTeleport]);
  assert.deepEqual(records.map((r) => r.forwarderKeys), [['date'], ['date'], ['date'], []]);
});

test('Fluentd time columns parse with or without a zone colon; no zone means UTC; garbage means no time', () => {
  assert.equal(parseFluentdTime('2024-05-01T10:00:00+00:00')?.toISOString(), '2024-05-01T10:00:00.000Z');
  assert.equal(parseFluentdTime('2024-05-01T12:00:00.250+0200')?.toISOString(), '2024-05-01T10:00:00.250Z');
  assert.equal(parseFluentdTime('2024-05-01T10:00:00Z')?.toISOString(), '2024-05-01T10:00:00.000Z');
  assert.equal(parseFluentdTime('2024-05-01T10:00:00')?.toISOString(), '2024-05-01T10:00:00.000Z');
  assert.equal(parseFluentdTime('2024-05-01Tnonsense'), null);
});
