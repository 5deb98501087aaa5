import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';
import { LAST_NIGHT, seedFleets, type SearchDataset } from './support/search-dataset.js';
import type { ScenarioEvent } from './support/teleport-scenario.js';

// The search language, histogram, facets, export, sessions and access requests against a known dataset,
// posted through the real webhook path: every expected answer is computed from the events themselves.
let t: TestApp;
let data: SearchDataset;
let all: ScenarioEvent[];

before(async () => {
  t = await setupApp();
  ({ data, all } = await seedFleets(t));
});
after(() => t.close());

const get = async (url: string) => {
  const res = await t.tenant.call({ method: 'GET', url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json();
};
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Every page of a search, following nextCursor. */
async function searchAll(params: Record<string, string>): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page = await get(`/v1/events?${qs({ ...params, limit: '25', ...(cursor ? { cursor } : {}) })}`);
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const inRange = (e: ScenarioEvent, range = LAST_NIGHT) => Date.parse(e.time) >= Date.parse(range.from) && Date.parse(e.time) < Date.parse(range.to);
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
const actorOf = (e: ScenarioEvent) => (e.user ?? (e.identity as { user?: string } | undefined)?.user ?? e.reviewer ?? e.updated_by) as string | undefined;

test('README: "all sessions of alice on prod last night" is one query', async () => {
  const page = await get(`/v1/sessions?${qs({ q: 'user:alice cluster:prod*', ...LAST_NIGHT })}`);
  assert.deepEqual(page.data.map((s: { sessionId: string }) => s.sessionId).sort(), [...data.sessions.aliceProdLastNight].sort());
  for (const s of page.data) assert.equal(s.initiator, 'alice');
});

test('README: "failed logins by IP" is one query', async () => {
  const { facets } = await get(`/v1/events/facets?${qs({ q: 'event:user.login success:false', fields: 'remote_ip' })}`);
  const expected = new Map<string, number>();
  for (const e of all) if (e.event === 'user.login' && e.success === false) {
    const ip = String(e['addr.remote']).split(':')[0]!;
    expected.set(ip, (expected.get(ip) ?? 0) + 1);
  }
  assert.deepEqual(facets[0].values, [...expected].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value, count })));
  assert.equal(facets[0].distinct, expected.size);
});

test('README: "everything done under access request X" is one query: its life, events and sessions', async () => {
  const id = data.requests.approved;
  const c = await get(`/v1/access-requests/${id}`);
  assert.equal(c.requester, 'dave');
  assert.deepEqual(c.roles, ['admin']);
  assert.deepEqual(c.reviews.map((r: { reviewer: string; proposedState: string }) => [r.reviewer, r.proposedState]), [['erin', 'APPROVED']]);
  assert.equal(c.state, 'APPROVED');
  assert.equal(c.decidedBy, 'erin');
  assert.equal(c.expired, true);
  assert.equal(c.selfApproved, false);
  assert.deepEqual(c.lifecycle.map((e: { type: string }) => e.type), ['access_request.create', 'access_request.review', 'access_request.update', 'access_request.expire']);
  const under = all.filter((e) => Array.isArray(e.access_requests) && e.access_requests.includes(id));
  assert.equal(c.usage.events, under.length);
  assert.equal(c.events.length, under.length);
  assert.deepEqual(c.sessions.map((s: { sessionId: string }) => s.sessionId).sort(), [...data.sessions.underRequest].sort());
  assert.equal(c.firstUsedAt, under.map((e) => e.time).sort()[0]!.slice(0, 26) + 'Z');

  const found = await searchAll({ q: `access_request:${id}` });
  assert.equal(found.length, under.length + c.lifecycle.length, 'the request\'s own events and those done under it');
  assert.equal((await get(`/v1/access-requests/${data.requests.selfApproved}`)).selfApproved, true);
  const list = await get(`/v1/access-requests?${qs({ q: 'user:dave', ...LAST_NIGHT })}`);
  assert.deepEqual(list.data.map((r: { requestId: string }) => r.requestId).sort(), [data.requests.approved, data.requests.selfApproved].sort());
  const listed = list.data.find((r: { requestId: string }) => r.requestId === id);
  assert.deepEqual(listed.roles, c.roles, 'the list names the roles asked for, as the case does');
});

test('README: "what did this session run, and is any of it missing?" is one query', async () => {
  const s = await get(`/v1/sessions/${data.sessions.gap}`);
  const mine = data.prod.filter((e) => e.sid === data.sessions.gap);
  assert.equal(s.commands.length, mine.filter((e) => e.event === 'exec' || e.event === 'session.command').length);
  assert.ok(s.commands.some((c: { command: string | null; exitCode: number | null }) => c.command !== null && c.exitCode !== null));
  assert.deepEqual(s.completeness.missingRanges, [[3, 3]]);
  assert.equal(s.session.status, 'incomplete');
  assert.equal(s.session.initiator, 'carol');
  const indices = s.events.map((e: { eventIndex: number }) => e.eventIndex).filter((i: number) => i < 2_147_483_646);
  assert.deepEqual(indices, [...indices].sort((a: number, b: number) => a - b), 'the event stream comes in ei order');
});

test('sessions without an end are open while recent and abandoned once silent; complete:false lists every incomplete one', async () => {
  assert.equal((await get(`/v1/sessions/${data.sessions.open}`)).session.status, 'open');
  assert.equal((await get(`/v1/sessions/${data.sessions.abandoned}`)).session.status, 'abandoned');
  const joined = await get(`/v1/sessions/${data.sessions.joined}`);
  assert.deepEqual(joined.participants.map((p: { user: string }) => p.user).sort(), ['bob', 'carol']);
  assert.equal(joined.moderated, true, 'an observer joined');
  assert.equal(joined.session.status, 'complete');
  // The oracle: a session is incomplete without an end or with a gap in its ei; abandoned without an end, silent for a day.
  const bySession = new Map<string, ScenarioEvent[]>();
  for (const e of all) if (typeof e.sid === 'string') bySession.set(e.sid, [...(bySession.get(e.sid) ?? []), e]);
  const hasEnd = (events: ScenarioEvent[]) => events.some((e) => /(^|\.)session\.end$/.test(e.event));
  const gapped = (events: ScenarioEvent[]) => {
    const indices = events.map((e) => Number(e.ei)).filter((i) => Number.isInteger(i) && i < 2_147_483_646);
    return indices.length > 0 && Math.max(...indices) + 1 > new Set(indices).size;
  };
  const incompleteIds = [...bySession].filter(([, ev]) => !hasEnd(ev) || gapped(ev)).map(([sid]) => sid).sort();
  assert.ok(incompleteIds.includes(data.sessions.gap) && incompleteIds.includes(data.sessions.open) && incompleteIds.includes(data.sessions.abandoned));
  const incomplete = await get(`/v1/sessions?${qs({ q: 'complete:false', limit: '500' })}`);
  assert.deepEqual(incomplete.data.map((s: { sessionId: string }) => s.sessionId).sort(), incompleteIds);
  const abandonedIds = [...bySession].filter(([, ev]) => !hasEnd(ev) && Date.now() - Math.max(...ev.map((e) => Date.parse(e.time))) > 24 * 3_600_000).map(([sid]) => sid).sort();
  const abandoned = await get(`/v1/sessions?${qs({ q: 'status:abandoned' })}`);
  assert.deepEqual(abandoned.data.map((s: { sessionId: string }) => s.sessionId).sort(), abandonedIds);
});

const QUERIES: Array<[string, (e: ScenarioEvent) => boolean]> = [
  ['login:root event:session.start', (e) => e.event === 'session.start' && e.login === 'root'],
  ['user:ALICE', (e) => lower(actorOf(e)) === 'alice'],
  ['user:ali*', (e) => String(lower(actorOf(e)) ?? '').startsWith('ali')],
  ['ip:10.0.0.0/8', (e) => typeof e['addr.remote'] === 'string' && (e['addr.remote'] as string).startsWith('10.') || (!e['addr.remote'] && typeof (e.identity as { client_ip?: string } | undefined)?.client_ip === 'string')],
  ['ip:203.0.113.5', (e) => String(e['addr.remote'] ?? '').startsWith('203.0.113.5:')],
  ['event:exec exit_code:>0', (e) => e.event === 'exec' && Number(e.exitCode) > 0],
  ['event:user.login NOT success:true', (e) => e.event === 'user.login' && e.success !== true],
  ['code:t1000w', (e) => e.code === 'T1000W'],
  ['"curl -s"', (e) => JSON.stringify(Object.entries(e).filter(([k]) => k !== 'time')).toLowerCase().includes('curl -s')],
  ['raw.identity.user:alice event:cert.create', (e) => e.event === 'cert.create' && (e.identity as { user: string }).user === 'alice'],
  ['node:prod-web-* event:session.*', (e) => String(e.server_hostname ?? '').startsWith('prod-web-') && e.event.startsWith('session.')],
  ['kube_cluster:prod-eks kube_verb:delete', (e) => e.kubernetes_cluster === 'prod-eks' && e.verb === 'delete'],
  ['db:orders-db', (e) => e.db_service === 'orders-db'],
  ['event:session.start -user:alice', (e) => e.event === 'session.start' && actorOf(e) !== 'alice'],
  ['(user:bob OR user:carol) event:session.join', (e) => e.event === 'session.join' && ['bob', 'carol'].includes(String(actorOf(e)))],
  ['cluster:staging.example.com', (e) => e.cluster_name === 'staging.example.com'],
  ['source:staging-fleet', (e) => data.staging.includes(e)],
  ['sid:* -event:session.data', (e) => typeof e.sid === 'string' && e.event !== 'session.data'],
];

for (const [q, oracle] of QUERIES) {
  test(`q=${q} finds exactly the events it means, across pages`, async () => {
    const rows = await searchAll({ q });
    const expected = all.filter(oracle);
    assert.equal(rows.length, expected.length);
    assert.deepEqual(new Set(rows.map((r) => r.uid)), new Set(expected.map((e) => e.uid)));
    const times = rows.map((r) => r.time as string);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });
}

test('times keep their microseconds from the webhook body to the answer, and order=asc reverses the order', async () => {
  const event = data.prod.find((e) => e.event === 'cert.create')!;
  const [row] = await searchAll({ q: `uid:${event.uid}` });
  assert.equal(row!.time, `${event.time.slice(0, 26)}Z`, 'nanoseconds truncated to microseconds, never rounded');
  const asc = (await get(`/v1/events?${qs({ q: 'event:session.start', order: 'asc', limit: '1000' })}`)).data.map((r: { time: string }) => r.time);
  assert.deepEqual(asc, [...asc].sort());
});

test('fields= chooses what comes back; a syntax error says where and what', async () => {
  const page = await get(`/v1/events?${qs({ q: 'event:user.login', fields: 'actor,remoteIp', limit: '3' })}`);
  assert.deepEqual(Object.keys(page.data[0]).sort(), ['actor', 'id', 'remoteIp', 'time']);
  const bad = await t.tenant.call({ method: 'GET', url: `/v1/events?${qs({ q: 'user:alice AND (login:root' })}` });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'query.invalid');
  assert.equal(bad.json().error.details.position, 26, 'the end of the query, where the ) is missing');
  assert.ok(bad.json().error.details.hint);
  const long = await t.tenant.call({ method: 'POST', url: '/v1/events/search', payload: { q: `event:session.start ${Array.from({ length: 60 }, (_, i) => `-user:nobody${i}`).join(' ')}`, limit: 1000 } });
  assert.equal(long.statusCode, 200);
  assert.equal(long.json().data.length, all.filter((e) => e.event === 'session.start').length);
});

test('relative times resolve once: later pages keep the range of the first', async () => {
  const first = await get(`/v1/events?${qs({ from: '-3650d', limit: '5' })}`);
  assert.ok(first.range.from);
  const second = await get(`/v1/events?${qs({ from: '-3650d', limit: '5', cursor: first.nextCursor })}`);
  assert.deepEqual(second.range, first.range);
});

test('the histogram buckets by the hour, zero-filled, from the rollups when it can, from the events when it must', async () => {
  const inNight = all.filter((e) => inRange(e));
  const byType = await get(`/v1/events/histogram?${qs({ ...LAST_NIGHT, interval: '1h', group_by: 'event_type', top: '3' })}`);
  assert.equal(byType.source, 'rollup');
  assert.equal(byType.buckets.length, 12);
  assert.equal(byType.buckets.reduce((n: number, b: { total: number }) => n + b.total, 0), inNight.length);
  assert.equal(byType.groups.length, 4, 'the top 3 and "other"');
  assert.equal(byType.groups.at(-1).key, 'other');
  for (const b of byType.buckets) assert.equal(Object.values(b.counts as Record<string, number>).reduce((n, c) => n + c, 0), b.total);

  const offHours = await get(`/v1/events/histogram?${qs({ from: '2026-05-31T18:30:00Z', to: '2026-06-01T05:45:00Z', interval: '1h', q: 'event:session.*' })}`);
  assert.equal(offHours.source, 'rollup', 'partial hours at both ends are read from the events');
  assert.equal(offHours.buckets.reduce((n: number, b: { total: number }) => n + b.total, 0),
    all.filter((e) => e.event.startsWith('session.') && inRange(e, { from: '2026-05-31T18:30:00Z', to: '2026-06-01T05:45:00Z' })).length);

  const alice = await get(`/v1/events/histogram?${qs({ ...LAST_NIGHT, q: 'user:alice', group_by: 'actor' })}`);
  assert.equal(alice.source, 'events');
  assert.equal(alice.interval, '15m', 'auto picks at most ~120 buckets');
  assert.deepEqual(alice.groups.map((g: { key: string }) => g.key), ['alice']);
  assert.equal(alice.groups[0].total, inNight.filter((e) => actorOf(e) === 'alice').length);
});

test('facets count the top values and distinct values, exactly from the rollups for type and cluster', async () => {
  const { facets } = await get(`/v1/events/facets?${qs({ ...LAST_NIGHT, fields: 'event_type,cluster_name,actor' })}`);
  const [types, clusters, actors] = facets;
  assert.equal(types.exact, true);
  const inNight = all.filter((e) => inRange(e));
  assert.equal(types.distinct, new Set(inNight.map((e) => e.event)).size);
  assert.deepEqual(clusters.values.map((v: { value: string }) => v.value).sort(), ['prod.example.com', 'staging.example.com']);
  assert.equal(actors.values.find((v: { value: string }) => v.value === 'alice').count, inNight.filter((e) => actorOf(e) === 'alice').length);
});

test('export streams every match as NDJSON of the raw events or CSV, and says it is complete', async () => {
  const res = await t.tenant.call({ method: 'GET', url: `/v1/events/export?${qs({ q: 'event:session.*' })}` });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/x-ndjson');
  const lines = res.body.trim().split('\n');
  const expected = all.filter((e) => e.event.startsWith('session.'));
  assert.equal(lines.length, expected.length);
  assert.deepEqual(new Set(lines.map((l) => (JSON.parse(l) as ScenarioEvent).uid)), new Set(expected.map((e) => e.uid)));
  assert.equal(res.trailers['x-export-complete'], 'true');
  assert.equal(res.trailers['x-export-rows'], String(expected.length));

  const csv = await t.tenant.call({ method: 'GET', url: `/v1/events/export?${qs({ q: 'event:exec', format: 'csv', fields: 'time,actor,command,exitCode' })}` });
  const rows = csv.body.trim().split('\r\n');
  assert.equal(rows[0], 'time,actor,command,exitCode');
  assert.equal(rows.length - 1, all.filter((e) => e.event === 'exec').length);
  const log = await get('/v1/audit-log');
  assert.ok(log.data.some((e: { action: string }) => e.action === 'events.export'), 'exports are in the admin audit log');
});

test('saved searches: create, list, read with a reader key, update, delete; a broken query is refused when saved', async () => {
  const created = await t.tenant.call({ method: 'POST', url: '/v1/saved-searches', payload: { name: 'root sessions', query: 'event:session.start login:root', from: '-7d' } });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().savedSearch.id;
  assert.equal((await t.tenant.call({ method: 'POST', url: '/v1/saved-searches', payload: { name: 'root sessions', query: 'x' } })).statusCode, 409);
  assert.equal((await t.tenant.call({ method: 'POST', url: '/v1/saved-searches', payload: { name: 'broken', query: 'user:' } })).json().error.code, 'query.invalid');
  const reader = (await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'r', role: 'reader' } })).json().secret as string;
  const asReader = (opts: { method: 'GET' | 'DELETE'; url: string }) => t.app.inject({ ...opts, headers: { authorization: `Bearer ${reader}` } });
  assert.equal((await asReader({ method: 'GET', url: `/v1/saved-searches/${id}` })).json().savedSearch.from, '-7d');
  assert.equal((await asReader({ method: 'DELETE', url: `/v1/saved-searches/${id}` })).statusCode, 403);
  const patched = await t.tenant.call({ method: 'PATCH', url: `/v1/saved-searches/${id}`, payload: { query: 'event:session.start login:root cluster:prod*' } });
  assert.equal(patched.json().savedSearch.query, 'event:session.start login:root cluster:prod*');
  assert.equal((await get('/v1/saved-searches')).data.length, 1);
  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/saved-searches/${id}` })).statusCode, 204);
  assert.equal((await t.tenant.call({ method: 'GET', url: `/v1/saved-searches/${id}` })).statusCode, 404);
});

test('session and access-request lists page with cursors to the same set as one big page', async () => {
  const all500 = (await get(`/v1/sessions?${qs({ limit: '500' })}`)).data.map((s: { sessionId: string }) => s.sessionId);
  const paged: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: { sessionId: string }[]; nextCursor: string | null } = await get(`/v1/sessions?${qs({ limit: '3', ...(cursor ? { cursor } : {}) })}`);
    paged.push(...page.data.map((s) => s.sessionId));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(paged, all500);
  const first = await get('/v1/access-requests?limit=1');
  const second = await get(`/v1/access-requests?limit=1&cursor=${first.nextCursor}`);
  assert.deepEqual([first.data[0].requestId, second.data[0].requestId].sort(), [data.requests.approved, data.requests.selfApproved].sort());
  assert.equal(second.nextCursor, null);
  assert.equal((await t.tenant.call({ method: 'GET', url: `/v1/sessions?q=user:bob&cursor=${first.nextCursor}` })).statusCode, 400, 'a cursor of another list is refused');
});
