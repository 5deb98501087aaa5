import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IngestedObjectRow } from '@tai/db';
import type { HandedObject } from '../apps/worker/src/s3/backfill.job.js';
import { addPage, emptyTally, planMissingFindings, reconcileDays } from '../apps/worker/src/s3/s3-reconcile-plan.js';

const NOW = new Date('2026-06-15T00:20:00Z');

const handed = (key: string, { registered = false, status = 'done' }: { registered?: boolean; status?: IngestedObjectRow['status'] } = {}): HandedObject =>
  ({ key, etag: `etag-${key}`, size: 10, registered, queued: registered, row: { etag: `etag-${key}`, status } as IngestedObjectRow });

test('the days listed are the last N UTC days, today included, oldest first', () => {
  assert.deepEqual(reconcileDays({ now: NOW, days: 2, openDays: [] }), ['2026-06-14', '2026-06-15']);
  assert.deepEqual(reconcileDays({ now: new Date('2026-03-01T23:59:59Z'), days: 3, openDays: [] }), ['2026-02-27', '2026-02-28', '2026-03-01']);
});

test('days of findings still open are listed before the window until they resolve; bad or duplicate subjects are ignored', () => {
  assert.deepEqual(
    reconcileDays({ now: NOW, days: 2, openDays: ['2026-06-10', '2026-06-14', 'not-a-day', '2026-06-10', '2026-06-12'] }),
    ['2026-06-10', '2026-06-12', '2026-06-14', '2026-06-15'],
  );
});

test('objects this listing registered are missing, the rest count by the status their row had', () => {
  const tally = emptyTally();
  addPage(tally, [handed('a', { registered: true }), handed('b'), handed('c', { status: 'queued' }), handed('d', { status: 'processing' }), handed('e', { status: 'failed' }), handed('f', { status: 'skipped' })]);
  addPage(tally, [handed('g', { registered: true }), handed('h', { status: 'missing' })]);
  assert.deepEqual(tally, { listed: 8, missing: 2, sampleKeys: ['a', 'g'], pending: 2, failed: 2, young: 0 });
});

test('a finding names at most five sample keys but counts every missing object', () => {
  const tally = emptyTally();
  addPage(tally, Array.from({ length: 7 }, (_, i) => handed(`k${i}`, { registered: true })));
  assert.equal(tally.missing, 7);
  assert.deepEqual(tally.sampleKeys, ['k0', 'k1', 'k2', 'k3', 'k4']);
});

test('a day with missing objects opens one finding; an open day resolves only when nothing is missing or still queued', () => {
  const tally = (over: Partial<ReturnType<typeof emptyTally>>) => ({ ...emptyTally(), listed: 3, ...over });
  const open = [{ id: 'f1', subject: '2026-06-13', details: { day: '2026-06-13', missing: 2, sampleKeys: ['x'] } }, { id: 'f2', subject: '2026-06-14', details: { day: '2026-06-14', missing: 1, sampleKeys: ['y'] } }];
  const plan = planMissingFindings({
    sourceId: 's1', now: NOW, open,
    days: [
      { day: '2026-06-13', tally: tally({ failed: 1 }) },
      { day: '2026-06-14', tally: tally({ pending: 1 }) },
      { day: '2026-06-15', tally: tally({ missing: 2, sampleKeys: ['p', 'q'] }) },
    ],
  });
  assert.deepEqual(plan.open, [{ sourceId: 's1', kind: 's3.objects_missing', subject: '2026-06-15', details: { day: '2026-06-15', missing: 2, sampleKeys: ['p', 'q'] } }]);
  assert.deepEqual(plan.resolve, [{ id: 'f1', details: { day: '2026-06-13', missing: 2, sampleKeys: ['x'], resolvedAt: NOW.toISOString(), listed: 3, failed: 1 } }]);

  const again = planMissingFindings({ sourceId: 's1', now: NOW, open, days: [{ day: '2026-06-14', tally: tally({ missing: 1 }) }] });
  assert.deepEqual(again, { open: [], resolve: [] }, 'an open day with more missing objects stays open and opens no second finding');
});
