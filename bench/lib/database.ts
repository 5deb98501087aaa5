import { createTenantWithAdminKey } from '@tai/api';
import { createDbClient, createRepositories, runMigrations, type DbClient, type Repositories } from '@tai/db';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createSource } from '../../apps/api/src/modules/sources/sources.usecases.js';

export type BenchDatabase = {
  name: string;
  /** URL of the throwaway database, as the owner role (what the API child gets as DATABASE_URL) */
  url: string;
  /** app-role client (row-level security applies), for set-up and the final counts */
  client: DbClient;
  repos: Repositories;
  /** owner-role pool, for COPY and server facts */
  owner: pg.Pool;
  close: () => Promise<void>;
  drop: () => Promise<void>;
};

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'tai-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database `tai_bench_<timestamp>`, migrated from empty; or, with `reuse`, one a bench kept (--keep), migrated to now. */
export async function createBenchDatabase(serverUrl: string, { reuse = null }: { reuse?: string | null } = {}): Promise<BenchDatabase> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = reuse ?? `tai_bench_${stamp}_${process.pid}`;
  if (reuse && !/^tai_bench_\w+$/.test(reuse)) throw new Error(`--reuse takes the name of a database a bench kept (tai_bench_…), not ${reuse}`);
  if (!reuse) await onServer(serverUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations({ url: url.toString() });
  const client = createDbClient({ url: url.toString(), poolMax: 4, asAppRole: true, applicationName: 'tai-bench' });
  const owner = new pg.Pool({ connectionString: url.toString(), max: 2, application_name: 'tai-bench-owner' });
  owner.on('error', () => undefined);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close();
    await owner.end();
  };
  return {
    name,
    url: url.toString(),
    client,
    repos: createRepositories({ client }),
    owner,
    close,
    drop: async () => {
      await close();
      await onServer(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export type BenchFixtures = {
  tenantId: string;
  /** one webhook source per scenario, so each scenario's rows can be counted on their own */
  eventHandler: { sourceId: string; token: string };
  fluentd: { sourceId: string; token: string };
  copy: { sourceId: string };
  /** the same two patterns with the built-in detection pack on (--detections), on sources of their own */
  eventHandlerPack: { sourceId: string; token: string };
  fluentdPack: { sourceId: string; token: string };
};

/** The tenant and sources, made through the same use cases the API and admin CLI use. */
export async function createFixtures(repos: Repositories): Promise<BenchFixtures> {
  const { tenantId } = await createTenantWithAdminKey(repos, { name: 'bench' });
  const deps = { sources: repos.sources, publicUrl: 'http://127.0.0.1', tokenRotationOverlapSeconds: 0, now: () => new Date(), secretBox: null };
  const webhookSource = async (name: string) => {
    const { source, webhook } = await createSource(deps, { tenantId, body: { type: 'teleport_webhook', name, config: { clusterName: 'bench.example.com' } } });
    if (!webhook) throw new Error('a teleport_webhook source came back without a token');
    return { sourceId: source.id, token: webhook.token };
  };
  const eventHandler = await webhookSource('bench-event-handler');
  const fluentd = await webhookSource('bench-fluentd');
  const copy = await webhookSource('bench-copy-ceiling');
  const eventHandlerPack = await webhookSource('bench-event-handler-pack');
  const fluentdPack = await webhookSource('bench-fluentd-pack');
  return { tenantId, eventHandler, fluentd, copy: { sourceId: copy.sourceId }, eventHandlerPack, fluentdPack };
}

/**
 * Empties what ingest and evaluation write, so each load phase starts from the same empty tables. Without it
 * a later phase inserts into indexes an earlier one grew: in a run where the second phase had no rules at all
 * it still managed only 84% of the first, with 21% more WAL per row (index pages touched for the first time
 * since the checkpoint are logged whole), which is not a cost of what the second phase measures.
 */
export async function resetEventTables(owner: pg.Pool): Promise<void> {
  await owner.query(`truncate teleport_audit_events, source_ingest_hourly, event_rollup_hourly, event_request_links, session_summaries,
                              detection_queue, detection_state, alert_delivery_due, alert_delivery_attempts, alert_deliveries, alert_events, alert_notes, alerts`);
}

/** Rows per source in teleport_audit_events, read as the app role inside the tenant's context. */
export async function countRowsBySource(client: DbClient, tenantId: string): Promise<Map<string, number>> {
  const rows = await client.withTenant(tenantId, (tx) =>
    tx.execute<{ source_id: string; n: string }>(sql`select source_id, count(*) as n from teleport_audit_events where tenant_id = ${tenantId} group by source_id`));
  return new Map(rows.rows.map((r) => [r.source_id, Number(r.n)]));
}

/** How many of these uids are stored (for requests whose response the load generator never saw). */
export async function countStoredUids(client: DbClient, tenantId: string, uids: string[]): Promise<number> {
  if (uids.length === 0) return 0;
  const rows = await client.withTenant(tenantId, (tx) =>
    tx.execute<{ n: string }>(sql`select count(*) as n from teleport_audit_events where tenant_id = ${tenantId} and uid = any(string_to_array(${uids.join(',')}, ','))`));
  return Number(rows.rows[0]?.n ?? 0);
}

export async function serverFacts(owner: pg.Pool): Promise<{ version: string }> {
  const { rows } = await owner.query<{ version: string }>('select version()');
  return { version: rows[0]?.version ?? 'unknown' };
}

export type DbActivity = { commits: number; sourceUpdates: number; walBytes: number; checkpoints: number };

/**
 * Counters of the bench database: commits and updates of `sources` rows (the writer updates
 * the source's last_event_at once per batch, so that delta counts insert batches); and of the whole server:
 * WAL written and checkpoints. Backends report their counters at least every second and when they exit, so
 * read them after the API child has stopped.
 */
export async function dbActivity(owner: pg.Pool, name: string): Promise<DbActivity> {
  const { rows } = await owner.query<{ commits: string; source_updates: string; wal: string; checkpoints: string }>(
    `select d.xact_commit as commits,
            coalesce((select n_tup_upd from pg_stat_user_tables where relname = 'sources'), 0) as source_updates,
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') as wal,
            (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter) as checkpoints
       from pg_stat_database d where d.datname = $1`, [name]);
  const r = rows[0];
  return {
    commits: Number(r?.commits ?? 0),
    sourceUpdates: Number(r?.source_updates ?? 0),
    walBytes: Number(r?.wal ?? 0),
    checkpoints: Number(r?.checkpoints ?? 0),
  };
}

export const formatWal = (before: DbActivity, after: DbActivity, rows: number): string =>
  `WAL ${((after.walBytes - before.walBytes) / 1024 ** 2).toFixed(0)} MiB (${rows > 0 ? ((after.walBytes - before.walBytes) / rows).toFixed(0) : '-'} B/row), checkpoints ${after.checkpoints - before.checkpoints}`;

/**
 * Starts a phase from the same state as the others: a CHECKPOINT, so that no phase pays for the previous
 * phase's dirty pages or runs into a WAL-size checkpoint it did not cause. Needs superuser or pg_checkpoint;
 * without it the phase runs anyway.
 */
export async function checkpoint(owner: pg.Pool): Promise<boolean> {
  try {
    await owner.query('checkpoint');
    return true;
  } catch {
    return false;
  }
}
