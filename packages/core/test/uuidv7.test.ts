import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUuid, uuidv7 } from '../src/index.js';

test('a UUIDv7 carries its millisecond timestamp first, version 7 and the RFC variant', () => {
  const at = Date.parse('2026-12-04T20:15:30.123Z');
  const id = uuidv7(at);
  assert.ok(isUuid(id), id);
  assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  assert.equal(id[14], '7');
  assert.match(id[19]!, /[89ab]/);
});

test('UUIDv7s sort by creation time and differ within one millisecond', () => {
  const ids = [0, 1, 1, 1_000, Date.parse('2026-12-04T00:00:00Z'), 2 ** 48 - 1].map((t) => uuidv7(t));
  assert.deepEqual([...ids].sort((a, b) => a.localeCompare(b)).map((id) => id.slice(0, 13)), ids.map((id) => id.slice(0, 13)));
  assert.notEqual(ids[1], ids[2]);
  assert.equal(new Set(Array.from({ length: 1_000 }, () => uuidv7(5))).size, 1_000);
});
