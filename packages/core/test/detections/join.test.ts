import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { runRule } from '../../src/detections/evaluation/rule-run.js';
import { at, ruleOf } from './detection-support.js';

// Self-approval: an approving review whose reviewer is the user who created the request.
const selfApproval = compileRule(ruleOf({
  query: 'event:access_request.review raw.proposed_state:APPROVED',
  join: { on: 'access_request', query: 'event:access_request.create', keep: ['user'], windowSeconds: 3_600 },
  where: [{ fieldsEqual: ['user', 'joined.user'] }],
}));
const create = (s: number, id: string, user: string) => at(s, { event: 'access_request.create', id, user, state: 'PENDING', roles: ['admin'] }, `create-${id}`);
const review = (s: number, id: string, reviewer: string, ref = `review-${id}-${reviewer}`) =>
  at(s, { event: 'access_request.review', id, user: undefined, reviewer, proposed_state: 'APPROVED', state: 'APPROVED' }, ref);

test('a review joins the request it reviews and compares with the requester', () => {
  const { firings } = runRule(selfApproval, [create(0, 'r1', 'dave'), review(60, 'r1', 'dave'), create(1, 'r2', 'dave'), review(61, 'r2', 'erin')]);
  assert.deepEqual(firings.map((f) => f.eventRefs), [['review-r1-dave']]);
});

test('a review that arrives before its request waits for it', () => {
  const { firings } = runRule(selfApproval, [review(60, 'r1', 'dave'), create(0, 'r1', 'dave')]);
  assert.deepEqual(firings.map((f) => f.eventRefs), [['review-r1-dave']]);
});

test('events further apart than the join window do not join', () => {
  assert.equal(runRule(selfApproval, [create(0, 'r1', 'dave'), review(3_601, 'r1', 'dave')]).firings.length, 0);
  assert.equal(runRule(selfApproval, [review(3_601, 'r1', 'dave'), create(0, 'r1', 'dave')]).firings.length, 0);
});

test('events without a join key join nothing', () => {
  assert.equal(runRule(selfApproval, [create(0, 'r1', 'dave'), review(60, '', 'dave')]).firings.length, 0);
});

test('firstForKey counts the rule\'s earlier events under the key, by event time', () => {
  const single = compileRule(ruleOf({
    query: 'event:access_request.review',
    join: { on: 'access_request', query: 'event:access_request.create', keep: [] },
    where: [{ query: 'request_state:APPROVED' }, { firstForKey: true }],
  }));
  const pending = (s: number, id: string) => at(s, { event: 'access_request.review', id, reviewer: 'x', state: 'PENDING' }, `pending-${id}`);
  const { firings } = runRule(single, [create(0, 'one', 'a'), review(10, 'one', 'b'), create(1, 'two', 'a'), pending(10, 'two'), review(20, 'two', 'c')]);
  assert.deepEqual(firings.map((f) => f.eventRefs), [['review-one-b']], 'the request that needed two reviews does not fire');
});
