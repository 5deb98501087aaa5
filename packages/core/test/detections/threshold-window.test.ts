import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { runRule } from '../../src/detections/evaluation/rule-run.js';
import { at, ruleOf } from './detection-support.js';

// Threshold 3 in 60 s per user: fires when 3 matches have event times in (t − 60 s, t].
const rule = compileRule(ruleOf({ kind: 'threshold', query: 'event:auth', threshold: { count: 3, windowSeconds: 60 }, groupBy: ['user'] }));
const fire = (...events: ReturnType<typeof at>[]) => runRule(rule, events).firings;

test('three matches inside the window fire once, on the third', () => {
  const firings = fire(at(0), at(10), at(59.999999));
  assert.equal(firings.length, 1);
  assert.deepEqual(firings[0]!.eventRefs, ['e0', 'e10', 'e59.999999']);
  assert.equal(firings[0]!.count, 3);
  assert.equal(firings[0]!.firstTime, '2026-01-01T00:00:00.000000Z');
  assert.equal(firings[0]!.lastTime, '2026-01-01T00:00:59.999999Z');
  assert.deepEqual(firings[0]!.group, { user: 'alice' });
});

test('a match exactly one window before the last is outside it: the window is open at its old end', () => {
  assert.equal(fire(at(0), at(30), at(60)).length, 0);
  assert.deepEqual(fire(at(0), at(30), at(60), at(61)).map((f) => f.eventRefs), [['e30', 'e60', 'e61']]);
});

test('count − 1 matches never fire', () => {
  assert.equal(fire(at(0), at(1)).length, 0);
  assert.equal(fire(at(0), at(1), at(100), at(101)).length, 0, 'two pairs in separate windows');
});

test('matches arriving out of order are placed by event time', () => {
  const firings = fire(at(50), at(10), at(30));
  assert.equal(firings.length, 1);
  assert.deepEqual(firings[0]!.eventRefs, ['e10', 'e30', 'e50']);
});

test('a late match completes a window that ends after it', () => {
  const firings = fire(at(100), at(140), at(90));
  assert.deepEqual(firings.map((f) => f.eventRefs), [['e90', 'e100', 'e140']]);
  assert.equal(fire(at(100), at(140), at(70)).length, 0, 'too early to share a window with both');
});

test('matches that fired are consumed: the next firing needs three new ones', () => {
  assert.equal(fire(at(0), at(1), at(2), at(3), at(4)).length, 1);
  assert.equal(fire(at(0), at(1), at(2), at(3), at(4), at(5)).length, 2);
});

test('groups count separately, names ignoring case as the search does', () => {
  assert.equal(fire(at(0, { user: 'alice' }), at(1, { user: 'bob' }), at(2, { user: 'alice' }), at(3, { user: 'bob' })).length, 0);
  const firings = fire(at(0, { user: 'alice' }), at(1, { user: 'ALICE' }), at(2, { user: 'Alice' }));
  assert.equal(firings.length, 1);
  assert.equal(firings[0]!.groupKey, '["alice"]');
});

test('events without the group field share the null group rather than being dropped', () => {
  const firings = fire(at(0, { user: undefined }), at(1, { user: undefined }), at(2, { user: undefined }));
  assert.equal(firings.length, 1);
  assert.equal(firings[0]!.groupKey, '[null]');
  assert.deepEqual(firings[0]!.group, { user: null });
});

test('state carried between batches behaves as one run, and the input state is left as it was', () => {
  const first = runRule(rule, [at(0), at(10)]);
  const before = JSON.stringify(first.state);
  const second = runRule(rule, [at(20)], { state: first.state });
  assert.equal(second.firings.length, 1);
  assert.equal(JSON.stringify(first.state), before);
});

test('events the query does not match are not counted', () => {
  assert.equal(fire(at(0), at(1, { event: 'user.login' }), at(2)).length, 0);
});
