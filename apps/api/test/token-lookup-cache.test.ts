import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceRow } from '@tai/db';
import { cachedTokenLookup } from '../src/modules/ingest/token-lookup-cache.js';

const source = { id: 's1', tenantId: 't1' } as SourceRow;

function countingLookup(result: SourceRow | null) {
  const calls: string[] = [];
  return { calls, lookup: { findByTokenHash: async ({ tokenHash }: { tokenHash: string }) => { calls.push(tokenHash); return result; } } };
}

test('a found token is looked up once within the time to live, then again', async () => {
  let now = 0;
  const { calls, lookup } = countingLookup(source);
  const cached = cachedTokenLookup(lookup, { ttlMs: 5_000, now: () => now });
  assert.equal(await cached.findByTokenHash({ tokenHash: 'h' }), source);
  now = 4_999;
  assert.equal(await cached.findByTokenHash({ tokenHash: 'h' }), source);
  assert.equal(calls.length, 1);
  now = 5_000;
  await cached.findByTokenHash({ tokenHash: 'h' });
  assert.equal(calls.length, 2, 'expired entries are looked up again, so revocation takes effect');
});

test('unknown tokens are never remembered', async () => {
  const { calls, lookup } = countingLookup(null);
  const cached = cachedTokenLookup(lookup, { ttlMs: 5_000 });
  assert.equal(await cached.findByTokenHash({ tokenHash: 'x' }), null);
  assert.equal(await cached.findByTokenHash({ tokenHash: 'x' }), null);
  assert.equal(calls.length, 2);
});

test('a time to live of zero disables the cache', async () => {
  const { calls, lookup } = countingLookup(source);
  const cached = cachedTokenLookup(lookup, { ttlMs: 0 });
  await cached.findByTokenHash({ tokenHash: 'h' });
  await cached.findByTokenHash({ tokenHash: 'h' });
  assert.equal(calls.length, 2);
});
