import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from '@tai/core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { MIGRATIONS_DIR, runMigrations, schema } from '@tai/db';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const TENANT_TABLES = ['tenants', 'api_keys', 'sources', 'audit_log', 'ingest_rejects', 'teleport_audit_events', 'source_ingest_hourly', 'ingested_objects', 'backfill_runs', 'event_rollup_hourly', 'session_summaries', 'saved_searches', 'event_request_links', 'users', 'user_sessions', 'user_invites',
  'detection_rules', 'detection_rule_versions', 'detection_state', 'alerts', 'alert_events', 'alert_destinations', 'alert_deliveries', 'alert_delivery_attempts',
  'source_findings', 'tenant_event_types', 'completeness_state', 'completeness_source_baselines', 'alert_notes'];
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

test('migrations create every table on an empty database', async () => {
  const { rows } = await db.owner.query<{ relname: string }>(
    `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and relname not like 'teleport_audit_events_%'`);
  assert.deepEqual(rows.map((r) => r.relname).sort(), [...TENANT_TABLES, 'installation', 'unrouted_notifications', 's3_source_registry', 'tenant_retention', 'detection_queue', 'alert_delivery_due'].sort());
});

test('running the migrations again changes nothing', async () => {
  await runMigrations({ url: db.url });
  const { rows } = await db.owner.query('select count(*)::int as n from drizzle.__drizzle_migrations');
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  assert.equal(rows[0].n, journal.entries.length, 'each migration recorded once');
});

test('the events table is range-partitioned by event_time with a default partition', async () => {
  const { rows } = await db.owner.query(
    `select pg_get_partkeydef('teleport_audit_events'::regclass) as key,
            (select count(*)::int from pg_inherits i join pg_class c on c.oid = i.inhrelid
              where i.inhparent = 'teleport_audit_events'::regclass and pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT') as defaults`);
  assert.equal(rows[0].key, 'RANGE (event_time)');
  assert.equal(rows[0].defaults, 1);
});

test('row-level security is enabled and forced on every tenant table', async () => {
  const { rows } = await db.owner.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
    `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1)`, [TENANT_TABLES]);
  assert.equal(rows.length, TENANT_TABLES.length);
  for (const row of rows) {
    assert.ok(row.relrowsecurity && row.relforcerowsecurity, `${row.relname} must enable and force RLS`);
  }
});

test('the app role is neither superuser, owner nor exempt from row-level security', async () => {
  const { rows } = await db.owner.query(
    `select rolsuper, rolbypassrls, (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = 'teleport_audit_app') as owned
       from pg_roles where rolname = 'teleport_audit_app'`);
  assert.deepEqual(rows[0], { rolsuper: false, rolbypassrls: false, owned: 0 });
});

test('every index on a tenant table leads with tenant_id, except the credential-hash look-ups', async () => {
  const { rows } = await db.owner.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = any($1) and indexname not like '%_pkey'
       and tablename not like 'teleport_audit_events\\_%'`, [TENANT_TABLES.filter((t) => t !== 'tenants')]);
  const hashLookups = new Set(['api_keys_key_hash_uq', 'sources_token_hash_uq', 'sources_previous_token_hash_idx', 'users_email_uq', 'user_sessions_token_hash_uq', 'user_invites_token_hash_uq']);
  for (const { indexname, indexdef } of rows) {
    if (hashLookups.has(indexname)) continue;
    assert.match(indexdef, /\(tenant_id[,)]/, `${indexname} should lead with tenant_id: ${indexdef}`);
  }
});

test('the hand-written events table matches the drizzle definition column for column', async () => {
  const { rows } = await db.owner.query<{ column_name: string; is_nullable: string }>(
    `select column_name, is_nullable from information_schema.columns where table_name = 'teleport_audit_events' order by ordinal_position`);
  const columns = getTableColumns(schema.auditEvents);
  const fromDrizzle = Object.values(columns).map((c) => c.name).sort();
  assert.deepEqual(rows.map((r) => r.column_name).sort(), fromDrizzle);
  for (const row of rows) {
    const column = Object.values(columns).find((c) => c.name === row.column_name)!;
    assert.equal(column.notNull, row.is_nullable === 'NO', `nullability of ${row.column_name}`);
  }
  assert.equal(getTableConfig(schema.auditEvents).name, 'teleport_audit_events');
});

test('the batch insert function writes every insertable column of the events table', async () => {
  const { rows } = await db.owner.query<{ src: string }>(`select prosrc as src from pg_proc where proname = 'ingest_event_batch'`);
  const insertList = /INSERT INTO teleport_audit_events(?: AS \w+)? \(([^)]*)\)/.exec(rows[0]!.src)![1]!.split(',').map((c) => c.trim());
  const { rows: columns } = await db.owner.query<{ attname: string }>(
    `select attname from pg_attribute where attrelid = 'teleport_audit_events'::regclass and attnum > 0 and not attisdropped and attgenerated = '' and attname <> 'id'`);
  assert.deepEqual(insertList.sort(), columns.map((c) => c.attname).sort());
});

test('upgrading a database with events re-derives their microseconds, access requests, free text, rollups and sessions', async () => {
  // A database migrated only up to 0009, as it was before times kept microseconds, with events stored then.
  const old = await createTestDatabase({ migrate: false });
  try {
    const folder = mkdtempSync(path.join(tmpdir(), 'tai-migrations-'));
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag === '0009_ingest_event_batch') + 1;
    mkdirSync(path.join(folder, 'meta'));
    writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    for (const entry of journal.entries.slice(0, upTo)) copyFileSync(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
    const ownerClient = new pg.Client({ connectionString: old.url });
    await ownerClient.connect();
    await migrate(drizzle(ownerClient), { migrationsFolder: folder });
    // Written by hand: today's repository would name columns this old schema does not have yet.
    const tenantId = uuidv7();
    await old.client.withTenant(tenantId, (t) => t.execute(sql`insert into tenants (id, name) values (${tenantId}, 'before')`));
    const source = { id: uuidv7() };
    await old.client.withTenant(tenantId, (t) => t.execute(sql`insert into sources (id, tenant_id, type, name) values (${source.id}, ${tenantId}, 'teleport_webhook', 'old')`));
    const sid = '11111111-2222-4333-8444-555555555555';
    const raw = [
      { event: 'session.start', uid: 'old-1', sid, ei: 0, time: '2025-01-02T03:04:05.123456789Z', user: 'alice', login: 'root', server_hostname: 'web-1', access_requests: ['req-9'] },
      { event: 'session.end', uid: 'old-2', sid, ei: 1, time: '2025-01-02T03:05:05.987654321Z', user: 'alice', session_start: '2025-01-02T03:04:05.123456789Z', session_stop: '2025-01-02T03:05:05.987654321Z' },
    ];
    const rows = raw.map((r) => ({
      tenant_id: tenantId, source_id: source.id, dedup_key: `uid:${r.uid}`, event_time: `${r.time.slice(0, 23)}Z`, received_at: '2025-01-02T04:00:00Z',
      event_type: r.event, session_id: sid, event_index: r.ei, actor: 'alice', raw: r, time_from_received_at: false,
      ...(r.event === 'session.end' ? { session_start: '2025-01-02T03:04:05.123Z', session_stop: '2025-01-02T03:05:05.987Z' } : {}),
    }));
    await old.client.pool.query('select * from ingest_event_batch($1, $2::jsonb, now(), $3::jsonb)', [tenantId, JSON.stringify(rows), JSON.stringify([{ sourceId: source.id, total: 2, withoutTime: 0 }])]);
    await ownerClient.end();

    await runMigrations({ url: old.url });
    const tx = await old.owner.connect();
    try {
      await tx.query('begin');
      await tx.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
      const events = await tx.query(`select raw->>'uid' as uid, to_char(event_time at time zone 'UTC', 'HH24:MI:SS.US') as t, to_char(session_stop at time zone 'UTC', 'HH24:MI:SS.US') as stop,
        access_requests, search_text from teleport_audit_events order by 1`);
      assert.deepEqual(events.rows.map((r) => [r.uid, r.t, r.stop]), [['old-1', '03:04:05.123456', null], ['old-2', '03:05:05.987654', '03:05:05.987654']]);
      assert.deepEqual(events.rows[0].access_requests, ['req-9']);
      assert.match(events.rows[0].search_text, /web-1/);
      const session = await tx.query('select initiator, has_end, indexed_count::int as n, max_index::int as m from session_summaries where session_id = $1', [sid]);
      assert.deepEqual(session.rows, [{ initiator: 'alice', has_end: true, n: 2, m: 1 }]);
      const rollup = await tx.query('select sum(events)::int as n from event_rollup_hourly');
      assert.equal(rollup.rows[0].n, 2);
      const retention = await tx.query('select retention_days from tenants');
      assert.deepEqual(retention.rows, [{ retention_days: 365 }]);
      await tx.query('commit');
    } finally {
      tx.release();
    }
    const registry = await old.owner.query('select tenant_id, retention_days from tenant_retention');
    assert.deepEqual(registry.rows, [{ tenant_id: tenantId, retention_days: 365 }], 'a tenant stored before the retention migration is in its registry');
  } finally {
    await old.drop();
  }
});
