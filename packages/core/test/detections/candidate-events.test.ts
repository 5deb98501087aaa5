import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { batchCandidates, ruleCandidates } from '../../src/detections/evaluation/candidate-events.js';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { compileCondition } from '../../src/detections/matcher/condition-predicate.js';
import { ruleOf } from './detection-support.js';
import { normalizeOk } from '../normalize-support.js';

const pack = loadBuiltinPack().map(compileRule);

test('every built-in rule\'s own matching test events are candidates of the whole pack, so reading by it keeps them', () => {
  const candidates = batchCandidates(pack);
  assert.ok(candidates, 'the pack names what it reads');
  const isCandidate = compileCondition(candidates);
  for (const compiled of pack) {
    for (const raw of compiled.rule.tests.mustMatch) {
      assert.ok(isCandidate(normalizeOk({ time: '2026-01-01T00:00:00Z', ...raw })), `${compiled.rule.id}: a mustMatch event would not be read back`);
    }
  }
});

test('an event no rule\'s query can match is not a candidate', () => {
  const isCandidate = compileCondition(batchCandidates(pack));
  assert.equal(isCandidate(normalizeOk({ event: 'session.leave', time: '2026-01-01T00:00:00Z', user: 'alice', sid: 'abc' })), false);
  assert.equal(isCandidate(normalizeOk({ event: 'app.session.chunk', time: '2026-01-01T00:00:00Z', user: 'alice' })), false);
});

test('a join rule reads both sides; one rule matching anything makes the batch read everything', () => {
  const join = pack.find((c) => c.join)!;
  const both = compileCondition(ruleCandidates(join));
  assert.equal(both(normalizeOk({ time: '2026-01-01T00:00:00Z', ...join.rule.tests.mustMatch[0]! })), true);
  const anything = compileRule(ruleOf({ query: 'event:* OR NOT event:*' }));
  assert.ok(batchCandidates([...pack, anything]), 'an OR the language can say is still a condition');
  const empty = { ...anything, queryCondition: { kind: 'and' as const, items: [] } };
  assert.equal(batchCandidates([pack[0]!, empty]), null);
});
