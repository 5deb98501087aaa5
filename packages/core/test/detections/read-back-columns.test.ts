import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { evaluateBatch, groupKeysToLoad, joinKeysToLoad, type BatchRule, type StateStore } from '../../src/detections/evaluation/batch-evaluation.js';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import type { EvaluationInput } from '../../src/detections/evaluation/join-state.js';
import { columnReads, ruleColumns, type ColumnReads } from '../../src/detections/evaluation/read-back-columns.js';
import { compileCondition } from '../../src/detections/matcher/condition-predicate.js';
import type { NormalizedEvent } from '../../src/events/normalized-event.js';
import { ruleOf } from './detection-support.js';
import { normalizeOk } from '../normalize-support.js';

const pack = loadBuiltinPack().map(compileRule);
const at = (raw: Record<string, unknown>) => normalizeOk({ time: '2026-01-01T00:00:00Z', ...raw });
const snake = (property: string) => property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The event as the repository reads it back under `reads`: a column not read is null. */
function readBack(event: NormalizedEvent, reads: ColumnReads): NormalizedEvent {
  const holds = (read: ColumnReads['whole']) => (typeof read === 'boolean' ? read : compileCondition(read)(event));
  const whole = holds(reads.whole);
  const out: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(event)) {
    const column = snake(property);
    const read = column === 'raw' ? holds(reads.raw) : column === 'search_text' ? holds(reads.searchText) : reads.columns.has(column) || whole;
    out[property] = read || property === 'receivedAt' ? value : null;
  }
  return out as unknown as NormalizedEvent;
}

const columnsOf = (query: Record<string, unknown>) => ruleColumns(compileRule(ruleOf(query)));

test('a rule reads the columns its query, where predicates and group-by fields name, raw when one looks into it, the full text for a bare term', () => {
  assert.deepEqual(columnsOf({ query: 'event:session.start login:root' }), { columns: new Set(['event_type', 'login']), raw: false, searchText: false });
  assert.deepEqual(columnsOf({ query: 'event:session.start', groupBy: ['node'] }).columns, new Set(['event_type', 'server_hostname', 'server_id']), 'grouping by node reads either column');
  assert.equal(columnsOf({ query: 'event:session.start raw.proto:ssh' }).raw, true);
  const where = columnsOf({ query: 'event:user.login', where: [{ not: { query: 'raw.mfa_device.mfa_device_uuid:*' } }, { emailDomain: { field: 'user', matchesCluster: false } }] });
  assert.deepEqual(where, { columns: new Set(['event_type', 'actor']), raw: true, searchText: false });
  const grouped = columnsOf({ query: 'event:user.login', kind: 'threshold', threshold: { count: 2, windowSeconds: 60 }, groupBy: ['ip', 'raw.identity.user'] });
  assert.deepEqual(grouped, { columns: new Set(['event_type', 'remote_ip']), raw: true, searchText: false });
  assert.equal(columnsOf({ query: 'event:exec mimikatz' }).searchText, true);
  const join = pack.find((c) => c.rule.join)!;
  assert.equal(ruleColumns(join).raw && ruleColumns(join).searchText, true, 'a join rule keeps whole events waiting');
});

test('a batch reads for every event only what its rules and evaluation use, and join candidates whole', () => {
  const plain = columnReads([compileRule(ruleOf({ query: 'event:session.start login:root' }))]);
  assert.deepEqual(plain, { columns: new Set(['event_type', 'event_time', 'received_at', 'cluster_name', 'parse_warnings', 'login']), whole: false, raw: false, searchText: false });
  assert.equal(columnReads([compileRule(ruleOf({ query: 'raw.proto:ssh' }))]).raw, true, 'a raw term on every event reads raw for every event');
  const reads = columnReads(pack);
  assert.equal(typeof reads.raw, 'object', 'the pack reads raw for the events its raw rules can act on, not for all');
  assert.equal(typeof reads.whole, 'object', 'and whole events for its join rules\' candidates');
  assert.ok(reads.columns.size < 40, `the pack reads ${reads.columns.size} columns of every event`);
});

test('evaluating events read back with only the columns they need gives the same firings and state', () => {
  const rules: BatchRule[] = pack.map((compiled) => ({ compiled, learnUntil: null }));
  const reads = columnReads(pack);
  const inputs: EvaluationInput[] = pack.flatMap((c) => [...c.rule.tests.given, ...c.rule.tests.mustMatch, ...c.rule.tests.mustNotMatch])
    .map((raw, i) => ({ ref: String(i), event: at(raw) }));
  const run = (batch: EvaluationInput[]) => {
    const store: StateStore = new Map();
    const { firings, changed } = evaluateBatch({ rules, inputs: batch, store });
    return { firings, changed, keys: [...joinKeysToLoad(rules, batch), ...groupKeysToLoad(rules, batch, store)] };
  };
  const lean = inputs.map((input) => ({ ...input, event: readBack(input.event, reads) }));
  const withoutRaw = lean.filter((input, i) => input.event.raw === null && inputs[i]!.event.raw !== null).length;
  assert.ok(withoutRaw > 0 && withoutRaw < inputs.length, `some events come back without raw, not all (${withoutRaw} of ${inputs.length})`);
  assert.ok(lean.some((input) => input.event.userAgent === null && input.event.raw !== null), 'and some with raw but without a column no rule reads');
  const all = run(inputs);
  assert.ok(all.firings.length > 0 && all.changed.length > 0);
  const { keys, firings, changed } = run(lean);
  assert.deepEqual(firings, all.firings);
  assert.deepEqual(keys, all.keys, 'the same state rows to load');
  // State keeps events only for join rules, whose candidates come back whole.
  assert.deepEqual(changed, all.changed);
});
