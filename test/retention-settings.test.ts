import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callerFor, setupApp, type Caller, type TestApp } from './support/app.js';

let t: TestApp;
let reader: Caller;

before(async () => {
  t = await setupApp();
  const created = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'dashboards', role: 'reader' } });
  reader = callerFor(t.app, created.json().secret);
});
after(() => t.close());

const settings = (call: Caller) => call({ method: 'GET', url: '/v1/tenant/settings' });
const patch = (call: Caller, payload: unknown) => call({ method: 'PATCH', url: '/v1/tenant/settings', payload: payload as object });
// The silence bounds beside the retention (test/completeness-settings.test.ts): untouched here.
const withRetention = (retentionDays: number) => ({ retentionDays, silenceFloorSeconds: null, silenceCeilingSeconds: null, silenceDefaults: { floorSeconds: 900, ceilingSeconds: 86_400 } });

test('a new tenant keeps its events 365 days, and any role may read that', async () => {
  for (const call of [t.tenant.call, reader]) {
    const res = await settings(call);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), withRetention(365));
  }
});

test('an admin changes the retention: the new settings are returned, kept, audited and seen by the worker', async () => {
  const res = await patch(t.tenant.call, { retentionDays: 30 });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), withRetention(30));
  assert.deepEqual((await settings(reader)).json(), withRetention(30));

  const [entry] = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=1' })).json().data;
  assert.equal(entry.action, 'tenant.update_settings');
  assert.deepEqual(entry.target, { type: 'tenant', id: t.tenant.tenantId });
  assert.deepEqual(entry.details, { retentionDays: { from: 365, to: 30 } });

  const retentions = await t.db.repos.retention.tenantRetentions();
  assert.deepEqual(retentions.find((r) => r.tenantId === t.tenant.tenantId), { tenantId: t.tenant.tenantId, retentionDays: 30 });
});

test('a retention outside 1-3650 whole days, or a body with anything else, is refused with request.invalid', async () => {
  for (const body of [{ retentionDays: 0 }, { retentionDays: 3651 }, { retentionDays: 1.5 }, { retentionDays: null }, {}, { retentionDays: 30, extra: true }, []]) {
    const res = await patch(t.tenant.call, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.equal(res.json().error.code, 'request.invalid', JSON.stringify(body));
  }
  assert.deepEqual((await settings(t.tenant.call)).json(), withRetention(30), 'unchanged');
  for (const retentionDays of [1, 3650]) assert.equal((await patch(t.tenant.call, { retentionDays })).statusCode, 200);
  await patch(t.tenant.call, { retentionDays: 30 });
});

test('a reader may not change the retention', async () => {
  const res = await patch(reader, { retentionDays: 7 });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().error.code, 'auth.forbidden');
  assert.deepEqual((await settings(reader)).json(), withRetention(30));
});

test('one tenant\'s change leaves every other tenant\'s retention alone', async () => {
  const other = await t.newTenant('tenant-b');
  assert.deepEqual((await patch(other.call, { retentionDays: 7 })).json(), withRetention(7));
  assert.deepEqual((await settings(other.call)).json(), withRetention(7));
  assert.deepEqual((await settings(t.tenant.call)).json(), withRetention(30));
  const retentions = new Map((await t.db.repos.retention.tenantRetentions()).map((r) => [r.tenantId, r.retentionDays]));
  assert.equal(retentions.get(t.tenant.tenantId), 30);
  assert.equal(retentions.get(other.tenantId), 7);
});
