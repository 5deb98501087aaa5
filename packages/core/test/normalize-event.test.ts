import assert from 'node:assert/strict';
import { test } from 'node:test';
import { microTimeOf } from '../src/time/micro-time.js';
import { normalizeEvent } from '../src/events/index.js';
import { fixture } from '../../../test/support/corpus.js';
import { normalizeOk, RECEIVED_AT } from './normalize-support.js';

test('arrays, primitives and null are not events', () => {
  for (const raw of [[], [{ event: 'user.login' }], 'user.login', 42, true, null, undefined]) {
    const result = normalizeEvent(raw, { receivedAt: RECEIVED_AT });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'event.not_object');
  }
});

test('an object without a non-empty string event type cannot be stored', () => {
  for (const raw of [{}, { code: 'T1000I' }, { event: '' }, { event: 7 }, { event: { type: 'x' } }]) {
    const result = normalizeEvent(raw, { receivedAt: RECEIVED_AT });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'event.missing_type');
    assert.ok(!result.ok && result.message.length > 0);
  }
});

test('raw is the input object itself, left unchanged', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => typeof e.user === 'object' });
  const before = structuredClone(raw);
  const event = normalizeOk(raw);
  assert.equal(event.raw, raw);
  assert.deepEqual(raw, before);
});

test('an unknown event type is an ordinary event', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'unknown' });
  const event = normalizeOk(raw);
  assert.equal(event.eventType, 'unknown');
  assert.equal(event.eventCode, 'TCC00E');
  assert.equal(event.eventTime, '2019-04-22T19:39:26.676000Z');
  assert.deepEqual(event.parseWarnings, []);
});

test('a made-up type with nothing but a type is stored with NULLs and the received time', () => {
  const event = normalizeOk({ event: 'brand.new.type' });
  assert.equal(event.eventType, 'brand.new.type');
  assert.equal(event.eventCode, null);
  assert.equal(event.actor, null);
  assert.equal(event.timeFromReceivedAt, true);
  assert.equal(event.eventTime, microTimeOf(RECEIVED_AT));
  assert.deepEqual(event.parseWarnings, ['time.missing']);
  assert.match(event.dedupKey, /^sha256:/);
});

test('a usable time is the event time and the received time is kept separately', () => {
  const event = normalizeOk({ event: 'user.login', time: '2023-09-20T19:00:00.123456Z' });
  assert.equal(event.eventTime, '2023-09-20T19:00:00.123456Z');
  assert.equal(event.timeFromReceivedAt, false);
  assert.equal(event.receivedAt.getTime(), RECEIVED_AT.getTime());
});

test('a fallback event time is a copy, so mutating it cannot move receivedAt', () => {
  const event = normalizeOk({ event: 'x' });
  assert.notEqual(event.eventTime, event.receivedAt);
});

test('an invalid receivedAt is a caller bug and throws', () => {
  assert.throws(() => normalizeEvent({ event: 'x' }, { receivedAt: new Date('nope') }), TypeError);
});

test('a clean real event produces no parse warnings', () => {
  const raw = fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'session.start' });
  assert.deepEqual(normalizeOk(raw).parseWarnings, []);
});
