import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { evaluateBatch, groupKeysToLoad, joinKeysToLoad, type BatchRule, type StateStore } from '../../src/detections/evaluation/batch-evaluation.js';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { heavyColumnReads, ruleReads, type HeavyColumnReads } from '../../src/detections/evaluation/heavy-columns.js';
import type { EvaluationInput } from '../../src/detections/evaluation/join-state.js';
import { compileCondition } from '../../src/detections/matcher/condition-predicate.js';
import type { NormalizedEvent } from '../../src/events/normalized-event.js';
import { ruleOf } from './detection-support.js';
import { normalizeOk } from '../normalize-support.js';

const pack = loadBuiltinPack().map(compileRule);
const at = (raw: Record<string, unknown>) => normalizeOk({ time: '2026-01-01T00:00:00Z', ...raw });

/** The event as the repository reads it back under `reads`: a heavy column is null where it is not needed. */
function readBack(event: NormalizedEvent, reads: HeavyColumnReads): NormalizedEvent {
  const needed = (read: HeavyColumnReads['raw']) => (typeof read === 'boolean' ? read : compileCondition(read)(event));
  return { ...event, raw: needed(reads.raw) ? event.raw : (null as unknown as NormalizedEvent['raw']), searchText: needed(reads.searchText) ? event.searchText : null };
}

test('a rule reads raw when its query, a where predicate or a field it groups by looks into it, and the full text only for a bare term', () => {
  assert.deepEqual(ruleReads(compileRule(ruleOf({ query: 'event:session.start login:root' }))), { raw: false, searchText: false });
  assert.deepEqual(ruleReads(compileRule(ruleOf({ query: 'event:session.start raw.proto:ssh' }))), { raw: true, searchText: false });
  assert.deepEqual(ruleReads(compileRule(ruleOf({ query: 'event:user.login', where: [{ not: { query: 'raw.mfa_device.mfa_device_uuid:*' } }] }))), { raw: true, searchText: false });
  assert.deepEqual(ruleReads(compileRule(ruleOf({ query: 'event:user.login', kind: 'threshold', threshold: { count: 2, windowSeconds: 60 }, groupBy: ['raw.identity.user'] }))), { raw: true, searchText: false });
  assert.deepEqual(ruleReads(compileRule(ruleOf({ query: 'event:exec mimikatz' }))), { raw: false, searchText: true });
  const join = pack.find((c) => c.rule.join)!;
  assert.deepEqual(ruleReads(join), { raw: true, searchText: true }, 'a join rule keeps whole events waiting');
});

test('with no rule reading a heavy column, no event reads it; with one reading it for every event, all do', () => {
  const plain = heavyColumnReads([compileRule(ruleOf({ query: 'event:session.start login:root' }))]);
  assert.deepEqual(plain, { raw: false, searchText: false });
  const everywhere = heavyColumnReads([compileRule(ruleOf({ query: 'raw.proto:ssh' }))]);
  assert.equal(everywhere.raw, true);
  const packReads = heavyColumnReads(pack);
  assert.equal(typeof packReads.raw, 'object', 'the pack reads raw for the events its raw rules can act on, not for all');
});

test('evaluating events read back without the heavy columns they do not need gives the same firings and state', () => {
  const rules: BatchRule[] = pack.map((compiled) => ({ compiled, learnUntil: null }));
  const reads = heavyColumnReads(pack);
  const inputs: EvaluationInput[] = pack.flatMap((c) => [...c.rule.tests.given, ...c.rule.tests.mustMatch, ...c.rule.tests.mustNotMatch])
    .map((raw, i) => ({ ref: String(i), event: at(raw) }));
  const run = (batch: EvaluationInput[]) => {
    const store: StateStore = new Map();
    const { firings, changed } = evaluateBatch({ rules, inputs: batch, store });
    return { firings, changed, keys: [...joinKeysToLoad(rules, batch), ...groupKeysToLoad(rules, batch, store)] };
  };
  const lean = inputs.map((input) => ({ ...input, event: readBack(input.event, reads) }));
  const stripped = lean.filter((input, i) => input.event.raw === null && inputs[i]!.event.raw !== null).length;
  assert.ok(stripped > 0 && stripped < inputs.length, `some events come back without raw, not all (${stripped} of ${inputs.length})`);
  const all = run(inputs);
  assert.ok(all.firings.length > 0 && all.changed.length > 0);
  const { keys, firings, changed } = run(lean);
  assert.deepEqual(firings, all.firings);
  assert.deepEqual(keys, all.keys, 'the same state rows to load');
  // State keeps events only for join rules, which read both columns of what they keep.
  assert.deepEqual(changed, all.changed);
});
