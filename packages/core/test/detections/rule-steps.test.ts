import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeEvent } from '../../src/events/normalize-event.js';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { compileRule, type CompiledRule } from '../../src/detections/evaluation/compiled-rule.js';
import type { Firing } from '../../src/detections/evaluation/firing.js';
import { groupOf } from '../../src/detections/evaluation/group-key.js';
import type { EvaluationInput } from '../../src/detections/evaluation/join-state.js';
import { runRule } from '../../src/detections/evaluation/rule-run.js';
import { joinKeyOf, joinStep, kindStep, matchStep } from '../../src/detections/evaluation/rule-steps.js';
import { reviveRuleState } from '../../src/detections/evaluation/state-json.js';

/**
 * What a worker keeping state in Postgres does: one JSON row per join key and per group, read before and
 * written after each event, nothing kept in memory between events.
 */
function evaluateWithRows(compiled: CompiledRule, inputs: EvaluationInput[]): Firing[] {
  const rows = new Map<string, string>();
  const load = <T>(key: string): T | null => (rows.has(key) ? JSON.parse(rows.get(key)!, reviveRuleState) as T : null);
  const firings: Firing[] = [];
  for (const input of inputs) {
    let candidates;
    if (compiled.join) {
      const key = joinKeyOf(compiled, input);
      if (key === null) continue;
      const step = joinStep(compiled, load(`join:${key}`), input);
      if (step.state) rows.set(`join:${key}`, JSON.stringify(step.state));
      candidates = step.candidates;
    } else {
      candidates = matchStep(compiled, input);
    }
    for (const candidate of candidates) {
      const group = groupOf(candidate.input.event, compiled.groupBy).key;
      const step = kindStep(compiled, load(`group:${group}`), candidate);
      if (step.state) rows.set(`group:${group}`, JSON.stringify(step.state));
      if (step.firing) firings.push(step.firing);
    }
  }
  return firings;
}

test('state kept as one JSON row per key gives the firings of one in-memory run, for every pack rule', () => {
  for (const rule of loadBuiltinPack()) {
    const compiled = compileRule(rule);
    // The rule's test events as one stream, the mustMatch ones last so that joins and thresholds have what they need.
    const raws = [...rule.tests.mustNotMatch, ...rule.tests.given, ...rule.tests.mustMatch];
    const inputs = raws.map((raw, i) => {
      const result = normalizeEvent(raw, { receivedAt: new Date('2030-01-01T00:00:00Z') });
      assert.ok(result.ok);
      return { ref: `${rule.id}#${i}`, event: result.event };
    });
    const expected = runRule(compiled, inputs).firings;
    assert.deepEqual(evaluateWithRows(compiled, inputs), expected, rule.id);
  }
});

test('a waiting join event survives being stored as JSON', () => {
  const rule = loadBuiltinPack().find((r) => r.id === 'access-request-self-approved')!;
  const compiled = compileRule(rule);
  const input = (raw: Record<string, unknown>, ref: string) => {
    const result = normalizeEvent(raw, { receivedAt: new Date('2030-01-01T00:00:00Z') });
    assert.ok(result.ok);
    return { ref, event: result.event };
  };
  const review = input(rule.tests.mustMatch[0]!, 'review');
  const waiting = joinStep(compiled, null, review);
  assert.deepEqual(waiting.candidates, []);
  const stored = JSON.parse(JSON.stringify(waiting.state), reviveRuleState);
  assert.ok(stored.pending[0].event.receivedAt instanceof Date);
  const released = joinStep(compiled, stored, input(rule.tests.given[0]!, 'create'));
  assert.deepEqual(released.candidates.map((c) => c.input.ref), ['review']);
});
