import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideAlert, type ExistingAlert } from '../../src/detections/evaluation/alert-dedup.js';
import type { MicroTime } from '../../src/time/micro-time.js';

const t = (hhmm: string) => `2026-01-01T${hhmm}:00.000000Z` as MicroTime;
const firing = (first: string, last = first, count = 1) => ({ firstTime: t(first), lastTime: t(last), count });
const open = (first: string, last: string, count: number, status: ExistingAlert['status'] = 'open'): ExistingAlert => ({ firstSeen: t(first), lastSeen: t(last), count, status });

test('the first firing of an alert key creates an alert', () => {
  assert.deepEqual(decideAlert({ existing: null, firing: firing('10:00'), dedupWindowSeconds: 3_600 }), { action: 'create', firstSeen: t('10:00'), lastSeen: t('10:00'), count: 1 });
});

test('a firing inside the window updates the alert: last seen and count', () => {
  assert.deepEqual(decideAlert({ existing: open('10:00', '10:20', 4), firing: firing('10:50', '10:55', 3), dedupWindowSeconds: 3_600 }), { action: 'update', firstSeen: t('10:00'), lastSeen: t('10:55'), count: 7 });
});

test('an alert never spans the window: a firing that would make it as long starts a new one', () => {
  assert.equal(decideAlert({ existing: open('10:00', '10:30', 2), firing: firing('11:00'), dedupWindowSeconds: 3_600 }).action, 'create');
  assert.equal(decideAlert({ existing: open('10:00', '10:30', 2), firing: firing('10:59'), dedupWindowSeconds: 3_600 }).action, 'update');
});

test('a late firing inside the window joins and moves first seen back', () => {
  assert.deepEqual(decideAlert({ existing: open('10:30', '10:40', 2), firing: firing('10:05'), dedupWindowSeconds: 3_600 }), { action: 'update', firstSeen: t('10:05'), lastSeen: t('10:40'), count: 3 });
});

test('acknowledged alerts still collect firings; resolved ones are never reopened', () => {
  assert.equal(decideAlert({ existing: open('10:00', '10:00', 1, 'acknowledged'), firing: firing('10:10'), dedupWindowSeconds: 3_600 }).action, 'update');
  assert.equal(decideAlert({ existing: open('10:00', '10:00', 1, 'resolved'), firing: firing('10:10'), dedupWindowSeconds: 3_600 }).action, 'create');
});

test('a window of 0 makes every firing its own alert', () => {
  assert.equal(decideAlert({ existing: open('10:00', '10:00', 1), firing: firing('10:00'), dedupWindowSeconds: 0 }).action, 'create');
});
