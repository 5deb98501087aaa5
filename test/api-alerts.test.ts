import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callerFor, setupApp, type Caller, type TestApp } from './support/app.js';
import { evaluateQueued } from './support/detections.js';

// Alerts as the worker raises them from posted events, read and triaged through the API.
let t: TestApp;
let reader: Caller;
let destinationId: string;

type Alert = { id: string; ruleId: string; severity: string; status: string; group: Record<string, unknown>; eventCount: number; acknowledgedBy: string | null; acknowledgedAt: string | null; resolvedBy: string | null; resolvedAt: string | null };

const evaluateAll = () => evaluateQueued(t.db.repos.detectionEvaluation);

before(async () => {
  t = await setupApp();
  const key = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'triage-reader', role: 'reader' } });
  reader = callerFor(t.app, key.json().secret);
  const destination = await t.tenant.call({ method: 'POST', url: '/v1/destinations', payload: { name: 'soc-hook', kind: 'webhook', config: { url: 'https://hooks.example.test/alerts' } } });
  assert.equal(destination.statusCode, 201, destination.body);
  destinationId = destination.json().destination.id;
  const source = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: { clusterName: 'prod.example.com' } } });
  const { token } = source.json().webhook;

  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const events = [
    ...['u1', 'u2', 'u3', 'u4', 'u5'].map((user, i) => ({ event: 'session.start', code: 'T2000I', uid: `al-root-${user}`, time: iso(now - 60_000 + i * 1000), user, login: 'root', sid: `al-s-${user}`, server_id: 'node-1', server_hostname: 'web-1', ei: 0, 'addr.remote': '192.0.2.1:35194' })),
    { event: 'user.login', code: 'T1000I', uid: 'al-login-1', time: iso(now - 30_000), user: 'max', method: 'local', success: true, 'addr.remote': '198.51.100.7:4444' },
    { event: 'session.command', code: 'T4000I', uid: 'al-cmd-1', time: iso(now - 20_000), user: 'u1', login: 'ec2-user', sid: 'al-s-u1', server_id: 'node-1', server_hostname: 'web-1', program: 'nc', path: '/usr/bin/nc', argv: ['-lvp', '4444'], return_code: 0, cgroup_id: 1, pid: 10, ppid: 9, ei: 3 },
  ];
  const posted = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/events.log`, headers: { 'content-type': 'application/x-ndjson' }, payload: events.map((e) => JSON.stringify(e)).join('\n') });
  assert.equal(posted.statusCode, 200, posted.body);
  await evaluateAll();
});
after(() => t.close());

const list = async (call: Caller, query: string) => {
  const res = await call({ method: 'GET', url: `/v1/alerts${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { data: Alert[]; nextCursor: string | null; counts: { byStatus: Record<string, number>; bySeverity: Record<string, number> } };
};

test('the list filters alerts by rule, severity and kind, with counts by status and severity', async () => {
  const all = await list(reader, '');
  assert.ok(all.data.length >= 7, `${all.data.length} alerts`);
  assert.deepEqual([...all.data.map((a) => a.id)].sort().reverse(), all.data.map((a) => a.id), 'newest (highest UUIDv7) first');
  assert.equal(all.counts.byStatus.open, all.data.length);
  assert.equal(all.counts.byStatus.resolved, 0);

  const root = await list(reader, '?ruleId=teleport-root-login');
  assert.equal(root.data.length, 5);
  assert.deepEqual(root.data.map((a) => a.group.user).sort(), ['u1', 'u2', 'u3', 'u4', 'u5']);
  const high = await list(reader, '?severity=high,critical&kind=detection');
  assert.deepEqual(high.data.map((a) => a.ruleId), ['teleport-local-login-without-mfa']);
  assert.equal(high.counts.bySeverity.high, 1);
  assert.equal((await list(reader, '?kind=monitor')).data.length, 0);
  assert.equal((await list(reader, '?to=-1d')).data.length, 0, 'nothing first seen a day ago');

  const bad = await reader({ method: 'GET', url: '/v1/alerts?status=open,snoozed' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.details.allowed, ['open', 'acknowledged', 'resolved']);
});

test('cursor paging walks every alert once, and a cursor is bound to its filter', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await list(reader, `?ruleId=teleport-root-login&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.data.map((a) => a.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  assert.equal(pages, 3);
  assert.equal(new Set(seen).size, 5);
  const first = await list(reader, '?ruleId=teleport-root-login&limit=2');
  const other = await reader({ method: 'GET', url: `/v1/alerts?severity=high&limit=2&cursor=${first.nextCursor}` });
  assert.equal(other.statusCode, 400);
  assert.equal(other.json().error.code, 'request.invalid_cursor');
});

test('one alert comes with the rule version that raised it, its events and its deliveries', async () => {
  const [alert] = (await list(reader, '?ruleId=teleport-suspicious-commands')).data;
  assert.ok(alert);
  const res = await reader({ method: 'GET', url: `/v1/alerts/${alert.id}` });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.alert.id, alert.id);
  assert.equal(body.rule.id, 'teleport-suspicious-commands');
  assert.equal(body.rule.version, 1);
  assert.ok(body.rule.runbook.length > 0, 'its runbook');
  assert.equal(body.events.length, 1);
  assert.equal(body.events[0].raw.uid, 'al-cmd-1');
  const same = await reader({ method: 'GET', url: `/v1/events/${body.events[0].event.id}` });
  assert.deepEqual(same.json(), body.events[0], 'presented as GET /v1/events/{id} presents it');
  assert.equal(body.deliveries.length, 1);
  assert.deepEqual(body.deliveries[0].destination, { id: destinationId, name: 'soc-hook', kind: 'webhook' });
  assert.equal(body.deliveries[0].status, 'pending');
  assert.deepEqual(body.deliveries[0].attemptLog, []);
  assert.equal((await reader({ method: 'GET', url: '/v1/alerts/01900000-0000-7000-8000-000000000000' })).statusCode, 404);
});

test('acknowledging then resolving records who and when; a reader may not', async () => {
  const [alert] = (await list(reader, '?severity=high')).data;
  assert.ok(alert);
  assert.equal((await reader({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, payload: { status: 'acknowledged' } })).statusCode, 403);

  const acked = await t.tenant.call({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, payload: { status: 'acknowledged', note: 'looking at it' } });
  assert.equal(acked.statusCode, 200, acked.body);
  const a = acked.json().alert as Alert;
  assert.equal(a.status, 'acknowledged');
  assert.match(a.acknowledgedBy!, /^api key .+ \(tai_ak_/);
  assert.equal(a.acknowledgedAt, t.clock.now().toISOString());

  t.clock.advance(60_000);
  const resolved = (await t.tenant.call({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, payload: { status: 'resolved' } })).json().alert as Alert;
  assert.equal(resolved.status, 'resolved');
  assert.equal(resolved.resolvedBy, a.acknowledgedBy);
  assert.equal(resolved.resolvedAt, t.clock.now().toISOString());
  assert.equal(resolved.acknowledgedAt, a.acknowledgedAt, 'the acknowledgement stays on record');

  assert.ok(!(await list(reader, '?status=open')).data.some((x) => x.id === alert.id));
  const done = await list(reader, '?status=resolved');
  assert.deepEqual(done.data.map((x) => x.id), [alert.id]);
  assert.equal(done.counts.byStatus.resolved, 1);
  assert.equal(done.counts.bySeverity.high, 1, 'by severity among the statuses asked for');
  assert.equal(done.counts.bySeverity.medium, 0);

  const audit = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log' })).json().data as Array<{ action: string; target: { id: string }; details: Record<string, unknown> }>;
  assert.ok(audit.some((e) => e.action === 'alert.update' && e.target.id === alert.id && e.details.note === 'looking at it'));
  assert.equal((await t.tenant.call({ method: 'PATCH', url: '/v1/alerts/01900000-0000-7000-8000-000000000000', payload: { status: 'resolved' } })).statusCode, 404);
});

test('notes are kept with the alert, from PATCH and from POST /notes, with who and when, oldest first', async () => {
  const [alert] = (await list(reader, '?ruleId=teleport-suspicious-commands')).data;
  assert.ok(alert);
  const patched = await t.tenant.call({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, payload: { status: 'acknowledged', note: 'nc on web-1: asking the owner' } });
  assert.equal(patched.statusCode, 200, patched.body);
  t.clock.advance(60_000);
  const posted = await t.tenant.call({ method: 'POST', url: `/v1/alerts/${alert.id}/notes`, payload: { text: '  owner confirms a debugging session  ' } });
  assert.equal(posted.statusCode, 201, posted.body);
  const { note } = posted.json();
  assert.equal(note.text, 'owner confirms a debugging session', 'trimmed');
  assert.match(note.author, /^api key .+ \(tai_ak_/);
  assert.equal(note.createdAt, t.clock.now().toISOString());

  const detail = (await reader({ method: 'GET', url: `/v1/alerts/${alert.id}` })).json();
  assert.deepEqual(detail.notes.map((n: { text: string }) => n.text), ['nc on web-1: asking the owner', 'owner confirms a debugging session']);
  assert.equal(detail.notes[1].id, note.id);
  const audit = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=5' })).json().data as Array<{ action: string; target: { id: string }; details: Record<string, unknown> }>;
  assert.ok(audit.some((e) => e.action === 'alert.note' && e.target.id === alert.id && e.details.noteId === note.id));
});

test('a note must have text, and a reader may not write one', async () => {
  const [alert] = (await list(reader, '?ruleId=teleport-suspicious-commands')).data;
  assert.ok(alert);
  for (const payload of [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(2_001) }, {}, { text: 'ok', author: 'someone else' }]) {
    const res = await t.tenant.call({ method: 'POST', url: `/v1/alerts/${alert.id}/notes`, payload });
    assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
    assert.equal(res.json().error.code, 'request.invalid');
  }
  const denied = await reader({ method: 'POST', url: `/v1/alerts/${alert.id}/notes`, payload: { text: 'mine' } });
  assert.equal(denied.statusCode, 403);
  assert.equal((await t.tenant.call({ method: 'POST', url: '/v1/alerts/01900000-0000-7000-8000-000000000000/notes', payload: { text: 'nowhere' } })).statusCode, 404);
  const blank = await t.tenant.call({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, payload: { status: 'acknowledged', note: '  ' } });
  assert.equal(blank.statusCode, 200);
  assert.equal((await reader({ method: 'GET', url: `/v1/alerts/${alert.id}` })).json().notes.length, 2, 'neither the refused notes nor a blank one were kept');
});

test('another tenant cannot write a note on this tenant\'s alert, nor read its notes', async () => {
  const b = await t.newTenant('notes-b');
  const [alert] = (await list(reader, '?ruleId=teleport-suspicious-commands')).data;
  assert.ok(alert);
  const res = await b.call({ method: 'POST', url: `/v1/alerts/${alert.id}/notes`, payload: { text: 'planted' } });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'alert.not_found');
  assert.equal((await b.call({ method: 'GET', url: `/v1/alerts/${alert.id}` })).statusCode, 404);
  assert.deepEqual(await t.db.repos.alerts.notes({ tenantId: b.tenantId, alertId: alert.id, limit: 10 }), []);
  const { rows } = await t.db.owner.query('select count(*)::int as n from alert_notes where alert_id = $1 and text = $2', [alert.id, 'planted']);
  assert.equal(rows[0].n, 0);
  assert.equal((await reader({ method: 'GET', url: `/v1/alerts/${alert.id}` })).json().notes.length, 2);
});

test('another tenant gets 404 for this tenant\'s alerts and lists none of them', async () => {
  const b = await t.newTenant('alerts-b');
  const [alert] = (await list(reader, '')).data;
  assert.ok(alert);
  assert.equal((await b.call({ method: 'GET', url: `/v1/alerts/${alert.id}` })).statusCode, 404);
  assert.equal((await b.call({ method: 'PATCH', url: `/v1/alerts/${alert.id}`, payload: { status: 'resolved' } })).statusCode, 404);
  const theirs = await list(b.call, '');
  assert.deepEqual(theirs.data, []);
  assert.equal(theirs.counts.byStatus.open, 0);
  assert.equal((await reader({ method: 'GET', url: `/v1/alerts/${alert.id}` })).json().alert.status, alert.status, 'unchanged by the other tenant');
});
