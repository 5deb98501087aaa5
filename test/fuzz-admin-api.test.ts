import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { setupApp, type TestApp } from './support/app.js';
import { fuzzParameters, nastyString, nastyValue } from './support/fuzz.js';

// Any query string, path parameter or body on any admin route: never a 5xx, and every error in the
// documented shape. (The database is up throughout, so 503 would be a bug as well.)
let t: TestApp;
let webhookId: string;
let s3Id: string;

before(async () => {
  t = await setupApp();
  webhookId = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'wh' } })).json().source.id;
  s3Id = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 's3', config: { bucket: 'acme-audit' } } })).json().source.id;
});
after(() => t.close());

/** Percent-encodes bytes, so values can carry what a browser never would (invalid UTF-8, NUL). */
const percentEncoded = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const queryValue = fc.oneof(
  { weight: 3, arbitrary: nastyString.map((s) => percentEncoded(Buffer.from(s, 'utf8'))) },
  { weight: 2, arbitrary: fc.constantFrom('%00', 'a%00', '%ed%a0%80', '%c0%80', '%ff') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map(percentEncoded) },
  { weight: 2, arbitrary: fc.constantFrom('0000-01-01T00:00:00Z', '-24h', '9999-12-31T23:59:59Z', 'true', '-1', '1e9', '0', '', '%', '%zz', '[]') },
);

const ROUTES: { path: () => string; params: string[] }[] = [
  { path: () => '/v1/events', params: ['from', 'to', 'event_type', 'actor', 'session_id', 'cluster', 'source_id', 'success', 'limit', 'cursor'] },
  { path: () => '/v1/events', params: ['q', 'order', 'fields', 'unknown'] },
  { path: () => '/v1/audit-log', params: ['limit', 'cursor', 'action'] },
  { path: () => '/v1/sources', params: ['limit', 'cursor', 'type'] },
  { path: () => `/v1/sources/${webhookId}/rejects`, params: ['limit', 'cursor'] },
  { path: () => `/v1/sources/${s3Id}/objects`, params: ['status', 'limit', 'cursor'] },
  { path: () => `/v1/sources/${s3Id}/backfills`, params: ['limit'] },
  { path: () => '/v1/api-keys', params: ['limit'] },
  { path: () => '/v1/me', params: ['x'] },
];

function assertNoServerError(res: { statusCode: number; body: string }, what: string) {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body}`);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown }; reqId?: unknown };
    assert.equal(typeof body.error?.code, 'string', `${what}: ${res.body}`);
    assert.equal(typeof body.reqId, 'string', `${what}: ${res.body}`);
  }
}

test('any query string on any read route is answered without a 5xx', async () => {
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...ROUTES),
    // Mostly one or two parameters: one invalid parameter answers 400 before any other is looked at.
    fc.array(fc.tuple(fc.nat(), queryValue), { minLength: 1, maxLength: 3 }),
    async (route, pairs) => {
      const query = pairs.map(([i, v]) => `${route.params[i % route.params.length]}=${v}`).join('&');
      const url = `${route.path()}?${query}`;
      assertNoServerError(await t.tenant.call({ method: 'GET', url }), url);
    },
  ), fuzzParameters(300));
});

test('any path parameter is answered without a 5xx', async () => {
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('/v1/sources/', '/v1/events/', '/v1/api-keys/', `/v1/sources/${s3Id}/backfills/`, `/v1/sources/${s3Id}/objects/`),
    queryValue,
    async (prefix, id) => {
      const url = `${prefix}${id}${prefix.endsWith('objects/') ? '/retry' : ''}`;
      const method = prefix.endsWith('objects/') ? 'POST' : 'GET';
      assertNoServerError(await t.tenant.call({ method, url }), `${method} ${url}`);
    },
  ), fuzzParameters(200));
});

const VALID_BODIES: { method: 'POST' | 'PATCH'; url: () => string; body: Record<string, unknown> }[] = [
  { method: 'POST', url: () => '/v1/sources', body: { type: 'teleport_webhook', name: 'x', config: { clusterName: 'c' } } },
  { method: 'POST', url: () => '/v1/sources', body: { type: 'teleport_s3', name: 'y', config: { bucket: 'b-bucket', prefix: 'p', region: 'us-east-1' } } },
  { method: 'PATCH', url: () => `/v1/sources/${webhookId}`, body: { name: 'renamed', enabled: true } },
  { method: 'POST', url: () => '/v1/api-keys', body: { name: 'k', role: 'reader' } },
  { method: 'POST', url: () => `/v1/sources/${s3Id}/backfill`, body: { from: '2024-05-01', to: '2024-05-02' } },
  { method: 'POST', url: () => `/v1/sources/${s3Id}/backfill`, body: { prefix: 'p/2024' } },
];

/** A valid body with some of its fields, or fields of its `config`, replaced or added. */
const mutatedBody = fc.record({
  base: fc.constantFrom(...VALID_BODIES),
  changes: fc.array(fc.record({ inConfig: fc.boolean(), key: fc.oneof(fc.constantFrom('name', 'type', 'role', 'config', 'enabled', 'bucket', 'prefix', 'clusterName', 'from', 'to', 'queueUrl', 'roleArn'), nastyString), value: fc.oneof(nastyValue, fc.constantFrom('a\u0000b', 'x\ud800', '\udc00')) }), { maxLength: 4 }),
});

test('any JSON body on any write route is answered without a 5xx', async () => {
  await fc.assert(fc.asyncProperty(mutatedBody, async ({ base, changes }) => {
    const body: Record<string, unknown> = structuredClone(base.body);
    for (const { inConfig, key, value } of changes) {
      const target = inConfig && body.config && typeof body.config === 'object' ? body.config as Record<string, unknown> : body;
      target[key] = value;
    }
    const res = await t.tenant.call({ method: base.method, url: base.url(), payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assertNoServerError(res, `${base.method} ${base.url()} ${JSON.stringify(body).slice(0, 300)}`);
  }), fuzzParameters(300));
});

test('bodies that are not JSON, or not objects, are answered without a 5xx', async () => {
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...VALID_BODIES),
    fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.jsonValue().map((v) => JSON.stringify(v))),
    fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
    async (base, text, contentType) => {
      const res = await t.tenant.call({ method: base.method, url: base.url(), payload: text, headers: { 'content-type': contentType } });
      assertNoServerError(res, `${base.method} ${base.url()} ${contentType} ${JSON.stringify(text)}`);
    },
  ), fuzzParameters(200));
});
