import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { eventTypesOf, ruleEventTypes } from '../../src/detections/evaluation/event-type-filter.js';
import { compileRuleQuery } from '../../src/detections/matcher/rule-query.js';

const types = (q: string) => {
  const t = eventTypesOf(compileRuleQuery(q).condition);
  return t ? [...t].sort() : null;
};

test('a query names the event types it can match: exact types, OR of them, the narrowest side of an AND', () => {
  assert.deepEqual(types('event:session.start login:root'), ['session.start']);
  assert.deepEqual(types('(event:bot.join OR event:instance.join) success:true'), ['bot.join', 'instance.join']);
  assert.deepEqual(types('event:auth OR event:user.login'), ['auth', 'user.login']);
});

test('a query that may match other types names none: wildcards, NOT, an OR with a side that names none', () => {
  assert.equal(types('event:session.*'), null);
  assert.equal(types('-event:auth'), null);
  assert.equal(types('event:auth OR user:alice'), null);
  assert.equal(types('user:alice'), null);
});

test('a join rule sees its joined events\' types too, and every built-in rule still sees the events of its own tests', () => {
  const pack = loadBuiltinPack();
  const selfApproved = compileRule(pack.find((r) => r.id === 'access-request-self-approved')!);
  assert.deepEqual([...ruleEventTypes(selfApproved)!].sort(), ['access_request.create', 'access_request.review', 'access_request.update']);
  for (const rule of pack) {
    const allowed = ruleEventTypes(compileRule(rule));
    if (!allowed) continue;
    for (const raw of rule.tests.mustMatch) assert.ok(allowed.has(String(raw.event)), `${rule.id} would skip its own mustMatch ${String(raw.event)}`);
  }
});
