import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUnstorable, jsonText, MAX_RECORD_DEPTH, parseEventTime } from '../src/index.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

test('ordinary Teleport events, including unicode and astral characters, are storable', () => {
  assert.equal(findUnstorable({ event: 'exec', command: 'echo héllo 😀 \u2028', identity: { user: 'bob', roles: ['a'] }, n: 1e308 }), null);
});

test('a NUL, an unpaired surrogate (in a value or a key) and a non-finite number are each named with where they are', () => {
  assert.deepEqual(findUnstorable({ a: { b: ['x', 'y\u0000'] } }), { reason: 'record.nul_character', message: 'the value at a.b[1] contains a U+0000 character, which cannot be stored as text' });
  assert.equal(findUnstorable({ a: '\ud800' })?.reason, 'record.invalid_unicode');
  assert.equal(findUnstorable({ a: 'x\udc00' })?.reason, 'record.invalid_unicode');
  assert.equal(findUnstorable({ a: '\udc00\ud800' })?.reason, 'record.invalid_unicode', 'a low surrogate before a high one pairs with nothing');
  assert.equal(findUnstorable({ inner: { '\ud83d': 1 } })?.message.startsWith('a key inside the value at inner'), true);
  assert.equal(findUnstorable({ n: Infinity })?.reason, 'record.unrepresentable_number');
  assert.equal(findUnstorable(JSON.parse('{"n":-1e400}'))?.reason, 'record.unrepresentable_number');
});

test('nesting is allowed up to the depth limit and refused past it, without overflowing the stack at any depth', () => {
  assert.equal(findUnstorable({ d: nested(MAX_RECORD_DEPTH - 1) }), null);
  assert.equal(findUnstorable({ d: nested(MAX_RECORD_DEPTH) })?.reason, 'record.too_deep');
  assert.equal(findUnstorable(nested(200_000))?.reason, 'record.too_deep');
});

test('jsonText writes what JSON.stringify writes, and also values too deep for it', () => {
  const value = { a: [1, 'two', null, { b: true, c: undefined }], 'k"ey': 'v\u0000' };
  assert.equal(jsonText(value), JSON.stringify(value));
  const deep = nested(50_000);
  assert.throws(() => JSON.stringify(deep), RangeError);
  assert.equal(jsonText({ x: deep }), `{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
  assert.equal(jsonText([{}, [], { a: {} }]), '[{},[],{"a":{}}]');
});

test('times Postgres cannot take (year 0000, years past 9999) are invalid rather than passed on', () => {
  assert.deepEqual(parseEventTime('0000-01-01T00:00:00Z'), { time: null, date: null, reason: 'invalid' });
  assert.deepEqual(parseEventTime('0001-01-01T00:30:00+01:00'), { time: null, date: null, reason: 'invalid' }, 'the offset moves it into year 0');
  assert.equal(parseEventTime('0001-01-01T00:00:00.5Z').date?.toISOString(), '0001-01-01T00:00:00.500Z');
  assert.equal(parseEventTime('9999-12-31T23:59:59.999Z').date?.toISOString(), '9999-12-31T23:59:59.999Z');
  assert.deepEqual(parseEventTime('9999-12-31T23:59:59-01:00'), { time: null, date: null, reason: 'invalid' });
});
