import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseRuleYaml } from '@tai/core';
import { parseAllDocuments } from 'yaml';
import { callerFor, setupApp, type Caller, type TestApp } from './support/app.js';

// The rules API: rules as data (JSON or YAML), versions, tests run on save, export and import (ours and
// Sigma), and backtests over stored events, per tenant.
let t: TestApp;
let reader: Caller;
let token: string;

before(async () => {
  t = await setupApp();
  const key = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'rules-reader', role: 'reader' } });
  reader = callerFor(t.app, key.json().secret);
  const source = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: { clusterName: 'prod.example.com' } } });
  ({ token } = source.json().webhook);
});
after(() => t.close());

const yaml = { 'content-type': 'application/yaml' };
const denial = (user: string, minute: number, base = '2024-03-01T10:00:00Z') =>
  `    - { event: auth, code: T3007W, success: false, error: "ssh: principal denied", user: ${user}, time: "${new Date(Date.parse(base) + minute * 60_000).toISOString()}" }`;
const burstRule = ({ id = 'ssh-denied-burst', title = 'SSH denials in a burst', count = 3, mustMatchUser = 'mallory' } = {}) => [
  `id: ${id}`,
  `title: ${title}`,
  'kind: threshold',
  'severity: high',
  'query: event:auth error:*',
  `threshold: { count: ${count}, windowSeconds: 300 }`,
  'groupBy: [user]',
  'mitre: [T1110]',
  'tests:',
  '  mustMatch:',
  denial(mustMatchUser, 0), denial(mustMatchUser, 1), denial(mustMatchUser, 2),
  '  mustNotMatch:',
  denial('trent', 0), denial('trent', 6),
  '',
].join('\n');

test('the list shows the built-in pack, filterable by kind', async () => {
  const res = await reader({ method: 'GET', url: '/v1/rules' });
  assert.equal(res.statusCode, 200, res.body);
  const data = res.json().data as Array<{ id: string; builtin: boolean; edited: boolean; version: number; mitre: string[]; kind: string; updatedBy: string }>;
  assert.ok(data.length >= 25, `${data.length} rules`);
  const root = data.find((r) => r.id === 'teleport-root-login');
  assert.ok(root, 'teleport-root-login is listed');
  assert.equal(root.builtin, true);
  assert.equal(root.edited, false);
  assert.equal(root.version, 1);
  assert.deepEqual(root.mitre, ['T1078.003']);
  const thresholds = (await reader({ method: 'GET', url: '/v1/rules?kind=threshold' })).json().data as Array<{ kind: string }>;
  assert.ok(thresholds.length > 0 && thresholds.every((r) => r.kind === 'threshold'));
});

test('a rule reads as JSON with its meta, as its YAML file with Accept, and as Sigma', async () => {
  const json = await reader({ method: 'GET', url: '/v1/rules/teleport-root-login' });
  assert.equal(json.statusCode, 200);
  assert.equal(json.json().rule.query, 'event:session.start login:root');
  assert.equal(json.json().meta.builtin, true);
  assert.equal(json.headers.etag, '"1"');

  const asYaml = await reader({ method: 'GET', url: '/v1/rules/teleport-root-login', headers: { accept: 'application/yaml' } });
  assert.equal(asYaml.statusCode, 200);
  assert.match(String(asYaml.headers['content-type']), /^application\/yaml/);
  assert.deepEqual(parseRuleYaml(asYaml.body), json.json().rule, 'the YAML is the same rule');
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/teleport-root-login?format=yaml' })).body, asYaml.body);

  const sigma = await reader({ method: 'GET', url: '/v1/rules/teleport-root-login?format=sigma' });
  assert.equal(sigma.statusCode, 200);
  const doc = parseAllDocuments(sigma.body) as unknown as Array<{ toJS: () => Record<string, unknown> }>;
  assert.deepEqual(doc[0]!.toJS().logsource, { product: 'teleport', service: 'audit' });
});

test('PUT of a new threshold rule from YAML creates version 1; PUT again makes version 2, both listed, the old one readable', async () => {
  const created = await t.tenant.call({ method: 'PUT', url: '/v1/rules/ssh-denied-burst', headers: yaml, payload: burstRule() });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().rule.version, 1);
  assert.equal(created.json().rule.kind, 'threshold');
  assert.equal(created.json().meta.builtin, false);
  assert.match(created.json().meta.updatedBy, /^api key /, 'who saved it');

  const replaced = await t.tenant.call({ method: 'PUT', url: '/v1/rules/ssh-denied-burst', headers: { ...yaml, 'if-match': '"1"' }, payload: burstRule({ title: 'SSH denials, three in five minutes' }) });
  assert.equal(replaced.statusCode, 200, replaced.body);
  assert.equal(replaced.json().rule.version, 2);
  assert.equal(replaced.headers.etag, '"2"');

  const versions = await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst/versions' });
  assert.deepEqual((versions.json().data as Array<{ version: number }>).map((v) => v.version), [2, 1]);
  const first = await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst/versions/1' });
  assert.equal(first.json().rule.title, 'SSH denials in a burst');
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst/versions/9' })).statusCode, 404);

  const audit = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log' })).json().data as Array<{ action: string; target: { id: string } }>;
  assert.ok(audit.some((a) => a.action === 'rule.create' && a.target.id === 'ssh-denied-burst'), 'creation audited');
  assert.ok(audit.some((a) => a.action === 'rule.update' && a.target.id === 'ssh-denied-burst'), 'replacement audited');
});

test('a JSON rule without an id takes the path\'s; a different id is refused', async () => {
  const rule = { title: 'Lock created', kind: 'match', severity: 'info', query: 'event:lock.created' };
  const res = await t.tenant.call({ method: 'PUT', url: '/v1/rules/lock-created-json', payload: rule });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().rule.id, 'lock-created-json');
  const other = await t.tenant.call({ method: 'PUT', url: '/v1/rules/lock-created-json', payload: { ...rule, id: 'something-else' } });
  assert.equal(other.statusCode, 400);
  assert.equal(other.json().error.details.field, 'id');
});

test('a rule whose mustMatch events do not fire it is refused with 422 rule.test_failed naming the case', async () => {
  const rule = { title: 'Root login', kind: 'match', severity: 'medium', query: 'event:session.start login:root', tests: { mustMatch: [{ event: 'session.start', login: 'alice', user: 'alice', time: '2024-01-01T00:00:00Z' }] } };
  const res = await t.tenant.call({ method: 'PUT', url: '/v1/rules/root-login-broken', payload: rule });
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().error.code, 'rule.test_failed');
  assert.equal(res.json().error.details.failures[0].case, 'mustMatch.0');
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/root-login-broken' })).statusCode, 404, 'not saved');
});

test('an invalid rule is refused with 400 rule.invalid listing every issue; YAML issues name their line', async () => {
  const res = await t.tenant.call({ method: 'PUT', url: '/v1/rules/bad-rule', payload: { title: '', kind: 'threshold', severity: 'urgent', query: 'event:auth' } });
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json().error.code, 'rule.invalid');
  const fields = (res.json().error.details.issues as Array<{ field: string }>).map((i) => i.field);
  for (const field of ['title', 'severity']) assert.ok(fields.includes(field), `${field} in ${fields}`);

  const fromYaml = await t.tenant.call({ method: 'PUT', url: '/v1/rules/ssh-denied-burst', headers: yaml, payload: burstRule({ count: 0 }) });
  assert.equal(fromYaml.statusCode, 400);
  assert.equal(fromYaml.json().error.details.field, 'threshold.count');
  assert.equal(fromYaml.json().error.details.line, 6);
});

test('a save from a stale version (If-Match or expectVersion) is 409 and changes nothing', async () => {
  const stale = await t.tenant.call({ method: 'PUT', url: '/v1/rules/ssh-denied-burst', headers: { ...yaml, 'if-match': '1' }, payload: burstRule({ title: 'lost update' }) });
  assert.equal(stale.statusCode, 409, stale.body);
  assert.equal(stale.json().error.details.currentVersion, 2);
  const current = (await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst' })).json().rule;
  const viaBody = await t.tenant.call({ method: 'PUT', url: '/v1/rules/ssh-denied-burst', payload: { ...current, title: 'lost too', expectVersion: 1 } });
  assert.equal(viaBody.statusCode, 409);
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst' })).json().rule.version, 2);
});

test('PATCH disables a rule without a new version', async () => {
  const res = await t.tenant.call({ method: 'PATCH', url: '/v1/rules/teleport-lock-created', payload: { enabled: false } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().rule.enabled, false);
  assert.equal(res.json().rule.version, 1);
  const listed = (await reader({ method: 'GET', url: '/v1/rules?enabled=false' })).json().data as Array<{ id: string }>;
  assert.deepEqual(listed.map((r) => r.id), ['teleport-lock-created']);
  assert.equal((await t.tenant.call({ method: 'PATCH', url: '/v1/rules/no-such-rule', payload: { enabled: true } })).statusCode, 404);
});

test('a deleted built-in rule comes back with builtin/install, and only it', async () => {
  assert.equal((await t.tenant.call({ method: 'DELETE', url: '/v1/rules/teleport-root-login' })).statusCode, 204);
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/teleport-root-login' })).statusCode, 404);
  assert.equal((await t.tenant.call({ method: 'DELETE', url: '/v1/rules/teleport-root-login' })).statusCode, 404);
  const installed = await t.tenant.call({ method: 'POST', url: '/v1/rules/builtin/install' });
  assert.equal(installed.statusCode, 200, installed.body);
  assert.deepEqual(installed.json(), { installed: 1 });
  const back = await reader({ method: 'GET', url: '/v1/rules/teleport-root-login' });
  assert.equal(back.json().rule.version, 1);
  assert.equal(back.json().meta.builtin, true);
});

test('POST /v1/rules/test checks a rule without saving it', async () => {
  const ok = await reader({ method: 'POST', url: '/v1/rules/test', headers: yaml, payload: burstRule({ id: 'draft-burst' }) });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { valid: true, issues: [], failures: [] });
  const failing = await reader({ method: 'POST', url: '/v1/rules/test', headers: yaml, payload: burstRule({ id: 'draft-burst', count: 4 }) });
  assert.equal(failing.json().valid, false);
  assert.equal(failing.json().failures[0].case, 'mustMatch');
  const invalid = await reader({ method: 'POST', url: '/v1/rules/test', payload: { id: 'draft', title: 'x', kind: 'match', severity: 'low', query: 'time:>-1h' } });
  assert.equal(invalid.json().valid, false);
  assert.equal(invalid.json().issues[0].field, 'query');
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/draft-burst' })).statusCode, 404);
});

test('export then import into another tenant gives it the same rules', async () => {
  const exported = await t.tenant.call({ method: 'GET', url: '/v1/rules/export' });
  assert.equal(exported.statusCode, 200);
  assert.match(String(exported.headers['content-type']), /^application\/yaml/);
  assert.equal(exported.headers['content-disposition'], 'attachment; filename=teleport-audit-rules.yaml');
  const b = await t.newTenant('rules-b');
  const imported = await b.call({ method: 'POST', url: '/v1/rules/import', headers: yaml, payload: exported.body });
  assert.equal(imported.statusCode, 200, imported.body);
  const a = (await t.tenant.call({ method: 'GET', url: '/v1/rules' })).json().data as Array<{ id: string }>;
  assert.equal(imported.json().imported.length, a.length);
  assert.ok((imported.json().imported as Array<{ id: string; created: boolean }>).some((r) => r.id === 'ssh-denied-burst' && r.created));

  const definitions = async (call: Caller) => {
    const out = new Map<string, unknown>();
    for (const { id } of (await call({ method: 'GET', url: '/v1/rules' })).json().data as Array<{ id: string }>) {
      const { version: _v, ...rule } = (await call({ method: 'GET', url: `/v1/rules/${id}` })).json().rule;
      out.set(id, rule);
    }
    return out;
  };
  assert.deepEqual(await definitions(b.call), await definitions(t.tenant.call));
  assert.equal((await b.call({ method: 'GET', url: '/v1/rules/teleport-lock-created' })).json().rule.enabled, false, 'a disabled rule stays disabled');
});

test('an import is all or nothing and names the failing document and rule', async () => {
  const c = await t.newTenant('rules-c');
  const stream = `${burstRule({ id: 'first-ok' })}---\n${burstRule({ id: 'second-broken', count: 4 })}`;
  const res = await c.call({ method: 'POST', url: '/v1/rules/import', headers: yaml, payload: stream });
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().error.code, 'rule.test_failed');
  assert.equal(res.json().error.details.document, 2);
  assert.equal(res.json().error.details.ruleId, 'second-broken');
  assert.match(res.json().error.message, /^document 2 \(second-broken\)/);
  assert.equal((await c.call({ method: 'GET', url: '/v1/rules/first-ok' })).statusCode, 404, 'nothing saved');

  const invalid = await c.call({ method: 'POST', url: '/v1/rules/import', headers: yaml, payload: `${burstRule({ id: 'first-ok' })}---\nid: x\ntitle: y\nkind: nope\n` });
  assert.equal(invalid.statusCode, 400);
  assert.equal(invalid.json().error.details.document, 2);
  assert.equal(invalid.json().error.details.line, 20, 'the line in the whole stream');
  const json = await c.call({ method: 'POST', url: '/v1/rules/import', payload: { rules: [] } });
  assert.equal(json.statusCode, 415);
});

test('a Sigma rule for Teleport imports; an aggregation or another product is refused naming the construct', async () => {
  const sigma = [
    'title: Teleport user created',
    'name: sigma-user-created',
    'status: test',
    'logsource: { product: teleport, service: audit }',
    'detection:',
    '  selection:',
    '    event: user.create',
    '  condition: selection',
    'level: high',
    'tags: [attack.t1136]',
    '',
  ].join('\n');
  const res = await t.tenant.call({ method: 'POST', url: '/v1/rules/import?format=sigma&enabled=false', headers: { 'content-type': 'text/yaml' }, payload: sigma });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().imported[0].id, 'sigma-user-created');
  const rule = (await reader({ method: 'GET', url: '/v1/rules/sigma-user-created' })).json().rule;
  assert.equal(rule.severity, 'high');
  assert.equal(rule.enabled, false);
  assert.deepEqual(rule.mitre, ['T1136']);

  const aggregation = sigma.replace('  condition: selection', '  timeframe: 5m\n  condition: selection | count() > 5');
  const refused = await t.tenant.call({ method: 'POST', url: '/v1/rules/import?format=sigma', headers: yaml, payload: `${sigma.replace('sigma-user-created', 'other-ok')}---\n${aggregation}` });
  assert.equal(refused.statusCode, 422, refused.body);
  assert.equal(refused.json().error.code, 'sigma.unsupported');
  assert.equal(refused.json().error.details.construct, 'timeframe');
  assert.equal(refused.json().error.details.document, 2);

  const windows = await t.tenant.call({ method: 'POST', url: '/v1/rules/import?format=sigma', headers: yaml, payload: sigma.replace('product: teleport', 'product: windows') });
  assert.equal(windows.statusCode, 422);
  assert.equal(windows.json().error.details.construct, 'logsource.product');
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/other-ok' })).statusCode, 404);
});

test('a Sigma export skips what Sigma cannot say and names it; it imports back', async () => {
  const longCert = { title: 'Certificate expiring after 2030', kind: 'match', severity: 'low', query: 'event:cert.create cert_expires:>2030-01-01T00:00:00Z' };
  assert.equal((await t.tenant.call({ method: 'PUT', url: '/v1/rules/cert-after-2030', payload: longCert })).statusCode, 201);
  const one = await reader({ method: 'GET', url: '/v1/rules/cert-after-2030?format=sigma' });
  assert.equal(one.statusCode, 422, one.body);
  assert.equal(one.json().error.code, 'sigma.unsupported');
  assert.equal(one.json().error.details.construct, 'time comparison');

  const exported = await reader({ method: 'GET', url: '/v1/rules/export?format=sigma' });
  assert.equal(exported.statusCode, 200);
  assert.match(exported.body, /^# Not exported: 1 rule\(s\) Sigma cannot express:\n# {3}cert-after-2030: /);
  const docs = parseAllDocuments(exported.body) as unknown as Array<{ toJS: () => Record<string, unknown> }>;
  assert.ok(docs.length >= 25);
  assert.ok(docs.every((d) => (d.toJS().logsource as { product?: string } | undefined)?.product === 'teleport' || 'correlation' in d.toJS()));
  const d = await t.newTenant('rules-sigma');
  const imported = await d.call({ method: 'POST', url: '/v1/rules/import?format=sigma', headers: yaml, payload: exported.body });
  assert.equal(imported.statusCode, 200, imported.body);
  const ids = (imported.json().imported as Array<{ id: string }>).map((r) => r.id);
  assert.ok(ids.includes('ssh-denied-burst'), 'the threshold rule came back from its correlation');
  assert.ok(!ids.includes('cert-after-2030'));
  const burst = (await d.call({ method: 'GET', url: '/v1/rules/ssh-denied-burst' })).json().rule;
  assert.deepEqual(burst.threshold, { count: 3, windowSeconds: 300 });
});

test('a backtest runs a rule over stored events and returns its firings and the alerts they would make', async () => {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const events = [
    ...[0, 1, 2, 3, 4, 5].map((i) => ({ event: 'auth', code: 'T3007W', uid: `bt-m-${i}`, success: false, error: 'ssh: principal denied', user: 'mallory', time: iso(now - 40 * 60_000 + i * 30_000) })),
    ...[0, 1].map((i) => ({ event: 'auth', code: 'T3007W', uid: `bt-t-${i}`, success: false, error: 'ssh: principal denied', user: 'trent', time: iso(now - 30 * 60_000 + i * 30_000) })),
    { event: 'session.start', code: 'T2000I', uid: 'bt-s-1', user: 'mallory', login: 'root', sid: 'bt-s', time: iso(now - 20 * 60_000) },
  ];
  const posted = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/events.log`, headers: { 'content-type': 'application/x-ndjson' }, payload: events.map((e) => JSON.stringify(e)).join('\n') });
  assert.equal(posted.statusCode, 200, posted.body);

  const res = await reader({ method: 'POST', url: '/v1/rules/backtest', payload: { ruleId: 'ssh-denied-burst', from: '-2h' } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.events, 8, 'the eight auth errors, not the session');
  assert.equal(body.truncated, false);
  assert.equal(body.totalFirings, 2, 'mallory reaches three twice (a firing consumes its matches); trent never does');
  assert.deepEqual((body.firings as Array<{ group: unknown }>).map((f) => f.group), [{ user: 'mallory' }, { user: 'mallory' }]);
  assert.equal(body.firings[0].count, 3);
  assert.equal(body.alerts, 1, 'both firings fall in one alert');
  const first = await reader({ method: 'GET', url: `/v1/events/${body.firings[0].eventIds[0]}` });
  assert.equal(first.statusCode, 200);
  assert.equal(first.json().raw.uid, 'bt-m-0');

  const draft = await reader({ method: 'POST', url: '/v1/rules/backtest', payload: { rule: { id: 'draft-root', title: 'Root', kind: 'match', severity: 'low', query: 'event:session.start login:root', dedupWindowSeconds: 0 }, from: '-2h', limit: 1 } });
  assert.equal(draft.statusCode, 200, draft.body);
  assert.equal(draft.json().events, 1);
  assert.equal(draft.json().firings.length, 1);
  assert.equal(draft.json().alerts, 1);

  const earlier = await reader({ method: 'POST', url: '/v1/rules/backtest', payload: { ruleId: 'ssh-denied-burst', from: '-2h', to: '-35m' } });
  assert.equal(earlier.json().events, 6, 'only the range');
  assert.equal((await reader({ method: 'POST', url: '/v1/rules/backtest', payload: { from: '-2h' } })).statusCode, 400);
  assert.equal((await reader({ method: 'POST', url: '/v1/rules/backtest', payload: { ruleId: 'no-such-rule' } })).statusCode, 400);
});

test('a reader key may read rules but not change them', async () => {
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst' })).statusCode, 200);
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/export' })).statusCode, 200);
  for (const [method, url, payload, headers] of [
    ['PUT', '/v1/rules/ssh-denied-burst', burstRule(), yaml],
    ['PATCH', '/v1/rules/ssh-denied-burst', { enabled: false }, {}],
    ['DELETE', '/v1/rules/ssh-denied-burst', undefined, {}],
    ['POST', '/v1/rules/import', burstRule({ id: 'reader-import' }), yaml],
    ['POST', '/v1/rules/builtin/install', undefined, {}],
  ] as const) {
    const res = await reader({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
  }
  assert.equal((await reader({ method: 'GET', url: '/v1/rules/ssh-denied-burst' })).json().rule.enabled, true);
});

test('rules are per tenant: another tenant gets 404 for this one\'s custom rule and never lists it', async () => {
  const e = await t.newTenant('rules-e');
  assert.equal((await e.call({ method: 'GET', url: '/v1/rules/lock-created-json' })).statusCode, 404);
  assert.equal((await e.call({ method: 'GET', url: '/v1/rules/lock-created-json/versions' })).statusCode, 404);
  assert.equal((await e.call({ method: 'PATCH', url: '/v1/rules/lock-created-json', payload: { enabled: false } })).statusCode, 404);
  assert.equal((await e.call({ method: 'DELETE', url: '/v1/rules/lock-created-json' })).statusCode, 404);
  const ids = ((await e.call({ method: 'GET', url: '/v1/rules' })).json().data as Array<{ id: string }>).map((r) => r.id);
  assert.ok(ids.includes('teleport-root-login'), 'its own built-ins');
  assert.ok(!ids.includes('lock-created-json') && !ids.includes('ssh-denied-burst'));
  assert.equal((await e.call({ method: 'POST', url: '/v1/rules/backtest', payload: { ruleId: 'ssh-denied-burst' } })).statusCode, 400);
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/lock-created-json' })).statusCode, 200);
});
