import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { AppError } from '../../src/errors.js';
import { normalizeEvent } from '../../src/events/normalize-event.js';
import { loadBuiltinPack } from '../../src/detections/builtin-pack.js';
import { compileRule } from '../../src/detections/evaluation/compiled-rule.js';
import { runRuleTests } from '../../src/detections/evaluation/rule-test-run.js';
import { ruleToSigma } from '../../src/detections/sigma/sigma-export.js';
import { sigmaToRule } from '../../src/detections/sigma/sigma-import.js';
import { stableUuid } from '../../src/detections/sigma/stable-uuid.js';
import { normalizeOk } from '../normalize-support.js';

const pack = loadBuiltinPack();
const RECEIVED_AT = new Date('2030-01-01T00:00:00Z');

test('every pack rule exports as Teleport Sigma: logsource, level, ATT&CK tags, a stable id', () => {
  for (const rule of pack) {
    const [detection, correlation] = parseAllDocuments(ruleToSigma(rule)).map((d) => d.toJS() as Record<string, unknown>);
    assert.deepEqual(detection!.logsource, { product: 'teleport', service: 'audit' }, rule.id);
    assert.equal(detection!.id, stableUuid(rule.id));
    assert.match(String(detection!.id), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const outer = correlation ?? detection!;
    assert.equal(outer.level, { info: 'informational', low: 'low', medium: 'medium', high: 'high', critical: 'critical' }[rule.severity]);
    for (const tag of outer.tags as string[]) assert.match(tag, /^attack\.(t\d{4}(\.\d{3})?|[a-z_]+)$/, `${rule.id}: ${tag}`);
    assert.equal(correlation !== undefined, rule.kind === 'threshold', `${rule.id}: a correlation exactly for threshold rules`);
  }
  assert.equal(ruleToSigma(pack[0]!), ruleToSigma(pack[0]!), 'the same export every time');
});

test('pack → Sigma → rule matches the same test events, and keeps its kind, window and tests passing', () => {
  for (const rule of pack) {
    const { rule: back } = sigmaToRule(ruleToSigma(rule));
    assert.equal(back.id, rule.id);
    assert.equal(back.kind, rule.kind, rule.id);
    assert.deepEqual(back.threshold, rule.threshold, rule.id);
    assert.deepEqual(back.mitre, rule.mitre, rule.id);
    assert.equal(back.severity, rule.severity, rule.id);
    const [a, b] = [compileRule(rule), compileRule(back)];
    const events = [...rule.tests.given, ...rule.tests.mustMatch, ...rule.tests.mustNotMatch];
    for (const [i, raw] of events.entries()) {
      const result = normalizeEvent(raw, { receivedAt: RECEIVED_AT });
      assert.ok(result.ok);
      assert.equal(b.query(result.event), a.query(result.event), `${rule.id}: test event ${i} (${back.query})`);
    }
    assert.deepEqual(runRuleTests({ ...back, tests: rule.tests }), [], rule.id);
  }
});

test('the exported detection alone says what it can: a rule with where or a join is marked unsupported', () => {
  const byId = new Map(pack.map((r) => [r.id, r]));
  assert.equal(parse(ruleToSigma(byId.get('teleport-root-login')!)).status, 'test');
  assert.equal(parse(ruleToSigma(byId.get('teleport-crontab-edit')!)).status, 'unsupported');
  const root = parse(ruleToSigma(byId.get('teleport-root-login')!));
  assert.deepEqual(root.detection, { selection: { event: 'session.start', login: 'root' }, condition: 'selection' });
});

const sigma = (detection: string, { logsource = 'product: teleport\n  service: audit', extra = '' } = {}) =>
  `title: Imported rule\nid: 5d2c0c6b-2f4e-4c1c-9f5a-000000000001\nlogsource:\n  ${logsource}\ndetection:\n${detection}\nlevel: high\ntags:\n  - attack.t1078.003\n  - attack.privilege_escalation\n  - cve.2024-1234\n${extra}`;
const event = (fields: Record<string, unknown>) => normalizeOk({ time: '2026-01-01T00:00:00Z', ...fields });

test('a Teleport Sigma rule becomes a rule: fields, modifiers, lists, conditions, level and tags', () => {
  const { rule, warnings } = sigmaToRule(sigma(`  selection:
    event: session.start
    login:
      - root
      - admin
  filter_host:
    server_hostname|startswith: bastion
  condition: selection and not filter_host`));
  assert.equal(rule.id, 'imported-rule');
  assert.equal(rule.severity, 'high');
  assert.deepEqual(rule.mitre, ['T1078.003', 'TA0004']);
  assert.equal(rule.query, 'event:session.start AND (login:root OR login:admin) AND NOT server_hostname:bastion*');
  assert.deepEqual(warnings, []);
  const { query } = compileRule(rule);
  assert.equal(query(event({ event: 'session.start', login: 'root', server_hostname: 'web-1' })), true);
  assert.equal(query(event({ event: 'session.start', login: 'root', server_hostname: 'bastion-1' })), false);
});

test('contains, endswith, all, exists, cidr, numbers and keywords convert; 1 of and all of expand', () => {
  const { rule, warnings } = sigmaToRule(sigma(`  selection_cmd:
    program: curl
    argv.0|contains|all:
      - http
      - evil
  selection_net:
    addr.remote|cidr: 10.0.0.0/8
  selection_exit:
    exitCode|gt: 0
  filter_err:
    error|exists: true
  keywords:
    '|all':
      - secret
      - token
  condition: 1 of selection_* and not filter_err or all of keywords`));
  assert.equal(rule.query, '(((program:curl AND raw.argv.0:*http* AND raw.argv.0:*evil*) OR ip:10.0.0.0/8 OR raw.exitCode:>0) AND NOT error:*) OR ("secret" AND "token")');
  assert.ok(warnings.some((w) => /program: compared case-sensitively/.test(w)), warnings.join('; '));
  const { query } = compileRule(rule);
  assert.equal(query(event({ event: 'session.command', program: 'curl', argv: ['http://evil.example'] })), true);
  assert.equal(query(event({ event: 'session.command', program: 'curl', argv: ['http://fine.example'], 'addr.remote': '192.0.2.1:1' })), false);
  assert.equal(query(event({ event: 'x', 'addr.remote': '10.1.2.3:4000' })), true);
  assert.equal(query(event({ event: 'x', 'addr.remote': '10.1.2.3:4000', error: 'boom' })), false);
  assert.equal(query(event({ event: 'x', note: 'a Secret and a TOKEN' })), true, 'keywords ignore case, as free text does');
  assert.equal(query(event({ event: 'exec', exitCode: 2 })), true);
});

function refused(text: string, message: RegExp, code = 'sigma.unsupported') {
  assert.throws(() => sigmaToRule(text), (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

test('what cannot be converted is refused, naming the construct', () => {
  refused(sigma('  selection:\n    EventID: 4624\n  condition: selection', { logsource: 'product: windows\n  service: security' }), /logsource product 'windows' is not Teleport/);
  refused(sigma('  selection:\n    event: auth\n  condition: selection').replace(/logsource:\n {2}product: teleport\n {2}service: audit\n/, ''), /logsource product is missing/);
  refused(sigma('  selection:\n    event: auth\n  condition: selection | count(user) > 10'), /aggregation conditions \(\| count\(\) …\) are not supported; use a threshold rule/);
  refused(sigma('  selection:\n    command|base64offset|contains: curl\n  condition: selection'), /Sigma modifier 'base64offset' is not supported/);
  refused(sigma('  selection:\n    command|re: "^curl .*"\n  condition: selection'), /Sigma modifier 're' is not supported: the search language has no regular expressions/);
  refused(sigma('  selection:\n    user|fieldref: reviewer\n  condition: selection'), /Sigma modifier 'fieldref' is not supported/);
  refused(sigma('  selection:\n    program: c?rl\n  condition: selection'), /wildcard \? \(any one character\) is not supported/);
  refused(sigma('  selection:\n    program: "a\\\\*b"\n  condition: selection'), /a literal \* cannot be searched for/);
  refused(sigma('  selection:\n    event: auth\n  timeframe: 5m\n  condition: selection'), /timeframe/);
  refused(sigma('  a:\n    event: auth\n  b:\n    event: user.login\n  condition: a near b'), /near operator is not supported/);
  refused(sigma('  selection:\n    event: auth\n  condition: 2 of selection'), /"2 of" is not supported/);
  refused(sigma('  selection:\n    path|cidr: 10.0.0.0/8\n  condition: selection'), /cidr modifier on path is not supported/);
  refused(sigma("  selection:\n    time: '2026-01-01T00:00:00Z'\n  condition: selection"), /time: is not supported in rules/);
  refused(sigma('  selection:\n    event: auth\n  condition: selection and other'), /names "other", which is not a search identifier/, 'sigma.invalid');
  refused(`${sigma('  selection:\n    event: auth\n  condition: selection').replace('title: Imported rule', 'title: Imported rule\nname: base')}---\ntitle: c\ncorrelation:\n  type: temporal\n  rules: [base]\n  group-by: [user]\n  timespan: 5m\n`, /correlation type 'temporal' is not supported/);
});

test('an event_count correlation over the rule imports as a threshold rule', () => {
  const text = `${sigma('  selection:\n    event: auth\n    error|exists: true\n  condition: selection').replace('title: Imported rule', 'title: Imported rule\nname: auth_failures')}---\ntitle: Many auth failures\ncorrelation:\n  type: event_count\n  rules: [auth_failures]\n  group-by: [user]\n  timespan: 15m\n  condition:\n    gt: 9\nlevel: medium\n`;
  const { rule } = sigmaToRule(text);
  assert.equal(rule.kind, 'threshold');
  assert.deepEqual(rule.threshold, { count: 10, windowSeconds: 900 });
  assert.deepEqual(rule.groupBy, ['user_name']);
  assert.equal(rule.severity, 'medium');
  assert.equal(rule.title, 'Many auth failures');
});
