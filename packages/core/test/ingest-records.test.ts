import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../../test/support/corpus.js';
import { decode, decodeText } from './ingest-support.js';

const LOGIN = fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'user.login' });

test('non-object elements are quarantined one by one with their JSON bytes and the objects kept', () => {
  const result = decodeText({ text: '[{"event":"a"}, 1, "x", null, [2], true, {"event":"b"}]', contentType: 'application/json' });
  assert.deepEqual(result.records.map(({ record }) => record), [{ event: 'a' }, { event: 'b' }]);
  assert.deepEqual(
    result.quarantined.map(({ reason, context, bytes }) => ({ reason, context, text: bytes.toString() })),
    [
      { reason: 'record.not_object', context: 'element 1', text: '1' },
      { reason: 'record.not_object', context: 'element 2', text: '"x"' },
      { reason: 'record.not_object', context: 'element 3', text: 'null' },
      { reason: 'record.not_object', context: 'element 4', text: '[2]' },
      { reason: 'record.not_object', context: 'element 5', text: 'true' },
    ],
  );
});

test('a body that is a single non-object is one not_object part', () => {
  const result = decodeText({ text: '"user.login"', contentType: 'application/json' });
  assert.deepEqual(result.records, []);
  assert.equal(result.quarantined[0]?.reason, 'record.not_object');
  assert.equal(result.quarantined[0]?.context, null);
});

test('a record over maxRecordBytes is quarantined as too large with its text, and the rest kept', () => {
  const big = { event: 'session.data', blob: 'x'.repeat(5_000) };
  const text = [JSON.stringify(LOGIN), JSON.stringify(big), JSON.stringify(LOGIN)].join('\n');
  const result = decode({ body: Buffer.from(text), contentType: 'application/x-ndjson' }, { maxRecordBytes: 4_096 });
  assert.deepEqual(result.records.map(({ record }) => record), [LOGIN, LOGIN]);
  assert.equal(result.quarantined.length, 1);
  assert.equal(result.quarantined[0]?.reason, 'record.too_large');
  assert.equal(result.quarantined[0]?.context, 'line 2');
  assert.deepEqual(JSON.parse(result.quarantined[0]?.bytes.toString() ?? ''), big);
  assert.match(result.quarantined[0]?.message ?? '', /4096/);
});

test('the record size is measured on compact JSON, so spacing cannot push a record over the limit', () => {
  const record = { event: 'a', data: 'y'.repeat(100) };
  const compact = Buffer.byteLength(JSON.stringify(record));
  const spaced = JSON.stringify(record, null, 8);
  const result = decode({ body: Buffer.from(spaced) }, { maxRecordBytes: compact });
  assert.deepEqual(result.records.map(({ record: r }) => r), [record]);
  assert.equal(decode({ body: Buffer.from(spaced) }, { maxRecordBytes: compact - 1 }).quarantined[0]?.reason, 'record.too_large');
});

test('an event shipped as a JSON string in log or message is unwrapped', () => {
  for (const key of ['log', 'message']) {
    const wrapped = { [key]: JSON.stringify(LOGIN), stream: 'stdout', time: '2025-06-01T23:57:38Z' };
    const result = decodeText({ text: JSON.stringify(wrapped), contentType: 'application/json' });
    assert.deepEqual(result.records.map(({ record }) => record), [LOGIN], key);
  }
});

test('nothing is unwrapped when the record has its own event, or the string holds no event', () => {
  const keep = [
    { event: 'user.login', message: JSON.stringify({ event: 'other' }) },
    { log: JSON.stringify({ not: 'an event' }) },
    { log: '{ not json' },
    { message: 'plain text' },
    { log: JSON.stringify([{ event: 'in an array' }]) },
  ];
  const result = decodeText({ text: JSON.stringify(keep), contentType: 'application/json' });
  assert.deepEqual(result.records.map(({ record }) => record), keep);
});

test('records are returned exactly as parsed, key order included', () => {
  const text = '{"z":1,"event":"a","addr.remote":"1.2.3.4:5","a":{"c":2,"b":1}}';
  const [decoded] = decodeText({ text }).records;
  assert.equal(JSON.stringify(decoded?.record), text);
});

test('Fluent Bit adds date and __internal__, recognised only under its User-Agent', () => {
  const record = { date: 1_748_822_258.1, __internal__: { x: 1 }, ...LOGIN };
  const text = JSON.stringify([record]);
  assert.deepEqual(decodeText({ text, userAgent: 'Fluent-Bit' }).records[0]?.forwarderKeys, ['date', '__internal__']);
  assert.deepEqual(decodeText({ text, userAgent: 'fluent-bit/3.2.1' }).records[0]?.forwarderKeys, ['date', '__internal__']);
  assert.deepEqual(decodeText({ text, userAgent: 'Go-http-client/1.1' }).records[0]?.forwarderKeys, []);
  assert.deepEqual(decodeText({ text }).records[0]?.forwarderKeys, []);
  assert.deepEqual(decodeText({ text, userAgent: 'Fluent-Bit' }).records[0]?.record, record, 'the record keeps the keys');
});

test('Vector adds source_type always and timestamp only next to a Teleport event', () => {
  const withEvent = { ...LOGIN, source_type: 'http_server', timestamp: '2025-06-01T23:57:38Z', path: '/session.x.log' };
  const withoutEvent = { source_type: 'http_server', timestamp: '2025-06-01T23:57:38Z' };
  const result = decodeText({ text: JSON.stringify([withEvent, withoutEvent]), userAgent: 'Vector/0.58.0' });
  assert.deepEqual(result.records.map(({ forwarderKeys }) => forwarderKeys), [['source_type', 'timestamp'], ['source_type']]);
  assert.deepEqual(decodeText({ text: JSON.stringify([withEvent]), userAgent: 'Fluent-Bit' }).records[0]?.forwarderKeys, []);
});

test('Fluentd in_http keys REMOTE_ADDR and HTTP_* are forwarder keys whatever the User-Agent', () => {
  const record = { ...LOGIN, REMOTE_ADDR: '10.0.0.5', HTTP_USER_AGENT: 'Go-http-client/1.1', HTTP_X_FORWARDED_FOR: '1.2.3.4' };
  for (const userAgent of [undefined, 'Fluent-Bit', 'Vector/0.58.0']) {
    const keys = decodeText({ text: JSON.stringify(record), ...(userAgent ? { userAgent } : {}) }).records[0]?.forwarderKeys ?? [];
    for (const key of ['REMOTE_ADDR', 'HTTP_USER_AGENT', 'HTTP_X_FORWARDED_FOR']) assert.ok(keys.includes(key), `${key} under ${userAgent}`);
  }
});

test('forwarder keys of an unwrapped record are those of the inner event', () => {
  const wrapped = { date: 1_748_822_258.1, log: JSON.stringify(LOGIN) };
  const [decoded] = decodeText({ text: JSON.stringify([wrapped]), userAgent: 'Fluent-Bit' }).records;
  assert.deepEqual(decoded?.record, LOGIN);
  assert.deepEqual(decoded?.forwarderKeys, []);
});
