import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { microTimeOf, type NormalizedEvent } from '@tai/core';
import { setupApp, type TestApp } from './support/app.js';
import { distinctRows, insertEvents, normalizedCorpus } from './support/events.js';

let t: TestApp;
let sourceId: string;
let stored: NormalizedEvent[];

type Summary = { id: string; time: string; type: string; actor: string | null; sessionId: string | null; clusterName: string | null; success: boolean | null; sourceId: string };

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'corpus' } });
  sourceId = res.json().source.id;
  const events = normalizedCorpus(new Date('2026-11-01T00:00:00Z'));
  stored = distinctRows(events);
  const result = await insertEvents(t.db.repos, { tenantId: t.tenant.tenantId, sourceId, events });
  assert.equal(result.inserted, stored.length);
  assert.equal(result.duplicates, events.length - stored.length);
});
after(() => t.close());

async function allPages(query: string, limit = 50): Promise<Summary[]> {
  const out: Summary[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/v1/events?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.tenant.call({ method: 'GET', url });
    assert.equal(res.statusCode, 200, res.body);
    out.push(...res.json().data);
    cursor = res.json().nextCursor;
  } while (cursor);
  return out;
}

test('re-inserting the same events adds nothing', async () => {
  const again = await insertEvents(t.db.repos, { tenantId: t.tenant.tenantId, sourceId, events: stored });
  assert.deepEqual(again, { inserted: 0, duplicates: stored.length, refused: [] });
});

test('paging with the cursor visits every event once, newest first', async () => {
  const rows = await allPages('', 37);
  assert.equal(rows.length, stored.length);
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.time >= rows[i]!.time, 'ordered by time, descending');
});

test('event_type filters exactly, or by prefix with a trailing *', async () => {
  const logins = await allPages('event_type=user.login');
  assert.equal(logins.length, stored.filter((e) => e.eventType === 'user.login').length);
  assert.ok(logins.length > 0 && logins.every((r) => r.type === 'user.login'));

  const sessions = await allPages('event_type=session.*');
  assert.equal(sessions.length, stored.filter((e) => e.eventType.startsWith('session.')).length);
  assert.ok(sessions.length > 0 && sessions.every((r) => r.type.startsWith('session.')));
});

test('actor, session, cluster, success and source filters select exactly the matching events', async () => {
  const actor = stored.find((e) => e.actor)!.actor!;
  assert.deepEqual((await allPages(`actor=${encodeURIComponent(actor)}`)).length, stored.filter((e) => e.actor === actor).length);

  const sid = stored.find((e) => e.sessionId)!.sessionId!;
  const inSession = await allPages(`session_id=${sid}`);
  assert.equal(inSession.length, stored.filter((e) => e.sessionId === sid).length);
  assert.ok(inSession.every((r) => r.sessionId === sid));

  const cluster = stored.find((e) => e.clusterName)!.clusterName!;
  assert.equal((await allPages(`cluster=${encodeURIComponent(cluster)}`)).length, stored.filter((e) => e.clusterName === cluster).length);

  const failures = await allPages('success=false');
  assert.equal(failures.length, stored.filter((e) => e.success === false).length);
  assert.ok(failures.length > 0);

  assert.equal((await allPages(`source_id=${sourceId}`)).length, stored.length);
});

test('from is inclusive and to exclusive', async () => {
  const from = new Date('2021-01-01T00:00:00Z');
  const to = new Date('2022-01-01T00:00:00Z');
  const rows = await allPages(`from=${from.toISOString()}&to=${to.toISOString()}`);
  assert.equal(rows.length, stored.filter((e) => e.eventTime >= microTimeOf(from) && e.eventTime < microTimeOf(to)).length);
  assert.ok(rows.length > 0);
});

test('a cursor from one query is refused by another', async () => {
  const first = (await t.tenant.call({ method: 'GET', url: '/v1/events?event_type=session.*&limit=1' })).json();
  const res = await t.tenant.call({ method: 'GET', url: `/v1/events?event_type=user.login&limit=1&cursor=${first.nextCursor}` });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'request.invalid_cursor');
});

test('bad filters get 400 naming the parameter', async () => {
  for (const q of ['from=yesterday', 'from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z', 'source_id=abc', 'limit=0', 'limit=5000', 'success=maybe', 'unknown=1', 'q=user:', 'q=(a', 'fields=nope']) {
    const res = await t.tenant.call({ method: 'GET', url: `/v1/events?${q}` });
    assert.equal(res.statusCode, 400, q);
  }
});

test('GET /v1/events/{id} returns the normalized fields and the raw event as received', async () => {
  const original = stored.find((e) => e.eventType === 'cert.create')!;
  const [row] = await allPages(`event_type=cert.create&actor=${encodeURIComponent(original.actor!)}`);
  const res = await t.tenant.call({ method: 'GET', url: `/v1/events/${row!.id}` });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json().raw, original.raw);
  assert.equal(res.json().fields.actorPath, 'identity.user');
  assert.equal(res.json().event.id, row!.id);
  for (const id of ['ev_zzzz_1', 'nope', `ev_${(Date.now()).toString(36)}_999999`]) {
    assert.equal((await t.tenant.call({ method: 'GET', url: `/v1/events/${id}` })).statusCode, 404, id);
  }
});

test('events without a usable time are stored at their received time and marked', async () => {
  const rows = stored.filter((e) => e.timeFromReceivedAt);
  assert.ok(rows.length >= 1);
  const page = await allPages(`from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00.001Z`);
  assert.equal(page.length, rows.length);
  assert.ok(page.every((r) => (r as Summary & { timeFromReceivedAt: boolean }).timeFromReceivedAt));
});
