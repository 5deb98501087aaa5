import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyCost, createMemoryBudget, inflatedBytesWithin, PARSED_BYTES_PER_BODY_BYTE } from '../src/modules/ingest/memory-budget.js';

test('leases raise what they hold up to a total, never past the budget, and give it all back once', () => {
  const released: number[] = [];
  const budget = createMemoryBudget({ bytes: 100, onReleased: (n) => released.push(n) });
  const a = budget.lease();
  const b = budget.lease();
  assert.equal(a.ensure(60), true);
  assert.equal(a.ensure(40), true, 'already held: nothing more to reserve');
  assert.equal(b.ensure(50), false, 'over the budget: refused, and nothing reserved');
  assert.equal(b.held(), 0);
  assert.equal(b.ensure(40), true);
  assert.equal(budget.available(), 0);
  a.release();
  a.release();
  assert.equal(budget.inUse(), 40);
  assert.deepEqual(released, [60], 'a second release gives nothing back twice');
  b.release();
  assert.equal(budget.available(), 100);
});

test('a body costs what it is sent as, its inflated copy and its parsing; the room left bounds what may be inflated', () => {
  assert.equal(bodyCost({ sentBytes: 1_000, inflatedBytes: 1_000, inflated: false }), 1_000 * (1 + PARSED_BYTES_PER_BODY_BYTE));
  assert.equal(bodyCost({ sentBytes: 10, inflatedBytes: 1_000, inflated: true }), 10 + 1_000 * (1 + PARSED_BYTES_PER_BODY_BYTE));
  const room = bodyCost({ sentBytes: 0, inflatedBytes: 5_000, inflated: true });
  assert.equal(inflatedBytesWithin(room), 5_000);
  assert.equal(inflatedBytesWithin(-5), 0);
});
