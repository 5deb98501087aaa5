import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type Caller, type TestApp } from './support/app.js';
import { insertEvents, normalizedCorpus } from './support/events.js';
import { postEvents, searchDataset } from './support/search-dataset.js';

let t: TestApp;
let a: Caller;
let b: { tenantId: string; call: Caller };
let bSource: { id: string };
let bKeyId: string;
let bEventId: string;

before(async () => {
  t = await setupApp();
  a = t.tenant.call;
  b = await t.newTenant('tenant-b');
  bSource = (await b.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'b-prod' } })).json().source;
  bKeyId = (await b.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'b-reader', role: 'reader' } })).json().apiKey.id;
  await insertEvents(t.db.repos, { tenantId: b.tenantId, sourceId: bSource.id, events: normalizedCorpus().slice(0, 20) });
  bEventId = (await b.call({ method: 'GET', url: '/v1/events?limit=1' })).json().data[0].id;
  await a({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'a-prod' } });
});
after(() => t.close());

test("tenant A cannot read tenant B's source, key or event by id", async () => {
  for (const url of [`/v1/sources/${bSource.id}`, `/v1/api-keys/${bKeyId}`, `/v1/events/${bEventId}`]) {
    const res = await a({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
  }
});

test("tenant A's lists and searches never include tenant B's rows", async () => {
  const sources = (await a({ method: 'GET', url: '/v1/sources' })).json().data;
  assert.deepEqual(sources.map((s: { name: string }) => s.name), ['a-prod']);
  const keys = (await a({ method: 'GET', url: '/v1/api-keys' })).json().data;
  assert.ok(keys.every((k: { id: string }) => k.id !== bKeyId));
  assert.deepEqual((await a({ method: 'GET', url: '/v1/events' })).json().data, []);
  assert.deepEqual((await a({ method: 'GET', url: `/v1/events?source_id=${bSource.id}` })).json().data, []);
  const log = (await a({ method: 'GET', url: '/v1/audit-log' })).json().data;
  assert.ok(log.every((e: { target: { id: string } }) => e.target.id !== bSource.id && e.target.id !== bKeyId));
});

test("tenant A cannot change, rotate or delete tenant B's source or revoke its key", async () => {
  const attempts = [
    { method: 'PATCH' as const, url: `/v1/sources/${bSource.id}`, payload: { name: 'hijacked' } },
    { method: 'POST' as const, url: `/v1/sources/${bSource.id}/rotate-token` },
    { method: 'DELETE' as const, url: `/v1/sources/${bSource.id}` },
    { method: 'DELETE' as const, url: `/v1/api-keys/${bKeyId}` },
  ];
  for (const attempt of attempts) {
    const res = await a(attempt);
    assert.equal(res.statusCode, 404, `${attempt.method} ${attempt.url}`);
  }
  const still = (await b.call({ method: 'GET', url: `/v1/sources/${bSource.id}` })).json();
  assert.equal(still.name, 'b-prod');
  assert.equal(still.webhook.tokenRotatedAt, null);
  const key = (await b.call({ method: 'GET', url: `/v1/api-keys/${bKeyId}` })).json();
  assert.equal(key.revokedAt, null);
});

test("a cursor cannot be used to page into another tenant's events", async () => {
  const page = (await b.call({ method: 'GET', url: '/v1/events?limit=1' })).json();
  const res = await a({ method: 'GET', url: `/v1/events?limit=50&cursor=${page.nextCursor}` });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json().data, []);
});

test("tenant A cannot see or act on tenant B's source health, rejects, setup, objects or backfills", async () => {
  const s3 = (await b.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'b-eas', config: { bucket: 'b-tenant-bucket' } } })).json().source;
  const run = await b.call({ method: 'POST', url: `/v1/sources/${s3.id}/backfill`, payload: {} });
  assert.equal(run.statusCode, 201, run.body);
  const attempts = [
    { method: 'GET' as const, url: `/v1/sources/${bSource.id}/rejects` },
    { method: 'GET' as const, url: `/v1/sources/${bSource.id}/setup` },
    { method: 'GET' as const, url: `/v1/sources/${s3.id}/setup` },
    { method: 'GET' as const, url: `/v1/sources/${s3.id}/objects` },
    { method: 'GET' as const, url: `/v1/sources/${s3.id}/backfills` },
    { method: 'GET' as const, url: `/v1/sources/${s3.id}/backfills/${run.json().id}` },
    { method: 'POST' as const, url: `/v1/sources/${s3.id}/backfill`, payload: {} },
  ];
  for (const attempt of attempts) {
    const res = await a(attempt);
    assert.equal(res.statusCode, 404, `${attempt.method} ${attempt.url}: ${res.body}`);
  }
  const runs = (await b.call({ method: 'GET', url: `/v1/sources/${s3.id}/backfills` })).json().data;
  assert.equal(runs.length, 1, 'tenant A started nothing on tenant B\'s source');
});

test("tenant A never sees tenant B's data through search, histogram, facets, export, sessions, access requests or saved searches", async () => {
  const data = searchDataset();
  const token = (await b.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'b-search' } })).json().webhook.token;
  await postEvents(t.app, token, data.prod);
  const bSaved = (await b.call({ method: 'POST', url: '/v1/saved-searches', payload: { name: 'b only', query: 'user:alice' } })).json().savedSearch.id;
  const sid = data.sessions.gap;
  const request = data.requests.approved;
  // Tenant B sees its own data, so the empty answers below are the isolation, not an empty database.
  assert.ok((await b.call({ method: 'GET', url: `/v1/sessions/${sid}` })).statusCode === 200);
  assert.ok((await b.call({ method: 'GET', url: `/v1/access-requests/${request}` })).statusCode === 200);

  for (const url of [`/v1/sessions/${sid}`, `/v1/access-requests/${request}`, `/v1/saved-searches/${bSaved}`]) {
    assert.equal((await a({ method: 'GET', url })).statusCode, 404, url);
  }
  for (const q of ['', 'user:alice', `sid:${sid}`, `access_request:${request}`, '"curl"', `source:${bSource.id}`, 'source:b-search']) {
    assert.deepEqual((await a({ method: 'GET', url: `/v1/events?q=${encodeURIComponent(q)}&from=2000-01-01` })).json().data, [], q);
  }
  const histogram = (await a({ method: 'GET', url: '/v1/events/histogram?from=2026-05-01&to=2026-07-01&interval=1d&group_by=event_type' })).json();
  assert.equal(histogram.buckets.reduce((n: number, x: { total: number }) => n + x.total, 0), 0);
  const facets = (await a({ method: 'GET', url: '/v1/events/facets?from=2000-01-01&fields=event_type,actor' })).json().facets;
  assert.deepEqual(facets.map((f: { values: unknown[] }) => f.values), [[], []]);
  const exported = await a({ method: 'GET', url: '/v1/events/export?from=2000-01-01' });
  assert.equal(exported.body, '');
  assert.equal(exported.trailers['x-export-rows'], '0');
  assert.deepEqual((await a({ method: 'GET', url: '/v1/sessions?from=2000-01-01' })).json().data, []);
  assert.deepEqual((await a({ method: 'GET', url: '/v1/access-requests?from=2000-01-01' })).json().data, []);
  assert.deepEqual((await a({ method: 'GET', url: '/v1/saved-searches' })).json().data, []);
  for (const attempt of [{ method: 'PATCH' as const, url: `/v1/saved-searches/${bSaved}`, payload: { name: 'x' } }, { method: 'DELETE' as const, url: `/v1/saved-searches/${bSaved}` }]) {
    assert.equal((await a(attempt)).statusCode, 404, attempt.method);
  }
});
