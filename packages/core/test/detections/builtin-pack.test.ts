import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { runRuleTests } from '../../src/detections/evaluation/rule-test-run.js';
import { parseRuleYaml, ruleToYaml } from '../../src/detections/rules/rule-yaml.js';

const pack = loadBuiltinPack();

// Panther's 13 managed Teleport rules, as rules of this pack.
const PANTHER = [
  'teleport-auth-errors', 'teleport-company-domain-login-without-sso', 'teleport-sso-login-foreign-domain', 'teleport-local-login-without-mfa',
  'teleport-long-lived-certificate', 'teleport-lock-created', 'teleport-role-created-or-updated', 'teleport-saml-connector-created',
  'teleport-root-login', 'teleport-os-account-changes', 'teleport-network-scanning', 'teleport-crontab-edit', 'teleport-suspicious-commands',
];

test('the pack holds Panther\'s 13 rules and at least 12 of its own', () => {
  const ids = pack.map((r) => r.id);
  for (const id of PANTHER) assert.ok(ids.includes(id), id);
  assert.ok(ids.length - PANTHER.length >= 12, `${ids.length - PANTHER.length} new rules`);
});

for (const rule of pack) {
  test(`${rule.id}: its test events fire it and its other test events do not`, () => {
    assert.ok(rule.tests.mustMatch.length > 0, 'has events that must fire it');
    assert.ok(rule.tests.mustNotMatch.length > 0, 'has events that must not');
    assert.deepEqual(runRuleTests(rule), []);
  });
}

test('every pack rule round-trips through YAML and is on by default, with ATT&CK tags and a runbook', () => {
  for (const rule of pack) {
    assert.deepEqual(parseRuleYaml(ruleToYaml(rule)), rule, rule.id);
    assert.equal(rule.enabled, true, rule.id);
    assert.ok(rule.mitre.length > 0, `${rule.id} has ATT&CK tags`);
    assert.ok(rule.runbook.length > 0, `${rule.id} has a runbook`);
  }
});

test('a rule whose test case is wrong is caught by its own tests', () => {
  const rule = pack.find((r) => r.id === 'teleport-root-login')!;
  const broken = { ...rule, tests: { ...rule.tests, mustNotMatch: [...rule.tests.mustNotMatch, rule.tests.mustMatch[0]!] } };
  assert.deepEqual(runRuleTests(broken).map((f) => f.case), [`mustNotMatch.${rule.tests.mustNotMatch.length}`]);
});
