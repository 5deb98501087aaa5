import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rejectSpike } from '../src/completeness/reject-spike.js';

const hourly = (rejects: number[]) => rejects.map((r, i) => ({ hour: new Date(Date.UTC(2026, 2, 1, i)), rejects: r, events: 100 }));

test('a source that never rejects spikes at the first 20 rejects in an hour', () => {
  assert.deepEqual(rejectSpike({ hourly: [], current: { rejects: 20, events: 0 } }), { spike: true, baselinePerHour: 0, ratio: 20 });
  assert.equal(rejectSpike({ hourly: [], current: { rejects: 19, events: 0 } }).spike, false, 'below the minimum is noise');
});

test('a source that always rejects some needs five times its usual 95th percentile', () => {
  const week = hourly(Array.from({ length: 168 }, (_, i) => (i % 10 === 0 ? 12 : 3)));
  const at = (rejects: number) => rejectSpike({ hourly: week, current: { rejects, events: 500 } });
  assert.equal(at(59).baselinePerHour, 12);
  assert.equal(at(59).spike, false);
  assert.deepEqual(at(60), { spike: true, baselinePerHour: 12, ratio: 5 });
});

test('hours missing from the week count as hours without rejects', () => {
  // Eight hours of 30 rejects are under 5% of a week: without the quiet hours they would be the whole baseline.
  const result = rejectSpike({ hourly: hourly(Array.from({ length: 8 }, () => 30)), current: { rejects: 25, events: 10 } });
  assert.deepEqual(result, { spike: true, baselinePerHour: 0, ratio: 25 });
  const busy = rejectSpike({ hourly: hourly(Array.from({ length: 8 }, () => 30)), current: { rejects: 25, events: 10 }, baselineHours: 8 });
  assert.deepEqual(busy, { spike: false, baselinePerHour: 30, ratio: 25 / 30 });
});

test('the minimum and factor are settable', () => {
  assert.equal(rejectSpike({ hourly: [], current: { rejects: 5, events: 0 }, minRejects: 5 }).spike, true);
  assert.equal(rejectSpike({ hourly: hourly(Array.from({ length: 168 }, () => 10)), current: { rejects: 25, events: 0 }, factor: 2 }).spike, true);
});
