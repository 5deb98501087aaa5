import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMicroTime } from '../src/time/micro-time.js';
import { normalizeEvent, type NormalizedEvent } from '../src/events/index.js';
import { loadCorpus } from '../../../test/support/corpus.js';
import { RECEIVED_AT } from './normalize-support.js';

const corpus = loadCorpus();
const normalized = corpus.map(({ file, line, event }) => ({ file, line, result: normalizeEvent(event, { receivedAt: RECEIVED_AT }) }));
const events = normalized.flatMap(({ result }) => (result.ok ? [result.event] : []));

/** Share of events where `pick` is non-null, in percent with one decimal, as event-schema.md §4.1 quotes it. */
const fillRate = (pick: (event: NormalizedEvent) => unknown) =>
  Math.round((1000 * events.filter((event) => pick(event) !== null).length) / events.length) / 10;

test('the corpus holds the 340 sample events', () => {
  assert.equal(corpus.length, 340);
});

test('every sample event normalizes, with a non-empty dedup key and a valid event time', () => {
  for (const { file, line, result } of normalized) {
    assert.ok(result.ok, `${file}:${line} refused: ${!result.ok ? result.message : ''}`);
    assert.ok(result.event.dedupKey.length > 0, `${file}:${line} has an empty dedup key`);
    assert.match(result.event.dedupKey, /^(uid|sess|sha256):./);
    assert.ok(isMicroTime(result.event.eventTime), `${file}:${line} has an invalid event time`);
  }
});

test('normalizing leaves every sample event unchanged', () => {
  for (const { text, event } of corpus) assert.deepEqual(event, JSON.parse(text));
});

test('fill rates match event-schema.md §4.1', () => {
  assert.equal(fillRate((e) => e.eventType), 100);
  assert.equal(fillRate((e) => e.eventCode), 92.9);
  assert.equal(fillRate((e) => e.actor), 82.1);
  assert.equal(fillRate((e) => (e.actorPath === 'user' ? e.actor : null)), 75);
  assert.equal(fillRate((e) => e.uid), 78.8);
  assert.equal(fillRate((e) => e.clusterName), 58.5);
  assert.equal(fillRate((e) => e.sessionId), 33.2);
  assert.equal(fillRate((e) => e.success), 23.5);
  assert.equal(fillRate((e) => e.remoteIp), 22.6);
});

test('336 sample times are usable: one invalid and three Go zero times fall back to received_at', () => {
  const fellBack = events.filter((e) => e.timeFromReceivedAt);
  assert.equal(events.length - fellBack.length, 336);
  assert.deepEqual(fellBack.flatMap((e) => e.parseWarnings.filter((w) => w.startsWith('time.'))).sort(), [
    'time.invalid',
    'time.zero',
    'time.zero',
    'time.zero',
  ]);
});

test('every remote and local ip extracted from the samples is a strict IP literal', async () => {
  const { isIP } = await import('node:net');
  for (const e of events) {
    for (const ip of [e.remoteIp, e.localIp]) if (ip !== null) assert.notEqual(isIP(ip), 0, ip);
  }
});

test('every parse warning is a stable dotted code', () => {
  for (const e of events) for (const w of e.parseWarnings) assert.match(w, /^[a-z_]+\.[a-z_]+$/);
});

test('the placeholder docs events share one uid and therefore one dedup key', () => {
  // event-schema.md §4.2 caveat: tests must count distinct keys, not lines.
  const placeholders = normalized.filter(({ file }) => file === 'teleport-docs-placeholders.ndjson');
  const keys = new Set(placeholders.flatMap(({ result }) => (result.ok ? [result.event.dedupKey] : [])));
  assert.ok(keys.size < placeholders.length);
});
