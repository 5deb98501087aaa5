import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';

let t: TestApp;
before(async () => {
  t = await setupApp();
});
after(() => t.close());

const createSource = async (name: string) => {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().source.id as string;
};

test('source health lists the source\'s open completeness findings, not resolved ones nor other sources\'', async () => {
  const sourceId = await createSource('prod');
  const otherId = await createSource('staging');
  const { tenantId } = t.tenant;
  const openedAt = new Date('2026-06-15T10:30:00Z');
  const opened = await t.db.repos.sourceFindings.apply({
    tenantId, now: openedAt, eventTypes: [], resolve: [],
    open: [
      { sourceId, kind: 'source.silent', subject: '', details: { thresholdSeconds: 3600 } },
      { sourceId, kind: 'session.incomplete', subject: 'sess-1', details: { missingRanges: [[2, 2]] } },
      { sourceId: otherId, kind: 'source.silent', subject: '', details: {} },
    ],
  });
  const incomplete = opened.find((f) => f.kind === 'session.incomplete')!;
  await t.db.repos.sourceFindings.apply({ tenantId, now: new Date(openedAt.getTime() + 60_000), eventTypes: [], open: [], resolve: [{ id: incomplete.id, details: {} }] });

  const res = await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().health.findings, [{ kind: 'source.silent', subject: '', details: { thresholdSeconds: 3600 }, openedAt: openedAt.toISOString() }]);

  const fresh = await createSource('fresh');
  const clean = await t.tenant.call({ method: 'GET', url: `/v1/sources/${fresh}` });
  assert.deepEqual(clean.json().health.findings, []);
});

test('another tenant cannot read a source\'s findings', async () => {
  const sourceId = await createSource('private');
  await t.db.repos.sourceFindings.apply({ tenantId: t.tenant.tenantId, now: new Date(), eventTypes: [], resolve: [], open: [{ sourceId, kind: 'rejects.spike', subject: '', details: {} }] });
  const other = await t.newTenant('other');
  const res = await other.call({ method: 'GET', url: `/v1/sources/${sourceId}` });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(await t.db.repos.sourceFindings.openForSource({ tenantId: other.tenantId, sourceId, limit: 10 }), []);
});
