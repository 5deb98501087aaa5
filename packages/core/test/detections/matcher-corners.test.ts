import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCanonicalCidr, ipEquals, ipWithin } from '../../src/detections/matcher/ip-compare.js';
import { jsonbAt, jsonbText, numericText } from '../../src/detections/matcher/jsonb-path.js';
import { likeRegExp } from '../../src/detections/matcher/like-pattern.js';
import { sqlLower } from '../../src/detections/matcher/sql-lower.js';

// Each expectation below was read from PostgreSQL 15 (C.UTF-8); the parity test checks them end to end.

test('LIKE patterns: % spans newlines, escapes are literal, regex syntax is plain text', () => {
  assert.ok(likeRegExp('a%b').test('a\nxx\nb'));
  assert.ok(likeRegExp('100\\%%').test('100% done'));
  assert.ok(!likeRegExp('100\\%%').test('1000 done'));
  assert.ok(likeRegExp('(a|b).*[x]%').test('(a|b).*[x] and more'));
  assert.ok(!likeRegExp('ab').test('abc'));
});

test('lower() folds one character at a time, as Postgres does', () => {
  assert.equal(sqlLower('ÅSA'), 'åsa');
  assert.equal(sqlLower('İlker'), 'ilker');
  // JS would write a final sigma (ς) here; lower() has no context.
  assert.equal(sqlLower('ΟΔΟΣ'), 'οδοσ');
});

test('raw paths walk objects by key and arrays by index as #> does', () => {
  const raw = { a: [1, 2, 3], 'addr.remote': 'x', n: null, o: { k: 1 } };
  assert.deepEqual(jsonbAt(raw, ['a', '-1']), { present: true, value: 3 });
  assert.deepEqual(jsonbAt(raw, ['a', ' 1']), { present: true, value: 2 });
  assert.deepEqual(jsonbAt(raw, ['a', '1 ']), { present: false });
  assert.deepEqual(jsonbAt(raw, ['a', '2147483648']), { present: false });
  assert.deepEqual(jsonbAt(raw, ['a', '-4']), { present: false });
  assert.deepEqual(jsonbAt(raw, ['addr.remote']), { present: true, value: 'x' });
  assert.deepEqual(jsonbAt(raw, ['n']), { present: true, value: null }, 'JSON null is present for #>');
  assert.equal(jsonbText(null), null, 'and NULL for #>>');
  assert.deepEqual(jsonbAt(raw, ['constructor']), { present: false }, 'only the object\'s own keys');
  assert.deepEqual(jsonbAt(raw, ['o', 'k', 'deeper']), { present: false });
});

test('raw values as text: numbers in plain decimal, objects in jsonb\'s key order and spacing', () => {
  assert.equal(numericText(1e21), '1000000000000000000000');
  assert.equal(numericText(1.2345e21), '1234500000000000000000');
  assert.equal(numericText(1.5e-7), '0.00000015');
  assert.equal(numericText(-2.5e-10), '-0.00000000025');
  assert.equal(numericText(123.456), '123.456');
  assert.equal(jsonbText({ 'é': 1, z: 2, ab: [1, { y: null }] }), '{"z": 2, "ab": [1, {"y": null}], "é": 1}');
  assert.equal(jsonbText({ a: 'x\u0001y' }), '{"a": "x\\u0001y"}');
  assert.equal(jsonbText(true), 'true');
});

test('IP comparisons follow inet: one family, any spelling', () => {
  assert.ok(ipEquals('::1', '0:0::1'));
  assert.ok(!ipEquals('::ffff:10.1.2.3', '10.1.2.3'));
  assert.ok(ipWithin('10.1.2.3', '10.0.0.0/8'));
  assert.ok(!ipWithin('::ffff:10.1.2.3', '10.0.0.0/8'));
  assert.ok(ipWithin('2001:db8::5', '2001:db8::/32'));
  assert.ok(isCanonicalCidr('10.0.0.0/8'));
  assert.ok(!isCanonicalCidr('10.1.0.0/8'));
});
