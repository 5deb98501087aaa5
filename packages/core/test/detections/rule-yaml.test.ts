import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { parseRuleYaml, ruleToYaml } from '../../src/detections/rules/rule-yaml.js';

const RULE = `id: auth-error-burst
version: 2
title: Burst of authentication errors
description: |
  Ten failed SSH authentications for one user in fifteen minutes.
  Brute force, or a broken automation.
kind: threshold
severity: medium
query: event:auth error:*
threshold:
  count: 10
  windowSeconds: 900
groupBy: [user]
mitre: [T1110, TA0006]
runbook: |
  1. Find the user's other events.
tests:
  mustMatch:
    - { event: auth, user: alice, error: denied, time: "2026-01-01T00:00:00Z" }
`;

/** The rule.invalid error a YAML text gives, for asserting on its message and details. */
function invalid(text: string): AppError {
  try {
    parseRuleYaml(text);
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'rule.invalid');
    return err;
  }
  assert.fail('expected rule.invalid');
}

test('a rule file parses, with defaults for what it leaves out', () => {
  const rule = parseRuleYaml(RULE);
  assert.equal(rule.id, 'auth-error-burst');
  assert.deepEqual(rule.threshold, { count: 10, windowSeconds: 900 });
  assert.equal(rule.enabled, true);
  assert.equal(rule.dedupWindowSeconds, 3_600);
  assert.deepEqual(rule.where, []);
  assert.equal(rule.description, 'Ten failed SSH authentications for one user in fifteen minutes.\nBrute force, or a broken automation.\n');
  assert.equal(rule.tests.mustMatch[0]!.time, '2026-01-01T00:00:00Z');
});

test('ruleToYaml round-trips, in a stable order, with multi-line text as blocks and events on one line each', () => {
  const rule = parseRuleYaml(RULE);
  const text = ruleToYaml(rule);
  assert.deepEqual(parseRuleYaml(text), rule);
  assert.equal(ruleToYaml(parseRuleYaml(text)), text);
  const keys = text.split('\n').filter((l) => /^[a-zA-Z]/.test(l)).map((l) => l.split(':')[0]);
  assert.deepEqual(keys, ['id', 'version', 'title', 'description', 'kind', 'severity', 'enabled', 'query', 'threshold', 'groupBy', 'dedupWindowSeconds', 'mitre', 'runbook', 'tests']);
  assert.match(text, /description: \|\n {2}Ten failed/);
  assert.match(text, /\n {4}- { event: auth, user: alice, error: denied, time: "?2026-01-01T00:00:00Z"? }\n/);
});

test('a wrong type names the field, its line and its column', () => {
  const err = invalid(RULE.replace('count: 10', 'count: ten'));
  assert.match(err.message, /^line 11, column 10: threshold\.count: /);
  assert.deepEqual([err.details?.field, err.details?.line, err.details?.column], ['threshold.count', 11, 10]);
});

test('a missing part of the kind points at the rule', () => {
  const err = invalid(RULE.replace(/threshold:\n {2}count: 10\n {2}windowSeconds: 900\n/, ''));
  assert.match(err.message, /threshold: a threshold rule needs threshold: \{ count, windowSeconds \}/);
  assert.equal(err.details?.field, 'threshold');
});

test('an unknown key is named, as a typo would otherwise be silently ignored', () => {
  const err = invalid(RULE.replace('groupBy: [user]', 'groupby: [user]'));
  assert.match(err.message, /groupby/);
});

test('a YAML syntax error gives its line', () => {
  const err = invalid(RULE.replace('groupBy: [user]', 'groupBy: [user'));
  assert.match(err.message, /^line \d+, column \d+: /);
  assert.equal(typeof err.details?.line, 'number');
});

test('queries are checked as rules check them, at the query\'s line', () => {
  const err = invalid(RULE.replace('query: event:auth error:*', 'query: event:auth time:>2026-01-01T00:00:00Z'));
  assert.match(err.message, /^line 9, column 8: query: time: is not supported in rules/);
});

test('ids, MITRE tags and field names are validated', () => {
  assert.match(invalid(RULE.replace('id: auth-error-burst', 'id: Auth Errors')).message, /id: a slug/);
  assert.match(invalid(RULE.replace('[T1110, TA0006]', '[T1110, attack.t1110]')).message, /mitre\.1: an ATT&CK technique/);
  assert.match(invalid(RULE.replace('groupBy: [user]', 'groupBy: [usr]')).message, /groupBy\.0: unknown field "usr"/);
  assert.match(invalid(RULE.replace('groupBy: [user]', 'groupBy: [source]')).message, /not part of the event/);
  const wrongKind = invalid(RULE.replace('kind: threshold', 'kind: new_value'));
  assert.match(wrongKind.message, /^line 10, column 1: threshold: threshold is only for kind threshold, not new_value/);
  assert.deepEqual((wrongKind.details?.issues as { field: string }[]).map((i) => i.field), ['threshold', 'newValue']);
});

test('where predicates are checked: one name each, known fields, joined fields only with a join', () => {
  const withWhere = (where: string) => RULE.replace('groupBy: [user]', `groupBy: [user]\nwhere:\n${where}`);
  assert.match(invalid(withWhere('  - { fieldsEqual: [user, joined.user] }')).message, /where\.0: "joined\.user" needs a join/);
  assert.match(invalid(withWhere('  - { fieldsEqual: [user, login], contains: { field: user, values: [a] } }')).message, /exactly one of/);
  assert.match(invalid(withWhere('  - { firstForKey: true }')).message, /needs a join/);
  assert.match(invalid(withWhere('  - { durationAtLeast: { from: time, to: cert_expires, seconds: -1 } }')).message, /where\.0\.durationAtLeast\.seconds/);
  assert.match(invalid(withWhere('  - { query: "source:x" }')).message, /where\.0\.query: source: is not supported/);
});

test('test events must be Teleport events', () => {
  assert.match(invalid(RULE.replace('{ event: auth, user: alice', '{ user: alice')).message, /tests\.mustMatch\.0: a test event is a Teleport event/);
});
