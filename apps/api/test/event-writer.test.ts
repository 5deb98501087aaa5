import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeEvent, type NormalizedEvent } from '@tai/core';
import { eventKey, type EventBatchItem, type RefusedEvent } from '@tai/db';
import { createEventWriter, WriterOverloadedError } from '../src/modules/ingest/event-writer.js';

const event = (uid: string): NormalizedEvent => {
  const r = normalizeEvent({ event: 'user.login', uid, time: '2025-06-01T23:57:37.919Z', user: 'alice' }, { receivedAt: new Date() });
  assert.ok(r.ok);
  return r.event;
};

type Call = { tenantId: string; items: EventBatchItem[] };

/** A stand-in for the repository's commitBatch that records calls and keeps a set of stored keys. */
function fakeStore({ fail = () => false, refuse = () => false }: { fail?: (call: Call) => boolean; refuse?: (ev: NormalizedEvent) => boolean } = {}) {
  const calls: Call[] = [];
  const stored = new Set<string>();
  const commitBatch = async (call: Call & { receivedAt: Date }) => {
    calls.push(call);
    await new Promise((r) => setTimeout(r, 2));
    if (fail(call)) throw new Error('database unavailable');
    const insertedKeys = new Set<string>();
    const refused: RefusedEvent[] = [];
    for (const item of call.items) for (const ev of item.events) if (refuse(ev)) refused.push({ sourceId: item.sourceId, event: ev, sqlState: '22P02', message: 'bad' });
    for (const ev of call.items.flatMap((i) => i.events).filter((e) => !refuse(e))) {
      const key = eventKey(ev.dedupKey, ev.eventTime);
      if (!stored.has(key)) {
        stored.add(key);
        insertedKeys.add(key);
      }
    }
    return { insertedKeys, refused };
  };
  return { calls, stored, commitBatch };
}

const options = { maxBatchRows: 100, maxDelayMs: 5, maxConcurrentBatches: 2, maxPendingRows: 10_000, now: () => new Date() };

test('concurrent single-event requests are committed together in one batch', async () => {
  const store = fakeStore();
  const writer = createEventWriter({ ...options, commitBatch: store.commitBatch });
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => writer.write({ tenantId: 't1', sourceId: 's1', events: [event(`u${i}`)] })));
  assert.ok(results.every((r) => r.inserted === 1 && r.duplicates === 0));
  assert.equal(store.calls.length, 1);
  assert.equal(store.stored.size, 40);
});

test('a batch never mixes tenants, because each transaction carries one tenant context', async () => {
  const store = fakeStore();
  const writer = createEventWriter({ ...options, commitBatch: store.commitBatch });
  await Promise.all([
    writer.write({ tenantId: 't1', sourceId: 's1', events: [event('a')] }),
    writer.write({ tenantId: 't2', sourceId: 's2', events: [event('b')] }),
    writer.write({ tenantId: 't1', sourceId: 's3', events: [event('c')] }),
  ]);
  assert.deepEqual(store.calls.map((c) => c.tenantId).sort(), ['t1', 't2']);
  assert.equal(store.calls.find((c) => c.tenantId === 't1')!.items.length, 2);
});

test('the same event twice in one batch is stored once and reported as a duplicate to the later request', async () => {
  const store = fakeStore();
  const writer = createEventWriter({ ...options, commitBatch: store.commitBatch });
  const [first, second] = await Promise.all([
    writer.write({ tenantId: 't1', sourceId: 's1', events: [event('same')] }),
    writer.write({ tenantId: 't1', sourceId: 's1', events: [event('same'), event('other')] }),
  ]);
  assert.deepEqual(first, { inserted: 1, duplicates: 0, refused: [] });
  assert.deepEqual(second, { inserted: 1, duplicates: 1, refused: [] });
});

test('an event the database refuses comes back to its own request only; the rest of the batch is stored', async () => {
  const store = fakeStore({ refuse: (ev) => ev.uid === 'poison' });
  const writer = createEventWriter({ ...options, commitBatch: store.commitBatch });
  const poison = event('poison');
  const [mine, theirs] = await Promise.all([
    writer.write({ tenantId: 't1', sourceId: 's1', events: [event('a'), poison] }),
    writer.write({ tenantId: 't1', sourceId: 's2', events: [event('b')] }),
  ]);
  assert.equal(store.calls.length, 1, 'both requests shared one batch');
  assert.deepEqual({ ...mine, refused: mine.refused.map((r) => r.event) }, { inserted: 1, duplicates: 0, refused: [poison] });
  assert.deepEqual(theirs, { inserted: 1, duplicates: 0, refused: [] });
});

test('a full batch is committed without waiting, and large requests are never split', async () => {
  const store = fakeStore();
  const writer = createEventWriter({ ...options, maxBatchRows: 10, maxDelayMs: 10_000, commitBatch: store.commitBatch });
  const big = Array.from({ length: 25 }, (_, i) => event(`big${i}`));
  const result = await writer.write({ tenantId: 't1', sourceId: 's1', events: big });
  assert.equal(result.inserted, 25);
  assert.equal(store.calls.length, 1);
  assert.equal(store.calls[0]!.items[0]!.events.length, 25);
});

test('a failed batch fails only its own requests', async () => {
  const store = fakeStore({ fail: (call) => call.tenantId === 'bad' });
  const writer = createEventWriter({ ...options, commitBatch: store.commitBatch });
  const [good, bad] = await Promise.allSettled([
    writer.write({ tenantId: 'good', sourceId: 's1', events: [event('g')] }),
    writer.write({ tenantId: 'bad', sourceId: 's2', events: [event('b')] }),
  ]);
  assert.equal(good.status, 'fulfilled');
  assert.equal(bad.status, 'rejected');
  const after = await writer.write({ tenantId: 'good', sourceId: 's1', events: [event('g2')] });
  assert.equal(after.inserted, 1, 'the writer keeps working after a failure');
});

test('when too many rows are queued new requests are refused instead of queued without bound', async () => {
  const store = fakeStore();
  const writer = createEventWriter({ ...options, maxPendingRows: 5, maxDelayMs: 50, commitBatch: store.commitBatch });
  const queued = writer.write({ tenantId: 't1', sourceId: 's1', events: [event('1'), event('2'), event('3'), event('4')] });
  await assert.rejects(writer.write({ tenantId: 't1', sourceId: 's1', events: [event('5'), event('6')] }), WriterOverloadedError);
  assert.equal((await queued).inserted, 4);
  assert.equal((await writer.write({ tenantId: 't1', sourceId: 's1', events: [event('5'), event('6')] })).inserted, 2);
});

test('drain commits whatever is still queued', async () => {
  const store = fakeStore();
  const writer = createEventWriter({ ...options, maxDelayMs: 60_000, commitBatch: store.commitBatch });
  const pending = writer.write({ tenantId: 't1', sourceId: 's1', events: [event('late')] });
  await writer.drain();
  assert.equal((await pending).inserted, 1);
  assert.deepEqual(writer.stats(), { pendingRows: 0, inFlight: 0 });
});
