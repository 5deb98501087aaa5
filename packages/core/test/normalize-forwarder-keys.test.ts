import assert from 'node:assert/strict';
import { test } from 'node:test';
import { microTimeOf } from '../src/time/micro-time.js';
import { decodeIngestBody } from '../src/ingest/index.js';
import { fixture } from '../../../test/support/corpus.js';
import { normalizeOk, RECEIVED_AT } from './normalize-support.js';

/** Without uid, sid or ei the content hash is the dedup key, which is where forwarder keys would leak in. */
const NO_ID_EVENT = { event: 'app.session.chunk', cluster_name: 'c1', user: 'alice', time: '2025-06-01T23:57:37.919Z' };
const DATE = 1_748_822_258.104512;

test('the same event via Fluent Bit (with date) and via the Event Handler gets the same content hash', () => {
  const direct = normalizeOk(NO_ID_EVENT);
  const viaFluentBit = normalizeOk({ date: DATE, ...NO_ID_EVENT }, { forwarderKeys: ['date'] });
  assert.match(direct.dedupKey, /^sha256:/);
  assert.equal(viaFluentBit.dedupKey, direct.dedupKey);
});

test('a key not listed as a forwarder key still counts in the hash', () => {
  assert.notEqual(normalizeOk({ date: DATE, ...NO_ID_EVENT }).dedupKey, normalizeOk(NO_ID_EVENT).dedupKey);
});

test('raw keeps the forwarder keys exactly as received', () => {
  const received = { date: DATE, source_type: 'http_server', ...NO_ID_EVENT };
  const event = normalizeOk(received, { forwarderKeys: ['date', 'source_type'] });
  assert.equal(event.raw, received);
  assert.deepEqual(Object.keys(received), ['date', 'source_type', 'event', 'cluster_name', 'user', 'time']);
});

test('a forwarder key never fills a column', () => {
  const raw = fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'user.login' && typeof e.user === 'string' });
  const event = normalizeOk(raw, { forwarderKeys: ['user', 'cluster_name'] });
  assert.equal(event.actor, null);
  assert.equal(event.userName, null);
  assert.equal(event.clusterName, null);
  assert.equal(normalizeOk(raw).actor, raw.user);
});

test('without a usable time, Fluent Bit\'s date is the event time, with a warning', () => {
  for (const time of [undefined, 'not a time', '0001-01-01T00:00:00Z']) {
    const event = normalizeOk({ date: DATE, event: 'user.login', ...(time ? { time } : {}) }, { forwarderKeys: ['date'] });
    assert.equal(event.eventTime, '2025-06-01T23:57:38.104512Z', String(time));
    assert.equal(event.timeFromReceivedAt, true, 'a time of receipt, if the forwarder\'s');
    assert.equal(event.parseWarnings.at(1), 'time.from_forwarder_date');
    assert.match(event.parseWarnings.at(0) ?? '', /^time\.(missing|invalid|zero)$/);
  }
});

test('a usable time wins over Fluent Bit\'s date', () => {
  const event = normalizeOk({ date: DATE, ...NO_ID_EVENT }, { forwarderKeys: ['date'] });
  assert.equal(event.eventTime, '2025-06-01T23:57:37.919000Z');
  assert.deepEqual(event.parseWarnings, []);
});

test('a date not attributed to a forwarder, or not a finite number, falls back to the received time', () => {
  const cases = [
    { raw: { date: DATE, event: 'x' }, forwarderKeys: [] },
    { raw: { date: String(DATE), event: 'x' }, forwarderKeys: ['date'] },
    { raw: { date: null, event: 'x' }, forwarderKeys: ['date'] },
    { raw: { date: 1e300, event: 'x' }, forwarderKeys: ['date'] },
    { raw: { event: 'x' }, forwarderKeys: ['date'] },
  ];
  for (const { raw, forwarderKeys } of cases) {
    const event = normalizeOk(raw, { forwarderKeys });
    assert.equal(event.eventTime, microTimeOf(RECEIVED_AT), JSON.stringify(raw));
    assert.equal(event.timeFromReceivedAt, true);
    assert.deepEqual(event.parseWarnings, ['time.missing']);
  }
});

test('decoded Fluent Bit records normalize like the Event Handler\'s copy of the same event', () => {
  const body = Buffer.from(JSON.stringify([{ date: DATE, ...NO_ID_EVENT }]));
  const limits = { maxDecompressedBytes: 1_000_000, maxRecordBytes: 100_000 };
  const [decoded] = decodeIngestBody({ body, contentType: 'application/json', userAgent: 'Fluent-Bit' }, limits).records;
  assert.ok(decoded);
  const viaFluentBit = normalizeOk(decoded.record, { forwarderKeys: decoded.forwarderKeys });
  const direct = normalizeOk(NO_ID_EVENT);
  assert.equal(viaFluentBit.dedupKey, direct.dedupKey);
  assert.deepEqual({ ...viaFluentBit, raw: null }, { ...direct, raw: null });
});

test('without a usable time, the container\'s time (Parquet event_time, Fluentd TSV) is the event time', () => {
  const containerTime = new Date('2024-05-01T10:00:00.123Z');
  const event = normalizeOk({ event: 'user.login', uid: 'c-1' }, { containerTime });
  assert.equal(event.eventTime, microTimeOf(containerTime));
  assert.equal(event.timeFromReceivedAt, false);
  assert.deepEqual(event.parseWarnings, ['time.missing', 'time.from_container']);
  const timed = normalizeOk({ event: 'user.login', uid: 'c-2', time: '2025-01-01T00:00:00Z' }, { containerTime });
  assert.equal(timed.eventTime, '2025-01-01T00:00:00.000000Z', 'the event\'s own time wins');
});
