import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callerFor, setupApp, type TestApp } from './support/app.js';

let t: TestApp;
let reader: string;

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'dashboards', role: 'reader' } });
  assert.equal(res.statusCode, 201);
  reader = res.json().secret;
});
after(() => t.close());

test('a request without an API key gets 401 with a stable JSON error', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/v1/sources' });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'auth.unauthenticated');
  assert.ok(res.json().reqId);
});

test('an unknown, malformed or non-Bearer key gets 401', async () => {
  for (const authorization of ['Bearer tai_ak_doesnotexist', 'Bearer something-else', `Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer']) {
    const res = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization } });
    assert.equal(res.statusCode, 401, authorization);
    assert.equal(res.json().error.code, 'auth.unauthenticated');
  }
});

test('GET /v1/me names the tenant and the key', async () => {
  const res = await t.tenant.call({ method: 'GET', url: '/v1/me' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().tenant.id, t.tenant.tenantId);
  assert.equal(res.json().apiKey.role, 'admin');
});

test('a reader key may read but not create, and the denial is audited', async () => {
  const call = callerFor(t.app, reader);
  assert.equal((await call({ method: 'GET', url: '/v1/sources' })).statusCode, 200);
  assert.equal((await call({ method: 'GET', url: '/v1/events' })).statusCode, 200);
  const denied = await call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'nope' } });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().error.code, 'auth.forbidden');
  assert.equal((await call({ method: 'GET', url: '/v1/api-keys' })).statusCode, 403);
  assert.equal((await call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'x', role: 'admin' } })).statusCode, 403);

  const sources = await t.tenant.call({ method: 'GET', url: '/v1/sources' });
  assert.equal(sources.json().data.length, 0, 'the denied create stored nothing');
  const log = await t.tenant.call({ method: 'GET', url: '/v1/audit-log' });
  assert.ok(log.json().data.some((e: { action: string; target: { id: string } }) => e.action === 'auth.denied' && e.target.id === 'POST /v1/sources'));
});

test('API keys are listed without secrets and a revoked key stops working at once', async () => {
  const created = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'ci', role: 'admin' } });
  const { apiKey, secret } = created.json();
  assert.match(secret, /^tai_ak_[0-9A-Za-z]{40}$/);
  assert.ok(secret.startsWith(apiKey.prefix));

  const list = await t.tenant.call({ method: 'GET', url: '/v1/api-keys' });
  assert.ok(!list.body.includes(secret), 'the secret is never listed');
  assert.ok(list.json().data.some((k: { id: string }) => k.id === apiKey.id));

  const call = callerFor(t.app, secret);
  assert.equal((await call({ method: 'GET', url: '/v1/me' })).statusCode, 200);
  const fetched = await t.tenant.call({ method: 'GET', url: `/v1/api-keys/${apiKey.id}` });
  assert.ok(fetched.json().lastUsedAt, 'last use is recorded');

  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/api-keys/${apiKey.id}` })).statusCode, 204);
  assert.equal((await call({ method: 'GET', url: '/v1/me' })).statusCode, 401);
  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/api-keys/${apiKey.id}` })).statusCode, 404);
});

test('a key cannot revoke itself', async () => {
  const me = await t.tenant.call({ method: 'GET', url: '/v1/me' });
  const res = await t.tenant.call({ method: 'DELETE', url: `/v1/api-keys/${me.json().apiKey.id}` });
  assert.equal(res.statusCode, 409);
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/me' })).statusCode, 200);
});

test('invalid input gets 400 with a stable code and the reason', async () => {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'x', role: 'owner' } });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'request.invalid');
  const notJson = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: '{oops', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.statusCode, 400);
  assert.equal(notJson.json().error.code, 'request.invalid_json');
  const badId = await t.tenant.call({ method: 'GET', url: '/v1/api-keys/not-a-uuid' });
  assert.equal(badId.statusCode, 400);
});

test('unknown routes get a JSON 404', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/v1/nothing-here' });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'route.not_found');
});

test('health, readiness and the OpenAPI document need no key', async () => {
  assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
  assert.deepEqual((await t.app.inject({ url: '/readyz' })).json(), { status: 'ready' });
  const doc = (await t.app.inject({ url: '/docs/json' })).json();
  assert.equal(doc.openapi, '3.1.0');
  for (const path of ['/v1/sources', '/v1/sources/{id}/rotate-token', '/v1/api-keys', '/v1/me', '/v1/audit-log', '/v1/events', '/v1/events/{id}']) {
    assert.ok(doc.paths[path], `${path} is documented`);
  }
  assert.equal((await t.app.inject({ url: '/docs' })).statusCode < 400, true);
});

test('a request id sent by the client is echoed back', async () => {
  const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
  assert.equal(res.headers['x-request-id'], 'trace-123');
});
