import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bootstrapFirstAdmin, bootstrapFirstTenant } from '@tai/api';
import { sha256Hex, verifyPassword } from '@tai/core';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { cleanEnv, spawnBundle, type Spawned } from './support/processes.js';

// The bundle the Docker image runs (`node apps/standalone/dist/admin.js`); the test run builds it first.
const CLI = 'apps/standalone/dist/admin.js';
const cli = (args: string[], env: NodeJS.ProcessEnv): Spawned => spawnBundle(CLI, env, args);
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

test('create-tenant prints one JSON object whose key authenticates as the new tenant', async () => {
  const p = cli(['create-tenant', '--name', 'platform-team'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await p.exited, 0, p.output());
  const lines = p.stdout().trim().split('\n');
  assert.equal(lines.length, 1, 'stdout is exactly one JSON line, for automation');
  const out = JSON.parse(lines[0]!) as { tenantId: string; apiKey: string };
  assert.match(out.apiKey, /^tai_ak_/);
  const key = await db.repos.apiKeys.findActiveByHash({ keyHash: sha256Hex(out.apiKey) });
  assert.equal(key?.tenantId, out.tenantId);
  assert.equal(key?.role, 'admin');
  assert.equal((await db.repos.tenants.get({ tenantId: out.tenantId }))?.name, 'platform-team');
});

test('create-tenant without --name explains its usage and fails', async () => {
  const p = cli(['create-tenant'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await p.exited, 2);
  assert.match(p.output(), /--name is required/);
  assert.match(p.output(), /usage: npm run admin -- create-tenant --name <name>/);
});

test('create-tenant refuses a name another tenant has, saying so, with exit status 1', async () => {
  const first = cli(['create-tenant', '--name', 'twice'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await first.exited, 0, first.output());
  const again = cli(['create-tenant', '--name', 'twice'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await again.exited, 1, again.output());
  assert.match(again.output(), /A tenant named "twice" already exists/);
  assert.equal(again.stdout(), '', 'nothing on stdout: no key was made');
  assert.doesNotMatch(again.output(), /\n\s+at /, 'no stack trace');
  const { rows } = await db.owner.query(`select count(*)::int as n from tenants where name = 'twice'`);
  assert.equal(rows[0].n, 1);
});

test('create-key prints a key of the chosen role once, which authenticates as the tenant, and is in its audit log', async () => {
  const tenant = cli(['create-tenant', '--name', 'keyed'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await tenant.exited, 0, tenant.output());
  const { tenantId } = JSON.parse(tenant.stdout()) as { tenantId: string };

  const p = cli(['create-key', '--tenant', tenantId, '--name', 'grafana', '--role', 'reader'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await p.exited, 0, p.output());
  const lines = p.stdout().trim().split('\n');
  assert.equal(lines.length, 1, 'stdout is exactly one JSON line, for automation');
  const out = JSON.parse(lines[0]!) as { apiKeyId: string; name: string; role: string; apiKey: string };
  assert.deepEqual([out.name, out.role], ['grafana', 'reader']);
  const key = await db.repos.apiKeys.findActiveByHash({ keyHash: sha256Hex(out.apiKey) });
  assert.deepEqual([key?.id, key?.tenantId, key?.role], [out.apiKeyId, tenantId, 'reader']);
  const audit = await db.repos.auditLog.list({ tenantId, limit: 10, before: null });
  assert.ok(audit.some((e) => e.action === 'api_key.create' && e.targetId === out.apiKeyId && e.details.via === 'admin-cli'), 'the key is in the audit log');

  const unknown = cli(['create-key', '--tenant', '01900000-0000-7000-8000-000000000000'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await unknown.exited, 1);
  assert.match(unknown.output(), /no tenant 01900000-0000-7000-8000-000000000000/);
});

test('--help and no arguments print every command, its options and the environment, with exit status 0', async () => {
  for (const args of [['--help'], []]) {
    const p = cli(args, cleanEnv({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never' }));
    assert.equal(await p.exited, 0, `${args.join(' ')}: ${p.output()}`);
    for (const text of ['create-tenant --name <name>', 'create-user --tenant <tenant id> --email <email>', 'create-key --tenant <tenant id>', 'DATABASE_URL', 'DATA_DIR']) {
      assert.ok(p.stdout().includes(text), `${args.join(' ') || '(none)'} lists ${text}`);
    }
  }
});

test('misuse is named on stderr with the usage and exit status 2, not a stack trace', async () => {
  // Every case of misuse is in apps/standalone/test/admin-args.test.ts; these two show the process side of it.
  for (const [args, expected] of [[['make-tenant'], /unknown command "make-tenant"/], [['create-tenant', '--nmae', 'x'], /Unknown option '--nmae'/]] as const) {
    const p = cli([...args], cleanEnv({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never' }));
    assert.equal(await p.exited, 2, `${args.join(' ')}: ${p.output()}`);
    assert.match(p.output(), expected);
    assert.match(p.output(), /usage: npm run admin --/);
    assert.doesNotMatch(p.output(), /\n\s+at /, 'no stack trace');
    assert.equal(p.stdout(), '', 'misuse goes to stderr');
  }
});

test('first-run bootstrap happens once, even when two starts race', async () => {
  const fresh = await createTestDatabase();
  try {
    const results = await Promise.all([
      bootstrapFirstTenant(fresh.repos, { name: 'default' }),
      bootstrapFirstTenant(fresh.repos, { name: 'default' }),
    ]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(await bootstrapFirstTenant(fresh.repos, { name: 'default' }), null);
    const { rows } = await fresh.owner.query('select count(*)::int as n from tenants');
    assert.equal(rows[0].n, 1);
  } finally {
    await fresh.drop();
  }
});

test('create-tenant --admin-email and create-user print a password that signs in', async () => {
  const p = cli(['create-tenant', '--name', 'with-admin', '--admin-email', 'Owner@Example.test'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await p.exited, 0, p.output());
  const out = JSON.parse(p.stdout().trim()) as { tenantId: string; admin: { email: string; password: string } };
  const owner = await db.repos.users.findForSignIn({ email: 'owner@example.test' });
  assert.equal(owner?.tenantId, out.tenantId);
  assert.equal(owner?.role, 'admin');
  assert.ok(await verifyPassword(out.admin.password, owner!.passwordHash!));

  const u = cli(['create-user', '--tenant', out.tenantId, '--email', 'reader@example.test', '--role', 'analyst'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await u.exited, 0, u.output());
  const user = JSON.parse(u.stdout().trim()) as { email: string; role: string; password: string };
  assert.deepEqual([user.email, user.role], ['reader@example.test', 'analyst']);
  const again = cli(['create-user', '--tenant', out.tenantId, '--email', 'reader@example.test'], cleanEnv({ DATABASE_URL: db.url }));
  assert.equal(await again.exited, 1);
  assert.match(again.output(), /already a user/);
});

test('the first admin is created once, also on a database that had a tenant before users existed', async () => {
  const fresh = await createTestDatabase();
  try {
    await bootstrapFirstTenant(fresh.repos, { name: 'default' });
    const results = await Promise.all([
      bootstrapFirstAdmin(fresh.repos, { email: 'admin@localhost', password: null }),
      bootstrapFirstAdmin(fresh.repos, { email: 'admin@localhost', password: null }),
    ]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.match(results.find(Boolean)!.password, /^[A-Za-z0-9]{20}$/);
    assert.equal(await bootstrapFirstAdmin(fresh.repos, { email: 'admin@localhost', password: null }), null);
  } finally {
    await fresh.drop();
  }
});
