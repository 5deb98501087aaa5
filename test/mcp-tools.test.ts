import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { injectRestClient } from '../apps/api/src/modules/mcp/inject-rest-client.js';
import { createMcpServer } from '../apps/api/src/modules/mcp/mcp-server.js';
import { createRateLimiter } from '../apps/api/src/modules/mcp/rate-limiter.js';
import type { RestClient } from '../apps/api/src/modules/mcp/rest-client.js';
import { encodeCursor } from '../apps/api/src/modules/mcp/tool-cursor.js';
import { TOOLS } from '../apps/api/src/modules/mcp/tools/tool-list.js';
import { callerFor, setupApp, type TestApp } from './support/app.js';
import { evaluateQueued } from './support/detections.js';
import { LAST_NIGHT, postEvents, searchDataset, seedFleets, type SearchDataset } from './support/search-dataset.js';
import type { ScenarioEvent } from './support/teleport-scenario.js';

// The MCP server's tools through an SDK client, against the search dataset posted through the real webhook path:
// in-process over /mcp (the client's fetch is app.inject), and over an in-memory transport for the limits. Every
// expected answer is computed from the events themselves.
let t: TestApp;
let data: SearchDataset;
let all: ScenarioEvent[];
let sources: Record<string, string>;
let adminA: Client;
let readerA: Client;
let adminB: Client;
let tenantB: { tenantId: string; apiKey: string };
let alertIds: string[] = [];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** fetch over app.inject: the SDK's HTTP client transport reaches the real /mcp route without a socket. */
const injectFetch = (app: FastifyInstance) => async (url: string | URL, init?: RequestInit): Promise<Response> => {
  const u = new URL(String(url));
  const res = await app.inject({
    method: (init?.method ?? 'GET') as 'POST', url: `${u.pathname}${u.search}`,
    headers: Object.fromEntries(new Headers(init?.headers).entries()),
    ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
  return new Response([204, 304].includes(res.statusCode) ? null : res.rawPayload, { status: res.statusCode, headers });
};

/** A client of /mcp; allowChanges asks for the changing tools (?changes=allow), which are off otherwise. */
async function clientFor(apiKey: string, { allowChanges = false } = {}): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(allowChanges ? 'http://api.test/mcp?changes=allow' : 'http://api.test/mcp'), { fetch: injectFetch(t.app), requestInit: { headers: { authorization: `Bearer ${apiKey}` } } }));
  return client;
}

type Called = { isError: boolean; body: Json; text: string };
async function call(client: Client, name: string, args: Json = {}): Promise<Called> {
  const res = await client.callTool({ name, arguments: args });
  const text = (res.content as { type: string; text: string }[])[0]!.text;
  return { isError: res.isError === true, body: JSON.parse(text), text };
}
async function answer(client: Client, name: string, args: Json = {}): Promise<Json> {
  const res = await call(client, name, args);
  assert.equal(res.isError, false, `${name}: ${res.text}`);
  return res.body;
}

const inRange = (e: ScenarioEvent) => Date.parse(e.time) >= Date.parse(LAST_NIGHT.from) && Date.parse(e.time) < Date.parse(LAST_NIGHT.to);
const actorOf = (e: ScenarioEvent) => (e.user ?? (e.identity as { user?: string } | undefined)?.user ?? e.reviewer ?? e.updated_by) as string | undefined;

before(async () => {
  t = await setupApp();
  ({ data, all, sources } = await seedFleets(t));
  // Alerts: the built-in pack over the dataset (root sessions, a self-approved request…), raised by the worker's loop.
  await evaluateQueued(t.db.repos.detectionEvaluation, { waits: 400 });
  alertIds = ((await t.tenant.call({ method: 'GET', url: '/v1/alerts?limit=200' })).json().data as { id: string }[]).map((a) => a.id);

  const reader = (await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'mcp-reader', role: 'reader' } })).json();
  const b = await t.newTenant('tenant-b');
  tenantB = b;
  const bSource = (await b.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'b-fleet' } })).json();
  const bEvents = searchDataset().prod.filter((e) => e.sid === data.sessions.joined).map((e) => ({ ...e, uid: `b-${e.uid}`, sid: 'b0000000-0000-4000-8000-00000000000b', server_hostname: 'b-node', server_id: 'srv-b-node', cluster_name: 'b.example.com', user: 'zed' }));
  await postEvents(t.app, bSource.webhook.token, bEvents);

  // "Now" is the morning after the dataset's night, so "the last 24 h" means that night.
  t.clock.advance(Date.parse(LAST_NIGHT.to) + 3_600_000 - t.clock.now().getTime());
  adminA = await clientFor(t.tenant.apiKey, { allowChanges: true });
  readerA = await clientFor(reader.secret, { allowChanges: true });
  adminB = await clientFor(b.apiKey, { allowChanges: true });
});
after(async () => {
  await Promise.all([adminA, readerA, adminB].map((c) => c?.close()));
  await t.close();
});

test('read-only by default: without ?changes=allow even an admin key gets no changing tool, and calling one changes nothing', async () => {
  const client = await clientFor(t.tenant.apiKey);
  const names = (await client.listTools()).tools.map((x) => x.name);
  assert.deepEqual(names, TOOLS.filter((x) => !x.changes).map((x) => x.name));
  const res = await call(client, 'set_rule_enabled', { rule_id: 'teleport-root-login', enabled: false });
  assert.deepEqual([res.isError, res.body.error.code], [true, 'auth.forbidden']);
  assert.match(res.body.error.message, /changes=allow/);
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/teleport-root-login' })).json().rule.enabled, true);
  await client.close();
});

test('tools/list: every tool for an admin key that allowed changes, the read-only ones for a reader key, each annotated', async () => {
  const admin = (await adminA.listTools()).tools;
  const reader = (await readerA.listTools()).tools;
  assert.deepEqual(admin.map((x) => x.name), TOOLS.map((x) => x.name));
  assert.equal(admin.length, 17);
  assert.deepEqual(reader.map((x) => x.name), TOOLS.filter((x) => !x.changes).map((x) => x.name));
  for (const tool of admin) {
    assert.ok(tool.description && tool.description.length > 60, `${tool.name} says what it is for`);
    assert.equal(tool.inputSchema.type, 'object');
    const changing = ['acknowledge_alert', 'set_rule_enabled'].includes(tool.name);
    assert.equal(tool.annotations?.readOnlyHint, !changing, tool.name);
    if (changing) assert.equal(typeof tool.annotations?.destructiveHint, 'boolean');
  }
  assert.equal(admin.find((x) => x.name === 'set_rule_enabled')!.annotations!.destructiveHint, true);
  assert.equal(admin.find((x) => x.name === 'acknowledge_alert')!.annotations!.destructiveHint, false);
});

test('acceptance: "sessions of alice on prod in the last 24 h" is one tool call', async () => {
  const res = await answer(adminA, 'list_sessions', { user: 'alice', cluster: 'prod*', from: '-24h' });
  assert.deepEqual(res.sessions.map((s: Json) => s.sessionId).sort(), [...data.sessions.aliceProdLastNight].sort());
  for (const s of res.sessions) {
    assert.equal(s.initiator, 'alice');
    assert.equal(s.status, 'complete');
    assert.ok(s.node && s.login && s.start && s.end, 'who, where, when');
  }
  assert.equal(res.nextCursor, undefined);
});

test('acceptance: "everything done under access request X" is one tool call', async () => {
  const id = data.requests.approved;
  const c = await answer(adminA, 'get_access_request', { request_id: id });
  assert.equal(c.requester, 'dave');
  assert.deepEqual(c.roles, ['admin']);
  assert.deepEqual(c.reviews.map((r: Json) => [r.reviewer, r.proposedState]), [['erin', 'APPROVED']]);
  assert.equal(c.decidedBy, 'erin');
  assert.equal(c.selfApproved, false);
  assert.equal(c.expired, true);
  const under = all.filter((e) => Array.isArray(e.access_requests) && e.access_requests.includes(id));
  assert.equal(c.usage.events, under.length);
  assert.deepEqual(c.sessions.map((s: Json) => s.sessionId).sort(), [...data.sessions.underRequest].sort());
  assert.equal(c.events.length, under.length, 'every event done under it, in the one answer');
  assert.equal(c.nextCursor, undefined);
  const byType: Record<string, number> = {};
  for (const e of under) byType[e.event] = (byType[e.event] ?? 0) + 1;
  assert.deepEqual(c.usage.byType, byType);
});

test('search_events: the count, the count per type and the first page of the matches', async () => {
  const expected = all.filter((e) => inRange(e) && actorOf(e)?.toLowerCase() === 'alice');
  const res = await answer(adminA, 'search_events', { user: 'alice', ...LAST_NIGHT, limit: 5 });
  assert.equal(res.total, expected.length);
  const byType: Record<string, number> = {};
  for (const e of expected) byType[e.event] = (byType[e.event] ?? 0) + 1;
  assert.deepEqual(res.byType, byType);
  assert.equal(res.events.length, 5);
  const newest = [...expected].sort((a, b) => (a.time < b.time ? 1 : -1)).slice(0, 5).map((e) => e.event);
  assert.deepEqual(res.events.map((e: Json) => e.type), newest);
  for (const e of res.events) {
    assert.equal(e.actor, 'alice');
    assert.equal(e.raw, undefined, 'no raw event unless asked');
    assert.equal(e.receivedAt, undefined, 'bookkeeping left out');
  }
  assert.ok(res.nextCursor, 'more to come');
  const withRaw = await answer(adminA, 'search_events', { user: 'alice', ...LAST_NIGHT, limit: 1, include_raw: true });
  assert.equal(typeof withRaw.events[0].raw.uid, 'string');
});

test('event_histogram and top_values answer "failed logins over time" and "failed logins by IP"', async () => {
  const failed = all.filter((e) => e.event === 'user.login' && e.success === false && inRange(e));
  const h = await answer(adminA, 'event_histogram', { query: 'event:user.login success:false', ...LAST_NIGHT, interval: '1h', group_by: 'remote_ip' });
  assert.equal(h.total, failed.length);
  assert.equal(h.interval, '1h');
  assert.equal(h.buckets.length, 12);
  assert.equal(h.buckets.reduce((sum: number, b: Json) => sum + b.total, 0), failed.length);
  const byIp = new Map<string, number>();
  for (const e of failed) byIp.set(String(e['addr.remote']).split(':')[0]!, (byIp.get(String(e['addr.remote']).split(':')[0]!) ?? 0) + 1);
  assert.deepEqual(h.groups, Object.fromEntries(byIp));

  const f = await answer(adminA, 'top_values', { query: 'event:user.login success:false', fields: ['remote_ip'], ...LAST_NIGHT });
  assert.deepEqual(f.facets[0].values, [...byIp].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value, count })));
  assert.equal(f.facets[0].distinct, byIp.size);
});

test('get_event: the normalized fields, and the raw event on request', async () => {
  const page = await answer(adminA, 'search_events', { query: 'event:db.session.query', from: '2026-05-01', limit: 1 });
  const id = page.events[0].id;
  const plain = await answer(adminA, 'get_event', { id });
  assert.equal(plain.event.id, id);
  assert.equal(plain.event.dbQuery, 'DELETE FROM orders');
  assert.equal(plain.raw, undefined);
  const raw = await answer(adminA, 'get_event', { id, include_raw: true });
  assert.equal(raw.raw.db_query, 'DELETE FROM orders');
  const missing = await call(adminA, 'get_event', { id: 'ev_nothing_0' });
  assert.equal(missing.isError, true);
  assert.match(missing.body.error.code, /not_found|request\.invalid/);
});

test('get_session: who, where, when, commands, completeness', async () => {
  const s = await answer(adminA, 'get_session', { session_id: data.sessions.joined });
  assert.equal(s.session.initiator, 'bob');
  assert.deepEqual(s.participants.map((p: Json) => p.user), ['bob', 'carol']);
  assert.equal(s.participants[1].mode, 'observer');
  assert.ok(s.participants[1].leftAt);
  const commands = data.prod.filter((e) => e.sid === data.sessions.joined && (e.event === 'exec' || e.event === 'session.command'));
  assert.equal(s.commands.length, commands.length);
  assert.equal(s.counts.commands, commands.length);
  assert.equal(s.completeness.complete, true);
  assert.equal(s.events, undefined, 'the stream only on request');

  const gap = await answer(adminA, 'get_session', { session_id: data.sessions.gap, include_events: true });
  assert.equal(gap.session.status, 'incomplete');
  assert.deepEqual(gap.completeness.missingRanges, [[3, 3]]);
  assert.equal(gap.events.length, data.prod.filter((e) => e.sid === data.sessions.gap).length);
  const missing = await call(adminA, 'get_session', { session_id: 'no-such-session' });
  assert.deepEqual([missing.isError, missing.body.error.code], [true, 'session.not_found']);
  assert.equal(typeof missing.body.error.details.reqId, 'string', 'the REST request\'s id, to find it in the log');
});

test('list_access_requests, who_accessed and user_activity', async () => {
  const list = await answer(adminA, 'list_access_requests', LAST_NIGHT);
  assert.deepEqual(list.accessRequests.map((r: Json) => r.requestId).sort(), [data.requests.approved, data.requests.selfApproved].sort());

  const kube = await answer(adminA, 'who_accessed', { kind: 'kube', name: 'prod-eks', ...LAST_NIGHT });
  const kubeEvents = all.filter((e) => e.kubernetes_cluster === 'prod-eks' && inRange(e));
  assert.deepEqual(kube.users.map((u: Json) => [u.user, u.events]), [['dave', kubeEvents.filter((e) => e.user === 'dave').length], ['bob', kubeEvents.filter((e) => e.user === 'bob').length]]);
  assert.deepEqual(kube.users[0].accessRequests, [data.requests.approved], 'under which request');
  assert.deepEqual(kube.users[1].accessRequests, []);

  const node = await answer(adminA, 'who_accessed', { kind: 'node', name: 'prod-db-1', ...LAST_NIGHT });
  const onNode = all.filter((e) => e.server_hostname === 'prod-db-1' && inRange(e));
  assert.deepEqual(node.users.map((u: Json) => u.user).sort(), [...new Set(onNode.map((e) => e.user as string))].sort());
  const dave = node.users.find((u: Json) => u.user === 'dave');
  assert.equal(dave.sessions, 1);
  assert.deepEqual(dave.logins, ['root']);
  assert.deepEqual(dave.accessRequests, [data.requests.approved]);

  const activity = await answer(adminA, 'user_activity', { user: 'dave', ...LAST_NIGHT });
  const daves = all.filter((e) => inRange(e) && actorOf(e) === 'dave');
  assert.equal(activity.events.total, daves.length);
  assert.equal(activity.sessions.listed, data.sessions.underRequest.length);
  assert.deepEqual(activity.accessRequests.items.map((r: Json) => r.requestId).sort(), [data.requests.approved, data.requests.selfApproved].sort());
  const failures = await answer(adminA, 'user_activity', { user: 'mallory', ...LAST_NIGHT });
  const mallory = all.filter((e) => inRange(e) && e.user === 'mallory');
  assert.equal(failures.signIns.failed, mallory.length);
  assert.equal(failures.failures.total, mallory.length);
  assert.equal(failures.failures.latest.length, mallory.length);
});

test('list_sources and source_health', async () => {
  const list = await answer(adminA, 'list_sources');
  assert.deepEqual(list.sources.map((s: Json) => s.name).sort(), ['prod-fleet', 'staging-fleet']);
  const one = await answer(adminA, 'source_health', { source_id: sources['prod-fleet'] });
  assert.equal(one.source.name, 'prod-fleet');
  assert.equal(one.health.eventsLast24h, data.prod.length);
  assert.equal(one.verdict.status, 'healthy');
  const every = await answer(adminA, 'source_health');
  assert.equal(every.count, 2);
  assert.deepEqual(every.byStatus, { healthy: 2 });
});

test('alerts and rules: list, read, and the changing tools for an admin key', async () => {
  assert.ok(alertIds.length > 0, 'the built-in pack raised alerts on the dataset');
  const list = await answer(adminA, 'list_alerts', { status: ['open'], limit: 100 });
  assert.equal(list.counts.byStatus.open, alertIds.length);
  assert.deepEqual(list.alerts.map((a: Json) => a.id).sort(), [...alertIds].sort());
  const alert = await answer(adminA, 'get_alert', { alert_id: alertIds[0] });
  assert.equal(alert.alert.id, alertIds[0]);
  assert.ok(alert.rule.title);
  assert.ok(alert.events.length >= 1);

  const rules = await answer(adminA, 'list_rules');
  const rest = (await t.tenant.call({ method: 'GET', url: '/v1/rules' })).json().data as { id: string }[];
  assert.equal(rules.count, rest.length);
  assert.deepEqual(rules.rules.map((r: Json) => r.id), rest.map((r) => r.id));

  const acked = await answer(adminA, 'acknowledge_alert', { alert_id: alertIds[0], note: 'known maintenance' });
  assert.equal(acked.alert.status, 'acknowledged');
  const after = (await t.tenant.call({ method: 'GET', url: `/v1/alerts/${alertIds[0]}` })).json();
  assert.equal(after.alert.status, 'acknowledged');
  assert.deepEqual(after.notes.map((n: Json) => n.text), ['known maintenance']);

  const off = await answer(adminA, 'set_rule_enabled', { rule_id: 'teleport-root-login', enabled: false });
  assert.equal(off.rule.enabled, false);
  assert.equal((await answer(adminA, 'list_rules', { enabled: false })).rules.some((r: Json) => r.id === 'teleport-root-login'), true);
  assert.equal((await answer(adminA, 'set_rule_enabled', { rule_id: 'teleport-root-login', enabled: true })).rule.enabled, true);
});

test('a reader key cannot call a changing tool: auth.forbidden, as from the REST API, and nothing changes', async () => {
  const target = alertIds[alertIds.length - 1]!;
  const ack = await call(readerA, 'acknowledge_alert', { alert_id: target });
  assert.equal(ack.isError, true);
  assert.equal(ack.body.error.code, 'auth.forbidden');
  const rule = await call(readerA, 'set_rule_enabled', { rule_id: 'teleport-root-login', enabled: false });
  assert.deepEqual([rule.isError, rule.body.error.code], [true, 'auth.forbidden']);
  assert.equal((await t.tenant.call({ method: 'GET', url: `/v1/alerts/${target}` })).json().alert.status, 'open');
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/teleport-root-login' })).json().rule.enabled, true);
  const log = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=50' })).json().data as { action: string; target: { id: string } }[];
  assert.ok(log.some((d) => d.action === 'auth.denied' && d.target.id === 'PATCH /v1/alerts/:id'), 'the denied attempt is in the audit log');
});

test('errors are tool errors with the REST API\'s stable codes', async () => {
  const syntax = await call(adminA, 'search_events', { query: 'user:alice AND (' });
  assert.deepEqual([syntax.isError, syntax.body.error.code], [true, 'query.invalid']);
  assert.equal(typeof syntax.body.error.details.position, 'number');
  const escaping = await call(adminA, 'search_events', { query: 'a) OR (b', user: 'alice' });
  assert.deepEqual([escaping.isError, escaping.body.error.code], [true, 'query.invalid'], 'the free query cannot escape its parentheses');
  const args = await call(adminA, 'search_events', { limit: 0 });
  assert.deepEqual([args.isError, args.body.error.code, args.body.error.details.field], [true, 'request.invalid', 'limit']);
  const unknown = await call(adminA, 'list_sessions', { usr: 'alice' });
  assert.deepEqual([unknown.isError, unknown.body.error.code], [true, 'request.invalid']);
  const range = await call(adminA, 'event_histogram', { from: 'yesterday-ish' });
  assert.deepEqual([range.isError, range.body.error.code], [true, 'request.invalid']);
  const cursor = await call(adminA, 'list_sessions', { cursor: 'bm90LWEtY3Vyc29y' });
  assert.deepEqual([cursor.isError, cursor.body.error.code], [true, 'request.invalid_cursor']);
  const other = await answer(adminA, 'search_events', { from: '2026-05-01', limit: 1 });
  const crossed = await call(adminA, 'list_sessions', { cursor: other.nextCursor });
  assert.deepEqual([crossed.isError, crossed.body.error.code], [true, 'request.invalid_cursor'], 'a cursor belongs to its tool');
  for (const [tool, args] of [['get_event', { id: '..' }], ['get_session', { session_id: '.' }], ['set_rule_enabled', { rule_id: '..', enabled: false }]] as const) {
    const climb = await call(adminA, tool, args);
    assert.deepEqual([climb.isError, climb.body.error.code], [true, 'request.invalid'], `${tool}: an id of . or .. cannot climb a path level`);
  }
  const forged = encodeCursor({ tool: 'who_accessed', rest: null, skip: 0, args: { kind: 'tenant', name: 'x', from: '-7d', to: 'now' } });
  const badKind = await call(adminA, 'who_accessed', { cursor: forged });
  assert.deepEqual([badKind.isError, badKind.body.error.code], [true, 'request.invalid_cursor'], 'the kind read back from a cursor is checked');
  const nothing = await call(adminA, 'no_such_tool');
  assert.deepEqual([nothing.isError, nothing.body.error.code], [true, 'resource.not_found']);
});

test('an oversize answer is cut to the size bound with a cursor that continues to the end, each event once', async () => {
  const everything = all.length;
  const seen: string[] = [];
  let cursorText: string | undefined;
  let pages = 0;
  do {
    const res = await call(adminA, 'search_events', cursorText ? { cursor: cursorText } : { from: '2026-05-01', to: '2027-01-01', limit: 200 });
    assert.equal(res.isError, false, res.text);
    assert.ok(res.text.length <= 24_000, `page ${pages} is ${res.text.length} characters`);
    if (pages === 0) assert.equal(res.body.total, everything);
    seen.push(...res.body.events.map((e: Json) => e.id));
    cursorText = res.body.nextCursor;
    pages++;
  } while (cursorText && pages < 50);
  assert.ok(pages > 1, 'cut at least once');
  assert.equal(new Set(seen).size, seen.length, 'no event twice');
  assert.equal(seen.length, everything, 'and none left out');
});

/** A server over an in-memory transport, on tenant A's admin key, with limits of the test's choosing. */
async function inMemory(options: { budget?: number; timeBudgetMs?: number; perMinute?: number; rest?: RestClient } = {}): Promise<Client> {
  const rest = options.rest ?? injectRestClient(t.app, { authorization: `Bearer ${t.tenant.apiKey}`, requestId: 'mcp-test', remoteAddress: '127.0.0.1', userAgent: 'mcp-test' });
  const server = createMcpServer({ rest, role: 'admin', allowChanges: true, limiter: createRateLimiter({ perMinute: options.perMinute ?? 1_000 }), rateKey: 'k', timeBudgetMs: options.timeBudgetMs, budget: options.budget, log: pino({ level: 'silent' }) });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  await client.connect(b);
  return client;
}

test('a list cut by the size bound goes on after the last row given, even when new rows arrive at the top between calls', async () => {
  // /v1/alerts as the API pages it: newest first, a cursor that stands after a row.
  const alerts = Array.from({ length: 30 }, (_, i) => ({ id: `al_${String(i).padStart(2, '0')}`, title: `alert ${i} `.padEnd(300, '.'), severity: 'high', status: 'open' }));
  let raised = 0;
  const rest: RestClient = {
    get: async (_path, query = {}) => {
      const start = query.cursor ? alerts.findIndex((a) => a.id === query.cursor) + 1 : 0;
      const data = alerts.slice(start, start + Number(query.limit));
      return { status: 200, json: { data, nextCursor: start + data.length < alerts.length ? data.at(-1)!.id : null, counts: {} } };
    },
    post: async () => ({ status: 500, json: null }), patch: async () => ({ status: 500, json: null }),
  };
  const client = await inMemory({ rest, budget: 5_000 });
  const original = alerts.map((a) => a.id);
  const seen: string[] = [];
  let res = await answer(client, 'list_alerts', { limit: 20 });
  for (let i = 0; ; i++) {
    seen.push(...res.alerts.map((a: Json) => a.id));
    if (!res.nextCursor || i > 30) break;
    alerts.unshift({ id: `new_${raised++}`, title: 'raised meanwhile', severity: 'high', status: 'open' });
    res = await answer(client, 'list_alerts', { cursor: res.nextCursor });
  }
  assert.ok(raised > 2, 'cut several times');
  assert.deepEqual(seen, original, 'each alert once, in order, none skipped');
  await client.close();
});

test('a small size bound cuts a case\'s events and a session\'s commands; their cursors give the rest', async () => {
  const client = await inMemory({ budget: 5_000 });
  const under = all.filter((e) => Array.isArray(e.access_requests) && e.access_requests.includes(data.requests.approved)).length;
  let events = 0;
  let res = await answer(client, 'get_access_request', { request_id: data.requests.approved });
  assert.equal(res.requester, 'dave');
  for (let i = 0; ; i++) {
    events += res.events?.length ?? 0;
    if (!res.nextCursor || i > 30) break;
    res = await answer(client, 'get_access_request', { cursor: res.nextCursor });
  }
  assert.equal(events, under);

  let commands = 0;
  let s = await answer(client, 'get_session', { session_id: data.sessions.joined, include_events: true });
  const total = s.counts.commands + s.counts.events;
  for (let i = 0; ; i++) {
    commands += (s.commands?.length ?? 0) + (s.events?.length ?? 0);
    if (!s.nextCursor || i > 30) break;
    s = await answer(client, 'get_session', { cursor: s.nextCursor });
  }
  assert.equal(commands, total);
  await client.close();
});

test('an oversize field is clipped to the size bound, and the answer says what was cut', async () => {
  const long = 'SELECT '.padEnd(200_000, 'x');
  const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
  const bodies: Record<string, unknown> = {
    '/v1/events/ev_big': { event: { id: 'ev_big' }, fields: { type: 'db.session.query', dbQuery: long, command: long }, raw: { db_query: long } },
    '/v1/alerts/al_big': {
      alert: { id: 'al_big', title: 'big', details: { blob: long } }, rule: null, events: [],
      notes: many(300, (i) => ({ id: `n${i}`, text: long.slice(0, 3_000), author: 'erin' })),
      deliveries: many(300, (i) => ({ destination: { name: `d${i}` }, status: 'failed', attempts: 5, lastError: long })),
    },
    '/v1/sessions/s_big': { session: { sessionId: 's_big' }, participants: many(2_000, (i) => ({ user: `u${i}`, mode: 'observer' })), commands: [], fileTransfers: [], portForwards: [], completeness: {} },
    '/v1/access-requests/r_big': { requestId: 'r_big', requester: 'dave', reason: long, reviews: many(500, (i) => ({ reviewer: `r${i}`, reason: long })), sessions: [], events: [] },
    '/v1/sources/src_big': { id: 'src_big', name: 'big', health: { lastEventAt: new Date().toISOString(), findings: many(50, (i) => ({ kind: 'session.incomplete', subject: `s${i}`, details: { blob: long } })) } },
  };
  const rest: RestClient = { get: async (p) => ({ status: 200, json: bodies[p] }), post: async () => ({ status: 500, json: null }), patch: async () => ({ status: 500, json: null }) };
  const client = await inMemory({ rest });
  const calls: [string, Json][] = [
    ['get_event', { id: 'ev_big', include_raw: true }], ['get_alert', { alert_id: 'al_big' }], ['get_session', { session_id: 's_big' }],
    ['get_access_request', { request_id: 'r_big' }], ['source_health', { source_id: 'src_big' }],
  ];
  const got: Record<string, Json> = {};
  for (const [name, args] of calls) {
    const res = await call(client, name, args);
    assert.equal(res.isError, false, `${name}: ${res.text.slice(0, 300)}`);
    assert.ok(res.text.length <= 24_000, `${name} is ${res.text.length} characters`);
    got[name] = res.body;
  }
  assert.match(got.get_event!.event.dbQuery, /^SELECT x+… \[\d+ more characters\]$/);
  assert.match(got.get_event!.fieldsClipped, /were cut/);
  assert.equal(got.get_event!.rawClipped, true);
  assert.equal(got.get_alert!.alert.detailsClipped, true);
  assert.ok(got.get_alert!.notesOmitted > 0 && got.get_alert!.deliveriesOmitted > 0);
  assert.ok(got.get_session!.participantsOmitted > 0 && got.get_session!.participants.length > 0);
  assert.ok(got.get_access_request!.reviewsOmitted > 0 && got.get_access_request!.reason.length < 1_100);
  assert.ok(got.source_health!.health.findingsOmitted > 0);
  assert.equal(got.source_health!.verdict.reasons.at(-1), 'and 40 more findings');
  await client.close();
});

test('a tool call past its time budget is search.timeout; past the key\'s rate (weighted by REST requests) or its four calls in flight, rate_limited', async () => {
  const stuck: RestClient = { get: () => new Promise(() => undefined), post: () => new Promise(() => undefined), patch: () => new Promise(() => undefined) };
  const slow = await inMemory({ rest: stuck, timeBudgetMs: 100 });
  const started = Date.now();
  const res = await call(slow, 'list_sources');
  assert.deepEqual([res.isError, res.body.error.code], [true, 'search.timeout']);
  assert.ok(Date.now() - started < 2_000);
  await slow.close();

  const limited = await inMemory({ perMinute: 2 });
  assert.equal((await call(limited, 'list_sources')).isError, false);
  assert.equal((await call(limited, 'list_sources')).isError, false);
  const third = await call(limited, 'list_sources');
  assert.deepEqual([third.isError, third.body.error.code], [true, 'rate_limited']);
  assert.ok(third.body.error.details.retryAfterSeconds >= 1);
  await limited.close();

  // Weighted by REST requests: user_activity makes seven, so it leaves three of ten tokens.
  const weighted = await inMemory({ perMinute: 10 });
  assert.equal((await call(weighted, 'user_activity', { user: 'dave', ...LAST_NIGHT })).isError, false);
  for (let i = 0; i < 3; i++) assert.equal((await call(weighted, 'list_sources')).isError, false);
  assert.equal((await call(weighted, 'list_sources')).body.error?.code, 'rate_limited');
  await weighted.close();

  // At most four calls of a key at once: a fifth in parallel is refused at once, and the key is free again after.
  const busy = await inMemory({ rest: stuck, timeBudgetMs: 300 });
  const started5 = Date.now();
  const five = await Promise.all(Array.from({ length: 5 }, () => call(busy, 'list_sources')));
  assert.deepEqual(five.map((r) => r.body.error.code).sort(), ['rate_limited', 'search.timeout', 'search.timeout', 'search.timeout', 'search.timeout']);
  assert.ok(Date.now() - started5 < 2_000);
  assert.equal((await call(busy, 'list_sources')).body.error.code, 'search.timeout', 'not rate_limited: the four ended');
  await busy.close();
});

test('resources: the query-language reference and the field list; prompts: the three investigations', async () => {
  const resources = (await adminA.listResources()).resources.map((r) => r.uri).sort();
  assert.deepEqual(resources, ['teleport-audit://reference/fields', 'teleport-audit://reference/query-language']);
  const reference = (await adminA.readResource({ uri: 'teleport-audit://reference/query-language' })).contents[0] as { text: string };
  assert.match(reference.text, /## Time ranges/);
  const fields = (await readerA.readResource({ uri: 'teleport-audit://reference/fields' })).contents[0] as { text: string };
  assert.match(fields.text, /\| user \| actor \|/);
  const prompts = (await adminA.listPrompts()).prompts.map((p) => p.name).sort();
  assert.deepEqual(prompts, ['investigate_user', 'review_access_request', 'triage_alert']);
  const prompt = await adminA.getPrompt({ name: 'review_access_request', arguments: { request_id: data.requests.approved } });
  assert.match((prompt.messages[0]!.content as { text: string }).text, new RegExp(`get_access_request with request_id "${data.requests.approved}"`));
});

test('tenant isolation: tenant B\'s key sees none of tenant A\'s data through any tool', async () => {
  const aSession = data.sessions.aliceProdLastNight[0]!;
  const aEvent = (await answer(adminA, 'search_events', { from: '2026-05-01', limit: 1 })).events[0].id;
  const wide = { from: '2026-01-01', to: '2027-12-31' };
  const argsFor: Record<string, Json> = {
    search_events: { user: 'alice', ...wide },
    event_histogram: { query: 'user:alice', ...wide, interval: '7d' },
    top_values: { ...wide },
    get_event: { id: aEvent, include_raw: true },
    list_sessions: { ...wide },
    get_session: { session_id: aSession, include_events: true },
    list_access_requests: { ...wide },
    get_access_request: { request_id: data.requests.approved },
    who_accessed: { kind: 'node', name: 'prod-*', ...wide },
    user_activity: { user: 'alice', ...wide },
    list_sources: {},
    source_health: { source_id: sources['prod-fleet'] },
    list_alerts: { limit: 100 },
    get_alert: { alert_id: alertIds[0] },
    list_rules: {},
    acknowledge_alert: { alert_id: alertIds[1] ?? alertIds[0] },
    set_rule_enabled: { rule_id: 'teleport-root-login', enabled: false },
  };
  assert.deepEqual(Object.keys(argsFor).sort(), TOOLS.map((x) => x.name).sort(), 'every tool is checked');
  const markers = ['alice', 'dave', 'prod-db-1', 'prod.example.com', 'prod-fleet', data.requests.approved, aSession, aEvent, sources['prod-fleet']!, ...alertIds, t.tenant.tenantId];
  // Tools that echo an argument (the user asked about) show that marker: for them, nothing was found.
  const nothingFound: Record<string, (body: Json) => boolean> = {
    search_events: (b) => b.total === 0 && !b.events,
    event_histogram: (b) => b.total === 0,
    user_activity: (b) => b.events.total === 0 && b.sessions.listed === 0 && b.accessRequests.listed === 0,
  };
  for (const tool of TOOLS) {
    const args = argsFor[tool.name]!;
    const res = await call(adminB, tool.name, args);
    for (const marker of markers.filter((m) => !JSON.stringify(args).includes(m))) {
      assert.ok(!res.text.includes(marker), `${tool.name} as tenant B shows tenant A's ${marker}: ${res.text.slice(0, 300)}`);
    }
    if (res.isError) assert.match(res.body.error.code, /not_found$/, `${tool.name}: ${res.text}`);
    else if (nothingFound[tool.name]) assert.ok(nothingFound[tool.name]!(res.body), `${tool.name} as tenant B found something: ${res.text.slice(0, 300)}`);
  }
  // B's own data is there (the tools work for B), and A's alert and rule were not touched by B's changing calls.
  assert.deepEqual((await answer(adminB, 'list_sessions', wide)).sessions.map((s: Json) => s.initiator), ['zed']);
  assert.notEqual((await t.tenant.call({ method: 'GET', url: `/v1/alerts/${alertIds[1] ?? alertIds[0]}` })).json().alert.status, undefined);
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/teleport-root-login' })).json().rule.enabled, true);
  assert.equal((await callerFor(t.app, tenantB.apiKey)({ method: 'GET', url: '/v1/rules/teleport-root-login' })).json().rule.enabled, false, 'B changed its own rule');
});
