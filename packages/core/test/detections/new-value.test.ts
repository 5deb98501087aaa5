import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { emptyRuleState, newValueLearnUntil, runRule } from '../../src/detections/evaluation/rule-run.js';
import { at, ruleOf } from './detection-support.js';

const rule = compileRule(ruleOf({ kind: 'new_value', query: 'event:auth', newValue: { fields: ['ip'], learnDays: 1 }, groupBy: ['user'] }));
const from = (ip: string | undefined, seconds: number, user = 'alice') => at(seconds, { 'addr.remote': ip === undefined ? undefined : `${ip}:5000`, user }, `${user}@${ip}@${seconds}`);

test('a value fires the first time its group sees it, then never again', () => {
  const { firings } = runRule(rule, [from('10.0.0.1', 0), from('10.0.0.1', 1), from('10.0.0.2', 2), from('10.0.0.1', 3)]);
  assert.deepEqual(firings.map((f) => f.eventRefs[0]), ['alice@10.0.0.1@0', 'alice@10.0.0.2@2']);
  assert.deepEqual(firings[1]!.newValue, { ip: '10.0.0.2' });
});

test('each group has its own values', () => {
  const { firings } = runRule(rule, [from('10.0.0.1', 0, 'alice'), from('10.0.0.1', 1, 'bob')]);
  assert.equal(firings.length, 2);
});

test('nothing fires while learning; what was learnt is known afterwards', () => {
  const learnUntil = newValueLearnUntil(rule, new Date('2026-01-01T00:00:00Z'));
  assert.equal(learnUntil, '2026-01-02T00:00:00.000000Z');
  const day = 86_400;
  const { firings } = runRule(rule, [from('10.0.0.1', 10), from('10.0.0.2', day - 1), from('10.0.0.1', day), from('10.0.0.3', day + 1)], { state: emptyRuleState({ learnUntil }) });
  assert.deepEqual(firings.map((f) => f.eventRefs[0]), [`alice@10.0.0.3@${day + 1}`]);
});

test('an event without the value is neither new nor remembered', () => {
  const { firings, state } = runRule(rule, [from(undefined, 0)]);
  assert.equal(firings.length, 0);
  assert.deepEqual(state.groups, {});
});

test('one address spelled two ways is one value', () => {
  const { firings } = runRule(rule, [at(0, { 'addr.remote': '[2001:db8::1]:1' }), at(1, { 'addr.remote': '[2001:0db8:0::1]:2' })]);
  assert.equal(firings.length, 1);
});

test('a group keeps at most 1000 values: the least recently seen is forgotten first', () => {
  const events = Array.from({ length: 1_001 }, (_, i) => from(`10.0.${Math.floor(i / 250)}.${i % 250}`, i));
  const { state } = runRule(rule, events);
  const seen = (state.groups['["alice"]'] as { seen: string[] }).seen;
  assert.equal(seen.length, 1_000);
  assert.ok(!seen.includes('["10.0.0.0"]'));
  assert.equal(runRule(rule, [from('10.0.0.0', 2_000)], { state }).firings.length, 1, 'forgotten, so new again');
});
