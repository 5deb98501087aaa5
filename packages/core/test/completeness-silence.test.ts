import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSilenceLayer, resolveSilenceBounds } from '../src/completeness/completeness-settings.js';
import { learnSilenceGap, learnSilenceThreshold, silenceStep, silenceThreshold } from '../src/completeness/silence.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T00:00:00Z');
const hour = (n: number) => new Date(START + n * HOUR);
/** Hourly rows for the hours with events (absent hours had none, as in source_ingest_hourly). */
const activeHours = (hours: number[]) => hours.map((n) => ({ hour: hour(n), events: 10 }));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('a source busy every hour learns the shortest threshold: one hour for bucket granularity', () => {
  assert.equal(learnSilenceThreshold({ hourlyCounts: activeHours(range(0, 14 * 24)) }), 3_600);
});

test('a nightly pause of four hours is the usual longest spell: twice it plus an hour', () => {
  // Active 20 hours a day, silent from 01:00 to 05:00, for 14 days.
  const hours = range(0, 14 * 24).filter((n) => n % 24 < 1 || n % 24 >= 5);
  assert.equal(learnSilenceThreshold({ hourlyCounts: activeHours(hours) }), (4 * 2 + 1) * 3_600);
});

test('the rare long gap above the 95th percentile does not set the threshold', () => {
  // Thirty one-hour spells and one of 30 hours.
  const hours = [...range(0, 60).filter((n) => n % 2 === 0), ...range(90, 100)];
  assert.equal(learnSilenceThreshold({ hourlyCounts: activeHours(hours) }), (1 * 2 + 1) * 3_600);
});

test('hours that carried only rejects or duplicates do not count as activity', () => {
  const rows = [...activeHours(range(0, 72)), { hour: hour(80), events: 0 }];
  assert.equal(learnSilenceThreshold({ hourlyCounts: rows }), 3_600);
});

test('under two days of history the ceiling applies, not enough to learn from', () => {
  assert.equal(learnSilenceThreshold({ hourlyCounts: [] }), 86_400);
  assert.equal(learnSilenceThreshold({ hourlyCounts: activeHours(range(0, 47)) }), 86_400);
  assert.equal(learnSilenceThreshold({ hourlyCounts: activeHours(range(0, 48)) }), 3_600, 'exactly two days is enough');
  assert.equal(learnSilenceThreshold({ hourlyCounts: activeHours([0, 1]), ceilingSeconds: 7_200 }), 7_200);
});

test('the learned threshold is clamped to the floor and the ceiling', () => {
  const busy = activeHours(range(0, 14 * 24));
  assert.equal(learnSilenceThreshold({ hourlyCounts: busy, floorSeconds: 4 * 3_600 }), 4 * 3_600);
  const sparse = activeHours(range(0, 14 * 24).filter((n) => n % 24 === 0));
  assert.equal(learnSilenceThreshold({ hourlyCounts: sparse }), 86_400, '(23 × 2 + 1) h is over the 24 h ceiling');
  assert.equal(learnSilenceThreshold({ hourlyCounts: sparse, ceilingSeconds: 100 * 3_600 }), 47 * 3_600);
});

test('a floor above the ceiling is refused with a stable code', () => {
  assert.throws(() => learnSilenceThreshold({ hourlyCounts: [], floorSeconds: 7_200, ceilingSeconds: 3_600 }), { code: 'completeness.settings_invalid' });
});

test('a source is silent only once more than the threshold has passed since its last event', () => {
  const lastEventAt = new Date('2026-03-10T12:00:00Z');
  const at = (seconds: number) => new Date(lastEventAt.getTime() + seconds * 1000);
  assert.deepEqual(silenceStep({ lastEventAt, now: at(3_600), thresholdSeconds: 3_600, open: false }), { state: 'ok', transition: null }, 'exactly the threshold');
  assert.deepEqual(silenceStep({ lastEventAt, now: at(3_601), thresholdSeconds: 3_600, open: false }), { state: 'silent', transition: 'opened' });
  assert.deepEqual(silenceStep({ lastEventAt, now: at(9_000), thresholdSeconds: 3_600, open: true }), { state: 'silent', transition: null }, 'already open');
});

test('an event after the silence recovers an open finding', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  assert.deepEqual(silenceStep({ lastEventAt: new Date(now.getTime() - 60_000), now, thresholdSeconds: 3_600, open: true }), { state: 'ok', transition: 'recovered' });
  assert.deepEqual(silenceStep({ lastEventAt: new Date(now.getTime() - 60_000), now, thresholdSeconds: 3_600, open: false }), { state: 'ok', transition: null });
});

test('a source that never received an event is not silent, and a clock ahead of now is not either', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  assert.deepEqual(silenceStep({ lastEventAt: null, now, thresholdSeconds: 900, open: false }), { state: 'ok', transition: null });
  assert.deepEqual(silenceStep({ lastEventAt: new Date(now.getTime() + 3_600_000), now, thresholdSeconds: 900, open: false }), { state: 'ok', transition: null });
});

test('silence bounds come from the source, else the tenant, else the defaults, and say where each came from', () => {
  assert.deepEqual(resolveSilenceBounds({}), { floorSeconds: 900, ceilingSeconds: 86_400, floorFrom: 'default', ceilingFrom: 'default' });
  assert.deepEqual(resolveSilenceBounds({ tenant: { silenceCeilingSeconds: 7_200 } }), { floorSeconds: 900, ceilingSeconds: 7_200, floorFrom: 'default', ceilingFrom: 'tenant' });
  assert.deepEqual(
    resolveSilenceBounds({ tenant: { silenceCeilingSeconds: 7_200 }, source: { silenceFloorSeconds: 3_600, silenceCeilingSeconds: 10_800 } }),
    { floorSeconds: 3_600, ceilingSeconds: 10_800, floorFrom: 'source', ceilingFrom: 'source' },
  );
  assert.deepEqual(resolveSilenceBounds({ tenant: { silenceFloorSeconds: 1_800, silenceCeilingSeconds: null }, source: { silenceFloorSeconds: null } }).floorSeconds, 1_800, 'null falls through');
});

test('when layers disagree, the more specific bound wins and the other follows it', () => {
  assert.deepEqual(resolveSilenceBounds({ source: { silenceFloorSeconds: 172_800 } }), { floorSeconds: 172_800, ceilingSeconds: 172_800, floorFrom: 'source', ceilingFrom: 'source' });
  assert.deepEqual(resolveSilenceBounds({ tenant: { silenceCeilingSeconds: 300 } }), { floorSeconds: 300, ceilingSeconds: 300, floorFrom: 'tenant', ceilingFrom: 'tenant' });
  assert.deepEqual(resolveSilenceBounds({ tenant: { silenceFloorSeconds: 7_200 }, source: { silenceCeilingSeconds: 3_600 } }), { floorSeconds: 3_600, ceilingSeconds: 3_600, floorFrom: 'source', ceilingFrom: 'source' });
});

test('a layer is refused when a bound is outside a minute to 30 days, not whole, or a floor is above the ceiling beside it', () => {
  for (const bad of [{ silenceFloorSeconds: 59 }, { silenceCeilingSeconds: 30 * 86_400 + 1 }, { silenceFloorSeconds: 90.5 }, { silenceFloorSeconds: 7_200, silenceCeilingSeconds: 3_600 }]) {
    assert.throws(() => checkSilenceLayer('source', bad), { code: 'completeness.settings_invalid' }, JSON.stringify(bad));
  }
  assert.throws(() => checkSilenceLayer('tenant', { silenceFloorSeconds: 7_200, silenceCeilingSeconds: 3_600 }), (err: { details: { field: string } }) => err.details.field === 'tenant.silenceFloorSeconds');
  checkSilenceLayer('source', { silenceFloorSeconds: 60, silenceCeilingSeconds: 60 });
  checkSilenceLayer('source', { silenceFloorSeconds: null, silenceCeilingSeconds: 30 * 86_400 });
});

test('the threshold in force clamps what was learned, and is the ceiling when nothing was', () => {
  assert.equal(silenceThreshold({ learnedSeconds: null, floorSeconds: 600, ceilingSeconds: 7_200 }), 7_200);
  assert.equal(silenceThreshold({ learnedSeconds: 3_600, floorSeconds: 600, ceilingSeconds: 7_200 }), 3_600);
  assert.equal(silenceThreshold({ learnedSeconds: 3_600, floorSeconds: 5_400, ceilingSeconds: 7_200 }), 5_400);
  assert.equal(learnSilenceGap([]), null);
  assert.equal(learnSilenceGap(activeHours(range(0, 14 * 24))), 3_600);
});
