import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bootstrapFirstTenant, createTenantWithAdminKey } from '@tai/api';
import { uuidv7 } from '@tai/core';
import { MIGRATIONS_DIR, runMigrations } from '@tai/db';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// Tenant names are unique across tenants. Row-level security hides the other tenants from the app role, so the
// database refuses a taken name (tenants_name_uq) and the use case turns that into a conflict.
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

test('a second tenant of a taken name is refused as a conflict, and nothing of it is stored', async () => {
  await createTenantWithAdminKey(db.repos, { name: 'platform-team' });
  await assert.rejects(createTenantWithAdminKey(db.repos, { name: 'platform-team' }), (err: Error & { code?: string; statusCode?: number }) => {
    assert.deepEqual([err.code, err.statusCode, err.message], ['resource.conflict', 409, 'A tenant named "platform-team" already exists']);
    return true;
  });
  const { rows } = await db.owner.query(`select count(*)::int as n from tenants where name = 'platform-team'`);
  assert.equal(rows[0].n, 1);
});

test('first-run bootstrap still creates its tenant when the admin CLI took the name before the first start', async () => {
  const fresh = await createTestDatabase();
  try {
    await createTenantWithAdminKey(fresh.repos, { name: 'default' });
    const first = await bootstrapFirstTenant(fresh.repos, { name: 'default' });
    assert.ok(first, 'bootstrapped');
    assert.match(first.tenantName, /^default-[0-9a-f]{8}$/);
    const installation = await fresh.repos.tenants.findInstallation();
    assert.equal(installation?.firstTenantId, first.tenantId);
  } finally {
    await fresh.drop();
  }
});

test('upgrading a database whose tenants share names keeps the oldest under the name and renames the others', async () => {
  const old = await createTestDatabase({ migrate: false });
  try {
    // The migrations from before names were unique, applied from a copy of the folder cut short there.
    const folder = mkdtempSync(path.join(tmpdir(), 'tai-migrations-'));
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === '0018_tenant_names_unique');
    assert.ok(upTo > 0, 'the migration is in the journal');
    mkdirSync(path.join(folder, 'meta'));
    writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    for (const entry of journal.entries.slice(0, upTo)) copyFileSync(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
    const ownerClient = new pg.Client({ connectionString: old.url });
    await ownerClient.connect();
    await migrate(drizzle(ownerClient), { migrationsFolder: folder });
    await ownerClient.end();
    // Tenants written by hand, as the code of then made them: today's repository names columns that come later.
    const oldTenant = async (name: string) => {
      const tenantId = uuidv7();
      await old.client.withTenant(tenantId, (t) => t.execute(sql`insert into tenants (id, name) values (${tenantId}, ${name})`));
      return { tenantId };
    };
    const a = await oldTenant('ops');
    const b = await oldTenant('ops');
    const c = await oldTenant('other');

    await runMigrations({ url: old.url });
    const names = new Map((await Promise.all([a, b, c].map((t) => old.repos.tenants.get({ tenantId: t.tenantId })))).map((t) => [t!.id, t!.name]));
    assert.equal(names.get(a.tenantId), 'ops', 'the oldest keeps the name');
    assert.equal(names.get(b.tenantId), `ops-${b.tenantId.slice(-8)}`);
    assert.equal(names.get(c.tenantId), 'other');
    await assert.rejects(createTenantWithAdminKey(old.repos, { name: 'ops' }), /already exists/);
    const { rows } = await old.owner.query<{ relforcerowsecurity: boolean }>(`select relforcerowsecurity from pg_class where relname = 'tenants'`);
    assert.equal(rows[0]?.relforcerowsecurity, true, 'row-level security is forced again');
  } finally {
    await old.drop();
  }
});
