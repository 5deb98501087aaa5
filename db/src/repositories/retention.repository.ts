import type { EventPartition, TenantRetention } from '@tai/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { tenantRetention } from '../schema/index.js';

/** The tables retention deletes from, in the order a tenant's batches run: events first, what hangs off them next. */
export const RETENTION_TABLES = [
  'teleport_audit_events', 'event_request_links', 'event_rollup_hourly', 'source_ingest_hourly', 'session_summaries',
  'ingest_rejects', 'ingested_objects', 'alerts', 'alert_deliveries',
] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];

/** Per table, the instant before which a tenant's rows go (see planRetention in @tai/core). */
export type RetentionCutoffs = { eventsBefore: Date; rejectsBefore: Date; objectsBefore: Date };

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;

// Any fixed key works; it only has to be the same for every worker of this database.
const RUN_LOCK_KEY = 'teleport_audit.retention';
// Without parameters (simple protocol): a parameterized statement's portal keeps its snapshot until the transaction
// ends, and the lock's transaction lasts the whole run, so vacuum would be held back for that long.
const TRY_RUN_LOCK = `select pg_try_advisory_xact_lock(hashtext('${RUN_LOCK_KEY}')) as locked`;
const LOCK_NOT_AVAILABLE = '55P03';

// Object records that nothing will change any more. queued and processing rows are pending work and always stay.
const FINAL_OBJECT_STATUSES = sql`('done', 'failed', 'skipped', 'missing')`;

/** Which of a tenant's rows are past retention, per table that the job deletes from with plain SQL. */
const expired: Record<Exclude<RetentionTable, 'teleport_audit_events' | 'session_summaries'>, (c: RetentionCutoffs) => SQL> = {
  event_request_links: (c) => sql`event_time < ${c.eventsBefore}`,
  event_rollup_hourly: (c) => sql`hour < ${c.eventsBefore}`,
  source_ingest_hourly: (c) => sql`hour < ${c.eventsBefore}`,
  ingest_rejects: (c) => sql`received_at < ${c.rejectsBefore}`,
  // first_seen_at is never later than updated_at; it lets the status index bound the scan.
  ingested_objects: (c) => sql`status in ${FINAL_OBJECT_STATUSES} and first_seen_at < ${c.objectsBefore} and updated_at < ${c.objectsBefore}`,
  // Resolved alerts whose resolution and last event are both past the tenant's retention; their event links,
  // deliveries, attempts and notes go with them (foreign keys). Open and acknowledged alerts are someone's work
  // and stay however old; one with a delivery still pending waits for it.
  alerts: (c) => sql`status = 'resolved' and resolved_at < ${c.eventsBefore} and last_seen < ${c.eventsBefore}
    and not exists (select 1 from alert_deliveries d where d.tenant_id = alerts.tenant_id and d.alert_id = alerts.id and d.status = 'pending')`,
  // Test sends belong to no alert: they go once past the retention and no longer pending.
  alert_deliveries: (c) => sql`alert_id is null and status <> 'pending' and created_at < ${c.eventsBefore}`,
};

const probe = (table: RetentionTable, tenantId: string, c: RetentionCutoffs): SQL => {
  if (table === 'teleport_audit_events') return sql`exists (select 1 from teleport_audit_events where tenant_id = ${tenantId} and event_time < ${c.eventsBefore})`;
  if (table === 'session_summaries') return sql`exists (select 1 from session_summaries where tenant_id = ${tenantId} and first_event_at < ${c.eventsBefore})`;
  return sql`exists (select 1 from ${sql.identifier(table)} where tenant_id = ${tenantId} and ${expired[table](c)})`;
};

export const createRetentionRepository = ({ client }: { client: DbClient }) => ({
  /**
   * Runs fn while this worker holds the retention lock, or returns { ran: false } at once when another worker does.
   * The lock is a transaction's, kept open on a connection of its own for the whole run (the run's statements are
   * short transactions on other connections): through PgBouncer in transaction mode a session lock would stay with
   * whichever server connection took it, and the unlock reach another, while an open transaction keeps its server
   * connection. Ending the transaction, or losing the connection, releases it.
   */
  withRunLock: async <T>(fn: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> => {
    const conn = await client.pool.connect();
    let broken = false;
    try {
      await conn.query('begin');
      const { rows } = await conn.query<{ locked: boolean }>(TRY_RUN_LOCK);
      if (!rows[0]!.locked) return { ran: false };
      return { ran: true, result: await fn() };
    } finally {
      await conn.query('rollback').catch(() => { broken = true; });
      conn.release(broken);
    }
  },

  /** Every tenant and its retention, across tenants (from the registry the tenants table keeps). */
  tenantRetentions: (): Promise<TenantRetention[]> => client.db.select().from(tenantRetention),

  /** The monthly partitions of the events table with their ranges, read from the catalog; DEFAULT is left out. */
  eventPartitions: async (): Promise<EventPartition[]> => {
    const { rows } = await client.pool.query<{ name: string; from: Date; to: Date }>(
      `select name, bounds[1]::timestamptz as "from", bounds[2]::timestamptz as "to" from (
         select c.relname as name, regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') as bounds
           from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = 'teleport_audit_events'::regclass) p
        where bounds is not null
        order by 3`);
    return rows;
  },

  /**
   * Drops the oldest partition wholly before `before` (and before every tenant's retention by the database clock),
   * in a transaction of its own: its name, null when there is none, or 'busy' when the events table's lock could
   * not be had quickly (a long search holds it) and the drop is left for the next run.
   */
  dropOldestPartition: async ({ before }: { before: Date }): Promise<string | null | 'busy'> => {
    try {
      const { rows } = await client.pool.query<{ name: string }>('select drop_event_partitions_before($1, 1) as name', [before]);
      return rows[0]?.name ?? null;
    } catch (err) {
      if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) return 'busy';
      throw err;
    }
  },

  /** The tables holding any of this tenant's rows past its cut-offs: one statement of index probes. */
  tablesWithExpiredRows: ({ tenantId, cutoffs }: { tenantId: string; cutoffs: RetentionCutoffs }): Promise<RetentionTable[]> =>
    client.withTenant(tenantId, async (tx) => {
      const columns = sql.join(RETENTION_TABLES.map((table) => sql`${probe(table, tenantId, cutoffs)} as ${sql.identifier(table)}`), sql`, `);
      const { rows } = await tx.execute<Record<RetentionTable, boolean>>(sql`select ${columns}`);
      return RETENTION_TABLES.filter((table) => rows[0]![table]);
    }),

  /**
   * Deletes up to `limit` of this tenant's rows past its cut-off from one table, in one statement of its own;
   * returns how many. Fewer than `limit` means the table is done for now.
   * Session summaries past the cut-off are rebuilt from the events that remain rather than only deleted.
   */
  deleteBatch: async ({ tenantId, table, cutoffs, limit }: { tenantId: string; table: RetentionTable; cutoffs: RetentionCutoffs; limit: number }): Promise<number> => {
    if (table === 'teleport_audit_events') {
      const { rows } = await client.pool.query<{ n: number }>('select delete_expired_events($1, $2, $3) as n', [tenantId, cutoffs.eventsBefore, limit]);
      return rows[0]!.n;
    }
    if (table === 'session_summaries') {
      const { rows } = await client.pool.query<{ n: number }>('select refresh_expired_session_summaries($1, $2, $3) as n', [tenantId, cutoffs.eventsBefore, limit]);
      return rows[0]!.n;
    }
    const name = sql.identifier(table);
    return client.withTenant(tenantId, async (tx) => {
      const result = await tx.execute(sql`delete from ${name} where tenant_id = ${tenantId} and ctid = any (array(
        select ctid from ${name} where tenant_id = ${tenantId} and ${expired[table](cutoffs)} limit ${limit}))`);
      return result.rowCount ?? 0;
    });
  },
});
