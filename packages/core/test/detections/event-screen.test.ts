import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { evaluateBatch, groupKeysToLoad, joinKeysToLoad, type BatchRule, type StateStore } from '../../src/detections/evaluation/batch-evaluation.js';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { eventScreen } from '../../src/detections/evaluation/event-screen.js';
import type { EvaluationInput } from '../../src/detections/evaluation/join-state.js';
import { ruleOf } from './detection-support.js';
import { normalizeOk } from '../normalize-support.js';

const pack = loadBuiltinPack().map(compileRule);
const screen = eventScreen(pack);
const at = (raw: Record<string, unknown>) => normalizeOk({ time: '2026-01-01T00:00:00Z', ...raw });

test('the pack\'s screen admits every event a built-in rule\'s tests fire it with', () => {
  for (const compiled of pack) {
    for (const raw of compiled.rule.tests.mustMatch) {
      assert.ok(screen(at(raw)), `${compiled.rule.id}: ${String(raw.event)} would not be queued`);
    }
  }
});

test('the screen refuses what no rule\'s query matches: a terminal resize, a recording upload, a session leave', () => {
  assert.equal(screen(at({ event: 'resize', code: 'T2002I', user: 'alice', sid: 's-1', size: '80:25' })), false);
  assert.equal(screen(at({ event: 'session.upload', code: 'T2005I', sid: 's-1' })), false);
  assert.equal(screen(at({ event: 'session.leave', user: 'alice', sid: 's-1' })), false);
  assert.equal(eventScreen([])(at({ event: 'session.start', login: 'root' })), false, 'no rules, nothing to queue');
});

test('a rule naming no event type is tried on every event, and a join rule admits its other side', () => {
  const anyType = eventScreen([compileRule(ruleOf({ query: 'user:mallory' }))]);
  assert.equal(anyType(at({ event: 'resize', user: 'mallory' })), true);
  assert.equal(anyType(at({ event: 'resize', user: 'alice' })), false);
  const join = pack.find((c) => c.rule.id === 'session-joined-by-non-owner')!;
  const joinOnly = eventScreen([join]);
  const sides = join.rule.tests.given.map(at);
  const joined = sides.filter((event) => join.join!.query(event));
  assert.ok(joined.length > 0 && joined.length < sides.length, 'the join rule\'s tests give events of its other side, and one that is not');
  for (const event of sides) assert.equal(joinOnly(event), joined.includes(event), `${join.rule.id}: ${event.eventType} on ${String(event.serverHostname)}`);
});

test('evaluating only what the screen admits gives the same firings and state as evaluating everything', () => {
  const rules: BatchRule[] = pack.map((compiled) => ({ compiled, learnUntil: null }));
  const inputs: EvaluationInput[] = pack.flatMap((c) => [...c.rule.tests.given, ...c.rule.tests.mustMatch, ...c.rule.tests.mustNotMatch])
    .map((raw, i) => ({ ref: String(i), event: at(raw) }));
  inputs.push({ ref: 'resize', event: at({ event: 'resize', user: 'alice', sid: 's-1' }) });
  const run = (batch: EvaluationInput[]) => {
    const store: StateStore = new Map();
    const { firings, changed } = evaluateBatch({ rules, inputs: batch, store });
    return { firings, changed, keys: [...joinKeysToLoad(rules, batch), ...groupKeysToLoad(rules, batch, store)] };
  };
  const screened = inputs.filter((input) => screen(input.event));
  assert.ok(screened.length < inputs.length, 'the screen left something out');
  const all = run(inputs);
  assert.ok(all.firings.length > 0 && all.changed.length > 0);
  const { keys, ...outcome } = run(screened);
  assert.deepEqual(outcome, { firings: all.firings, changed: all.changed });
  assert.deepEqual(keys, all.keys, 'and the same state rows to load');
});
