import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createGzip } from 'node:zlib';
import { loadCorpus } from '../../../test/support/corpus.js';
import { readObjectRecords } from '../src/objects/index.js';
import { generatedObjectSource } from './support/memory-object-source.js';

const EVENTS = 200_000;
const LINES_PER_CHUNK = 500;
const HEAP_LIMIT_BYTES = 150 * 1024 * 1024;
// What stays reachable while reading: a few batches and the decoder's window (about 30 MiB measured).
const LIVE_LIMIT_BYTES = 64 * 1024 * 1024;
const corpus = loadCorpus().map(({ event }) => event);
// About 1.9 KB a line, so the object inflates to far more than the heap limit.
const padding = 'audit '.repeat(250);

// What the reader keeps alive is what is bounded; how much garbage V8 lets pile up before collecting differs
// between Node versions (Node 24 collects later than 20), so the bound is checked right after a full collection.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const GC_EVERY_BATCHES = 20;

/** NDJSON produced a few hundred lines at a time, never held whole; counts what it produced. */
function* ndjsonChunks(stats: { bytes: number }): Generator<Buffer> {
  for (let start = 0; start < EVENTS; start += LINES_PER_CHUNK) {
    let text = '';
    for (let i = start; i < start + LINES_PER_CHUNK; i += 1) {
      text += JSON.stringify({ ...corpus[i % corpus.length], uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, padding }) + '\n';
    }
    const chunk = Buffer.from(text);
    stats.bytes += chunk.length;
    yield chunk;
  }
}

async function* gzipped(stats: { bytes: number }): AsyncGenerator<Uint8Array> {
  yield* Readable.from(ndjsonChunks(stats)).pipe(createGzip({ level: 1 }));
}

test('a gzip NDJSON object of 200,000 events far bigger than the heap limit streams in bounded memory', async (t) => {
  // One pass to learn the compressed size, as S3 would report it; the read below generates it again.
  let size = 0;
  for await (const chunk of gzipped({ bytes: 0 })) size += chunk.length;

  const produced = { bytes: 0 };
  const source = generatedObjectSource({ size, chunks: () => gzipped(produced) });
  let records = 0;
  let bad = 0;
  let maxHeap = 0;
  let maxHeapAndBuffers = 0;
  let maxLive = 0;
  let batches = 0;
  let lastUid = '';
  for await (const batch of readObjectRecords(source, { maxRecordBytes: 1024 * 1024, batchSize: 500, maxObjectBytes: 1024 * 1024 * 1024 })) {
    assert.equal(batch.format, 'ndjson');
    records += batch.records.length;
    bad += batch.bad.length;
    lastUid = String(batch.records.at(-1)?.record.uid ?? lastUid);
    // heapUsed misses Buffers (they live outside the V8 heap), so their total is sampled too.
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    maxHeap = Math.max(maxHeap, heapUsed);
    maxHeapAndBuffers = Math.max(maxHeapAndBuffers, heapUsed + arrayBuffers);
    batches += 1;
    if (batches % GC_EVERY_BATCHES === 0) {
      collectGarbage();
      const live = process.memoryUsage();
      maxLive = Math.max(maxLive, live.heapUsed + live.arrayBuffers);
    }
  }
  t.diagnostic(`compressed ${(size / 2 ** 20).toFixed(1)} MiB, uncompressed ${(produced.bytes / 2 ** 20).toFixed(0)} MiB, max heapUsed ${(maxHeap / 2 ** 20).toFixed(1)} MiB, max heapUsed + arrayBuffers ${(maxHeapAndBuffers / 2 ** 20).toFixed(1)} MiB, live after a collection at most ${(maxLive / 2 ** 20).toFixed(1)} MiB`);
  assert.equal(records, EVENTS);
  assert.equal(bad, 0);
  assert.equal(lastUid, `00000000-0000-4000-8000-${String(EVENTS - 1).padStart(12, '0')}`);
  assert.ok(produced.bytes > 2 * HEAP_LIMIT_BYTES, `only ${produced.bytes} bytes were generated`);
  assert.ok(batches >= GC_EVERY_BATCHES * 10, 'the live set was measured throughout the read');
  assert.ok(maxLive < LIVE_LIMIT_BYTES, `heapUsed + arrayBuffers still held after a collection reached ${maxLive} bytes`);
});
