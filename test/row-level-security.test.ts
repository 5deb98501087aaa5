import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { uuidv7 } from '@tai/core';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let db: TestDatabase;
let appRole: pg.Pool;
let tenantA: string;

before(async () => {
  db = await createTestDatabase();
  tenantA = (await createTenantWithAdminKey(db.repos, { name: 'a' })).tenantId;
  await db.repos.sources.create({ tenantId: tenantA, id: uuidv7(), type: 'teleport_webhook', name: 'src', config: {}, tokenHash: 'f'.repeat(64), tokenPrefix: 'tai_wh_x' });
  // A raw connection as the application role, with no tenant context at all.
  appRole = new pg.Pool({ connectionString: db.url, max: 1, options: '-c role=teleport_audit_app' });
});
after(async () => {
  await appRole.end();
  await db.drop();
});

test('a connection without tenant context sees no rows in any tenant table', async () => {
  for (const table of ['tenants', 'api_keys', 'sources', 'audit_log', 'ingest_rejects', 'teleport_audit_events', 'source_ingest_hourly']) {
    const { rows } = await appRole.query(`select count(*)::int as n from ${table}`);
    assert.equal(rows[0].n, 0, `${table} leaked rows without tenant context`);
  }
  const { rows } = await db.owner.query('select count(*)::int as n from sources');
  assert.equal(rows[0].n, 1, 'the row exists; only the policy hides it');
});

test('tenant context from an ended transaction does not carry over to the next one', async () => {
  const c = await appRole.connect();
  try {
    await c.query('begin');
    await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantA]);
    assert.equal((await c.query('select count(*)::int as n from sources')).rows[0].n, 1);
    await c.query('commit');
    assert.equal((await c.query('select count(*)::int as n from sources')).rows[0].n, 0);
  } finally {
    c.release();
  }
});

test('a tenant cannot write rows for another tenant', async () => {
  const c = await appRole.connect();
  try {
    await c.query('begin');
    await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantA]);
    await assert.rejects(
      c.query(`insert into sources (id, tenant_id, type, name) values ($1, $2, 'teleport_webhook', 'x')`, [uuidv7(), uuidv7()]),
      /row-level security/);
  } finally {
    await c.query('rollback');
    c.release();
  }
});

test('the app role cannot read event partitions directly, around the parent policy', async () => {
  await db.repos.auditEvents.ensurePartitions([new Date()]);
  const { rows } = await db.owner.query<{ relname: string }>(`select relname from pg_class where relname like 'teleport_audit_events_2%' limit 1`);
  await assert.rejects(appRole.query(`select * from ${rows[0]!.relname}`), /permission denied/);
  await assert.rejects(appRole.query('select * from teleport_audit_events_default'), /permission denied/);
});

test('an API key hash reveals exactly its own key row before the tenant is known', async () => {
  const created = await createTenantWithAdminKey(db.repos, { name: 'b' });
  const { rows } = await db.owner.query('select key_hash from api_keys where id = $1', [created.apiKeyId]);
  const found = await db.repos.apiKeys.findActiveByHash({ keyHash: rows[0].key_hash });
  assert.equal(found?.tenantId, created.tenantId);
  assert.equal(await db.repos.apiKeys.findActiveByHash({ keyHash: '0'.repeat(64) }), null);
});
