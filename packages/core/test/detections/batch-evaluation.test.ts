import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { compileRule, type CompiledRule } from '../../src/detections/evaluation/compiled-rule.js';
import { evaluateBatch, groupKeysToLoad, joinKeysToLoad, stateId, type BatchRule, type StateStore } from '../../src/detections/evaluation/batch-evaluation.js';
import type { EvaluationInput } from '../../src/detections/evaluation/join-state.js';
import { emptyRuleState, runRule } from '../../src/detections/evaluation/rule-run.js';
import { reviveRuleState } from '../../src/detections/evaluation/state-json.js';
import { normalizeEvent } from '../../src/events/normalize-event.js';
import { ruleOf, at } from './detection-support.js';

const RECEIVED_AT = new Date('2030-01-01T00:00:00.000Z');

/**
 * A store that behaves like the database: only the keys the batch asked for are loaded, each through JSON
 * (as jsonb would), and what the batch changed is saved back.
 */
function runInBatches(rules: BatchRule[], inputs: EvaluationInput[], batchSize: number) {
  const db = new Map<string, string>();
  const firings = [];
  for (let i = 0; i < inputs.length; i += batchSize) {
    const batch = inputs.slice(i, i + batchSize);
    const store: StateStore = new Map();
    const load = (refs: ReturnType<typeof joinKeysToLoad>) => refs.forEach((ref) => {
      const saved = db.get(stateId(ref));
      if (saved !== undefined) store.set(stateId(ref), JSON.parse(saved, reviveRuleState));
    });
    load(joinKeysToLoad(rules, batch));
    load(groupKeysToLoad(rules, batch, store));
    const out = evaluateBatch({ rules, inputs: batch, store });
    for (const c of out.changed) db.set(stateId(c), JSON.stringify(c.state));
    firings.push(...out.firings);
  }
  return firings;
}

const inputsOf = (rule: CompiledRule['rule']): EvaluationInput[] =>
  [...rule.tests.given, ...rule.tests.mustMatch, ...rule.tests.mustNotMatch].flatMap((raw, i) => {
    const r = normalizeEvent(raw, { receivedAt: RECEIVED_AT });
    return r.ok ? [{ ref: `r${i}`, event: r.event }] : [];
  });

test('per-key state in batches of any size fires exactly what one in-memory run fires, for every built-in rule', () => {
  for (const rule of loadBuiltinPack()) {
    const compiled = compileRule(rule);
    const inputs = inputsOf(rule);
    const expected = runRule(compiled, inputs, { state: emptyRuleState() }).firings;
    for (const size of [1, 3, inputs.length]) {
      const got = runInBatches([{ compiled, learnUntil: null }], inputs, size);
      assert.deepEqual(got, expected, `${rule.id} in batches of ${size}`);
    }
  }
});

test('the whole pack in one batch fires what each rule fires on its own', () => {
  const pack = loadBuiltinPack();
  const rules = pack.map((rule) => ({ compiled: compileRule(rule), learnUntil: null }));
  const inputs = pack.flatMap(inputsOf).map((input, i) => ({ ...input, ref: `p${i}` }));
  const together = runInBatches(rules, inputs, 50);
  const alone = rules.flatMap((r) => runInBatches([r], inputs, 50));
  const key = (f: { ruleId: string; eventRefs: string[] }) => `${f.ruleId}|${f.eventRefs.join(',')}`;
  assert.deepEqual(together.map(key).sort(), alone.map(key).sort());
  assert.ok(together.length > 20, `the pack's own tests fire it: ${together.length}`);
});

test('threshold state expires a window after its newest match; match rules keep none', () => {
  const threshold = compileRule(ruleOf({ kind: 'threshold', query: 'event:auth', threshold: { count: 3, windowSeconds: 60 }, groupBy: ['user'] }));
  const match = compileRule(ruleOf({ id: 'match-rule', query: 'event:auth' }));
  const out = evaluateBatch({ rules: [{ compiled: threshold, learnUntil: null }, { compiled: match, learnUntil: null }], inputs: [at(0), at(10)], store: new Map() });
  assert.equal(out.changed.length, 1);
  assert.equal(out.changed[0]!.ruleId, 'test-rule');
  assert.equal(out.changed[0]!.expiresAt, '2026-01-01T00:01:10.000000Z');
  assert.equal(out.firings.length, 2, 'the match rule fired on both');
});
