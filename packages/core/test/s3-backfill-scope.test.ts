import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backfillPrefixes, checkBackfillScope, parseIsoDate } from '../src/s3/index.js';

const eas = (body: { from?: string; to?: string; prefix?: string }) => checkBackfillScope({ sourcePrefix: 'events', ...body });

test('a date range lists one EAS daily folder per UTC date, across month and leap-day boundaries', () => {
  const checked = eas({ from: '2024-02-28', to: '2024-03-01' });
  assert.ok('scope' in checked);
  assert.deepEqual(backfillPrefixes({ sourcePrefix: 'events', scope: checked.scope }), ['events/2024-02-28/', 'events/2024-02-29/', 'events/2024-03-01/']);
  assert.deepEqual(backfillPrefixes({ sourcePrefix: null, scope: { from: '2024-05-01', to: '2024-05-01', prefix: null } }), ['2024-05-01/']);
});

test('without a range or prefix the whole source prefix is listed, or the whole bucket without one', () => {
  assert.deepEqual(eas({}), { scope: { from: null, to: null, prefix: null } });
  assert.deepEqual(backfillPrefixes({ sourcePrefix: 'events/', scope: { from: null, to: null, prefix: null } }), ['events/']);
  assert.deepEqual(backfillPrefixes({ sourcePrefix: null, scope: { from: null, to: null, prefix: null } }), ['']);
});

test('a prefix must lie inside the source prefix; the prefix itself means its folder, never its siblings', () => {
  assert.deepEqual(eas({ prefix: 'events/2024-05' }), { scope: { from: null, to: null, prefix: 'events/2024-05' } });
  assert.deepEqual(eas({ prefix: '/events' }), { scope: { from: null, to: null, prefix: 'events/' } });
  assert.equal((eas({ prefix: 'events-old/2024' }) as { field: string }).field, 'prefix');
  assert.match((eas({ prefix: 'logs/' }) as { error: string }).error, /under the source's prefix "events\/"/);
  assert.deepEqual(checkBackfillScope({ sourcePrefix: null, prefix: 'anything/' }), { scope: { from: null, to: null, prefix: 'anything/' } });
  assert.match((eas({ prefix: '/' }) as { error: string }).error, /empty/);
});

test('bad ranges are refused with the field at fault', () => {
  assert.deepEqual(eas({ from: '2024-05-02', to: '2024-05-01' }), { error: 'to (2024-05-01) is before from (2024-05-02)', field: 'to' });
  assert.equal((eas({ from: '2024-05-01' }) as { field: string }).field, 'to');
  assert.equal((eas({ to: '2024-05-01' }) as { field: string }).field, 'from');
  assert.equal((eas({ from: '2024-02-30', to: '2024-03-01' }) as { field: string }).field, 'from');
  assert.match((eas({ from: '2022-12-31', to: '2024-01-01' }) as { error: string }).error, /367 days; one backfill covers at most 366/);
  assert.ok('scope' in eas({ from: '2024-01-01', to: '2024-12-31' }), 'a leap year is one backfill');
  assert.equal((eas({ from: '2024-05-01', to: '2024-05-01', prefix: 'events/' }) as { field: string }).field, 'prefix');
});

test('only real calendar dates in YYYY-MM-DD parse', () => {
  assert.equal(parseIsoDate('2024-05-01')?.toISOString(), '2024-05-01T00:00:00.000Z');
  for (const bad of ['2023-02-29', '2024-13-01', '2024-5-1', '20240501', '2024-05-01T00:00:00Z']) assert.equal(parseIsoDate(bad), null, bad);
});
