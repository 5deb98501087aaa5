import assert from 'node:assert/strict';
import { test } from 'node:test';
import { learnLongOpenSeconds, sessionCompleteness } from '../src/completeness/session-gaps.js';
import { missingIndexRanges } from '../src/sessions/session-view.js';

test('missing indices come out as compressed ranges, whatever the order and duplicates', () => {
  assert.deepEqual(missingIndexRanges([0, 1, 3]), [[2, 2]]);
  assert.deepEqual(missingIndexRanges([9, 3, 3, 0, 4, 4, 1]), [[2, 2], [5, 8]]);
  assert.deepEqual(missingIndexRanges([2]), [[0, 1]], 'a missing start counts');
  assert.deepEqual(missingIndexRanges([]), []);
  assert.deepEqual(missingIndexRanges([0, 1, 2]), []);
});

test('upTo counts a missing tail and leaves out indices read past it', () => {
  assert.deepEqual(missingIndexRanges([0, 1], { upTo: 4 }), [[2, 4]]);
  assert.deepEqual(missingIndexRanges([0, 2, 9], { upTo: 3 }), [[1, 1], [3, 3]]);
  assert.deepEqual(missingIndexRanges([], { upTo: 0 }), [[0, 0]]);
  assert.deepEqual(missingIndexRanges([0, 1, 2], { upTo: 2 }), []);
});

const NOW = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const finished = { eventCount: 3, indexedCount: 3, maxIndex: 3, hasEnd: true, startedAt: hoursAgo(2), endedAt: hoursAgo(1), lastEventAt: hoursAgo(1), now: NOW, longOpenSeconds: 8 * 3_600 };

test('a finished session with fewer indexed events than max_index + 1 is incomplete', () => {
  assert.deepEqual(sessionCompleteness(finished), { status: 'incomplete', missing: 1 });
  assert.deepEqual(sessionCompleteness({ ...finished, indexedCount: 4, eventCount: 5 }), { status: 'complete', missing: 0 }, 'session.data does not count');
  assert.deepEqual(sessionCompleteness({ ...finished, maxIndex: null, indexedCount: 0 }), { status: 'complete', missing: 0 }, 'nothing indexed to miss');
  assert.deepEqual(sessionCompleteness({ ...finished, indexedCount: 6 }), { status: 'complete', missing: 0 }, 'duplicated indices never make missing negative');
});

test('a session without an end is open until its last event is older than the threshold', () => {
  const open = { ...finished, hasEnd: false, endedAt: null, indexedCount: 4 };
  assert.equal(sessionCompleteness({ ...open, lastEventAt: hoursAgo(8) }).status, 'open', 'exactly the threshold');
  assert.equal(sessionCompleteness({ ...open, lastEventAt: new Date(hoursAgo(8).getTime() - 1) }).status, 'open_too_long');
  assert.deepEqual(sessionCompleteness({ ...open, indexedCount: 2, lastEventAt: hoursAgo(9) }), { status: 'open_too_long', missing: 2 });
});

test('the long-open threshold is twice the 99th percentile of finished durations, clamped', () => {
  const hourLong = Array.from({ length: 100 }, () => 3_600);
  assert.equal(learnLongOpenSeconds(hourLong), 8 * 3_600, 'two hours is under the 8 h floor');
  const dayLong = [...Array.from({ length: 99 }, () => 5 * 3_600), 30 * 86_400];
  assert.equal(learnLongOpenSeconds(dayLong), 10 * 3_600, 'the one month-long session is past the 99th percentile');
  assert.equal(learnLongOpenSeconds([20 * 86_400]), 7 * 86_400, 'the ceiling');
  assert.equal(learnLongOpenSeconds([3 * 3_600], { floorSeconds: 60, ceilingSeconds: 86_400 }), 6 * 3_600);
});

test('without finished sessions the long-open threshold is the ceiling; bad durations are ignored', () => {
  assert.equal(learnLongOpenSeconds([]), 7 * 86_400);
  assert.equal(learnLongOpenSeconds([-5, Number.NaN, Number.POSITIVE_INFINITY]), 7 * 86_400);
  assert.throws(() => learnLongOpenSeconds([], { floorSeconds: 10, ceilingSeconds: 5 }), { code: 'completeness.settings_invalid' });
});
