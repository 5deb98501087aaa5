import { microTimeOf, uuidv7, type Condition, type MicroTime, type NormalizedEvent } from '@tai/core';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { DbClient, Tx } from '../client.js';
import { auditEvents, detectionRules } from '../schema/index.js';
import { conditionSql } from '../search/condition-sql.js';
import { SEVERITY_RANK } from './alerts.repository.js';

export type DetectionEvaluationRepository = ReturnType<typeof createDetectionEvaluationRepository>;

/** A stored event as evaluation reads it back: its row id (alerts link it) and the event as normalized. */
export type StoredEvent = { id: string; sourceId: string; event: NormalizedEvent };
export type StateRow = { ruleId: string; scope: 'group' | 'join'; key: string };
export type StateWrite = StateRow & { state: unknown; expiresAt: MicroTime | null };
export type LatestAlert = { id: string; alertKey: string; firstSeen: MicroTime; lastSeen: MicroTime; count: number; status: 'open' | 'acknowledged' | 'resolved' };
export type AlertCreate = {
  kind: 'detection' | 'monitor'; ruleId: string; ruleVersion: number; title: string; severity: string; alertKey: string; groupKey: string;
  groupValues: Record<string, unknown>; sourceId?: string | null; details?: Record<string, unknown> | null;
  firstSeen: MicroTime; lastSeen: MicroTime; count: number; events: Array<{ id: string; time: MicroTime }>;
};

/** An alert keeps links to this many of its events; event_count counts them all. */
export const ALERT_EVENT_LINKS = 200;

const MICRO = (column: string) => `to_char(e.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const MICRO_COLUMNS = new Set(['event_time', 'cert_expires', 'session_start', 'session_stop']);
const BIGINT_COLUMNS = new Set(['event_index', 'tx_bytes', 'rx_bytes']);
const EVENT_COLUMNS = Object.entries(getTableColumns(auditEvents))
  .filter(([, c]) => !c.generated && c.name !== 'id' && c.name !== 'tenant_id' && c.name !== 'source_id')
  .map(([property, c]) => ({ property, column: c.name }));
/** The select list (over alias `e`) that reads an event row back as a NormalizedEvent, with toStoredEvent. */
export const SELECT_EVENT = EVENT_COLUMNS.map(({ property, column }) => {
  // drizzle hands timestamps back as text: received_at comes as epoch milliseconds, for a Date.
  const expr = MICRO_COLUMNS.has(column) ? MICRO(column) : BIGINT_COLUMNS.has(column) ? `e.${column}::float8`
    : column === 'received_at' ? `(extract(epoch from e.received_at) * 1000)::float8` : `e.${column}`;
  return `${expr} as "${property}"`;
}).join(', ');

/**
 * A row selected as `e.id::text as id, e.source_id, ${SELECT_EVENT}`, made the event in place: copying sixty
 * properties per event into a new object cost more than the rest of reading it back. The row's own id and
 * source_id (and the query's seq) stay on the event; nothing reads them there, as no column is named so.
 */
export const toStoredEvent = (row: Record<string, unknown> & { id: string; source_id: string }): StoredEvent => {
  row.receivedAt = new Date(row.receivedAt as number);
  row.parseWarnings ??= [];
  return { id: row.id, sourceId: row.source_id, event: row as unknown as NormalizedEvent };
};

/**
 * One evaluation transaction of one tenant, as the evaluator drives it. Every read and write goes through
 * the transaction that also deletes the queue entries, so a batch is evaluated (state, alerts, outbox) and
 * dequeued together, or not at all.
 */
function unitOfWork(tx: Tx, tenantId: string, now: Date, queueIds: readonly string[] = []) {
  const entryList = sql.raw(queueIds.map((id) => `${BigInt(id)}`).join(', ') || 'null');
  return {
    /**
     * The batch's queued events that satisfy `condition` (null: all of them), in commit order. Events the
     * condition leaves out are dequeued with the batch without being read back.
     */
    queuedEvents: async (condition: Condition | null): Promise<StoredEvent[]> => {
      if (queueIds.length === 0) return [];
      const only = condition ? sql`and ${conditionSql(condition, { tenantId })}` : sql``;
      const { rows } = await tx.execute<Record<string, unknown> & { seq: unknown; id: string; source_id: string }>(sql`
        -- One index probe per queued id: as a plain join, a planner whose statistics lag behind a young table
        -- took every event of the tenant for each entry (1.2 s for 1,000 one-event entries; 10 ms like this).
        select ev.* from detection_queue q
          cross join lateral unnest(q.event_ids, q.event_times) as x(id, t)
          cross join lateral (
            select e.id as seq, e.id::text as id, e.source_id, ${sql.raw(SELECT_EVENT)}
              from teleport_audit_events e
             where e.tenant_id = q.tenant_id and e.event_time = x.t and e.id = x.id ${only}
             limit 1) ev
         where q.id in (${entryList}) and cardinality(q.event_times) = cardinality(q.event_ids)
        union all
        -- entries queued before event_times existed (0021): by their time range
        select e.id as seq, e.id::text as id, e.source_id, ${sql.raw(SELECT_EVENT)}
          from detection_queue q
          join teleport_audit_events e on e.tenant_id = q.tenant_id and e.event_time between q.min_time and q.max_time and e.id = any(q.event_ids)
         where q.id in (${entryList}) and cardinality(q.event_times) <> cardinality(q.event_ids) ${only}
        order by seq`);
      return rows.map(toStoredEvent);
    },

    enabledRules: () => tx.select().from(detectionRules)
      .where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.enabled, true))).orderBy(asc(detectionRules.ruleId)),

    loadStates: async (refs: StateRow[]): Promise<Array<StateRow & { state: unknown }>> => {
      if (refs.length === 0) return [];
      const { rows } = await tx.execute<{ rule_id: string; scope: 'group' | 'join'; key: string; state: unknown }>(sql`
        select s.rule_id, s.scope, s.key, s.state from detection_state s
          join jsonb_to_recordset(${JSON.stringify(refs.map((r) => ({ rule_id: r.ruleId, scope: r.scope, key: r.key })))}::jsonb) as w(rule_id text, scope text, key text)
            on s.rule_id = w.rule_id and s.scope = w.scope and s.key = w.key
         where s.tenant_id = ${tenantId}`);
      return rows.map((r) => ({ ruleId: r.rule_id, scope: r.scope, key: r.key, state: r.state }));
    },

    saveStates: async (writes: StateWrite[]): Promise<void> => {
      if (writes.length === 0) return;
      await tx.execute(sql`
        insert into detection_state (tenant_id, rule_id, scope, key, state, expires_at, updated_at)
        select ${tenantId}, w.rule_id, w.scope, w.key, w.state, w.expires_at, ${now}
          from jsonb_to_recordset(${JSON.stringify(writes.map((w) => ({ rule_id: w.ruleId, scope: w.scope, key: w.key, state: w.state, expires_at: w.expiresAt })))}::jsonb)
               as w(rule_id text, scope text, key text, state jsonb, expires_at timestamptz)
        on conflict on constraint detection_state_pk do update set state = excluded.state, expires_at = excluded.expires_at, updated_at = excluded.updated_at`);
    },

    latestAlerts: async (alertKeys: string[]): Promise<Map<string, LatestAlert>> => {
      if (alertKeys.length === 0) return new Map();
      // One probe of alerts_key_idx per key: a key that fired for months has many alerts, and only its newest counts.
      const { rows } = await tx.execute<{ id: string; alert_key: string; first_seen: MicroTime; last_seen: MicroTime; event_count: number; status: LatestAlert['status'] }>(sql`
        select a.id, a.alert_key, a.event_count, a.status,
               to_char(a.first_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as first_seen,
               to_char(a.last_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last_seen
          from jsonb_array_elements_text(${JSON.stringify(alertKeys)}::jsonb) as k(alert_key)
          cross join lateral (
            select id, alert_key, event_count, status, first_seen, last_seen from alerts
             where tenant_id = ${tenantId} and alert_key = k.alert_key
             order by created_at desc, id desc limit 1) a`);
      return new Map(rows.map((r) => [r.alert_key, { id: r.id, alertKey: r.alert_key, firstSeen: r.first_seen, lastSeen: r.last_seen, count: r.event_count, status: r.status }]));
    },

    /** A new alert, its event links, and one outbox delivery per enabled destination its severity reaches. */
    createAlert: async (alert: AlertCreate): Promise<{ id: string; deliveries: number }> => {
      const id = uuidv7(now.getTime());
      await tx.execute(sql`
        insert into alerts (id, tenant_id, kind, rule_id, rule_version, title, severity, alert_key, group_key, group_values, source_id, details,
                            first_seen, last_seen, event_count, status, created_at, updated_at)
        values (${id}, ${tenantId}, ${alert.kind}, ${alert.ruleId}, ${alert.ruleVersion}, ${alert.title}, ${alert.severity}, ${alert.alertKey},
                ${alert.groupKey}, ${JSON.stringify(alert.groupValues)}::jsonb, ${alert.sourceId ?? null}, ${alert.details ? JSON.stringify(alert.details) : null}::jsonb,
                ${alert.firstSeen}::timestamptz, ${alert.lastSeen}::timestamptz, ${alert.count}, 'open', ${now}, ${now})`);
      await linkEvents(id, alert.events);
      return { id, deliveries: await notifyDestinations(id, alert.severity) };
    },

    notifyDestinations: (alertId: string, severity: string) => notifyDestinations(alertId, severity),

    /**
     * A batch's alert writes in four statements, whatever their number: new alerts, widened ones (dedup),
     * event links, and the outbox rows of the new alerts. Returns the deliveries queued.
     */
    writeAlerts: async ({ creates, updates, links }: { creates: Array<AlertCreate & { id: string }>; updates: Array<{ id: string; firstSeen: MicroTime; lastSeen: MicroTime; count: number }>; links: Array<{ alertId: string; id: string; time: MicroTime }> }): Promise<number> => {
      if (creates.length > 0) {
        await tx.execute(sql`
          insert into alerts (id, tenant_id, kind, rule_id, rule_version, title, severity, alert_key, group_key, group_values, source_id, details,
                              first_seen, last_seen, event_count, status, created_at, updated_at)
          select a.id, ${tenantId}, a.kind, a.rule_id, a.rule_version, a.title, a.severity, a.alert_key, a.group_key, a.group_values, a.source_id, a.details,
                 a.first_seen, a.last_seen, a.event_count, 'open', ${now}, ${now}
            from jsonb_to_recordset(${JSON.stringify(creates.map((c) => ({
              id: c.id, kind: c.kind, rule_id: c.ruleId, rule_version: c.ruleVersion, title: c.title, severity: c.severity, alert_key: c.alertKey, group_key: c.groupKey,
              group_values: c.groupValues, source_id: c.sourceId ?? null, details: c.details ?? null, first_seen: c.firstSeen, last_seen: c.lastSeen, event_count: c.count,
            })))}::jsonb) as a(id uuid, kind text, rule_id text, rule_version int, title text, severity text, alert_key text, group_key text, group_values jsonb,
                               source_id uuid, details jsonb, first_seen timestamptz, last_seen timestamptz, event_count int)`);
      }
      if (updates.length > 0) {
        await tx.execute(sql`
          update alerts set first_seen = u.first_seen, last_seen = u.last_seen, event_count = u.event_count, updated_at = ${now}
            from jsonb_to_recordset(${JSON.stringify(updates.map((u) => ({ id: u.id, first_seen: u.firstSeen, last_seen: u.lastSeen, event_count: u.count })))}::jsonb)
                 as u(id uuid, first_seen timestamptz, last_seen timestamptz, event_count int)
           where alerts.tenant_id = ${tenantId} and alerts.id = u.id`);
      }
      if (links.length > 0) {
        await tx.execute(sql`
          insert into alert_events (tenant_id, alert_id, event_id, event_time)
          select ${tenantId}, l.alert_id, l.id, l.time
            from jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ alert_id: l.alertId, id: l.id, time: l.time })))}::jsonb) as l(alert_id uuid, id bigint, time timestamptz)
          on conflict do nothing`);
      }
      if (creates.length === 0) return 0;
      const { rows } = await tx.execute<{ id: string }>(sql`
        with d as (
          insert into alert_deliveries (id, tenant_id, alert_id, destination_id, test, status, attempts, next_attempt_at, created_at, updated_at)
          select gen_random_uuid(), ${tenantId}, a.id, dest.id, false, 'pending', 0, ${now}, ${now}, ${now}
            from jsonb_to_recordset(${JSON.stringify(creates.map((c) => ({ id: c.id, rank: SEVERITY_RANK[c.severity] ?? 0 })))}::jsonb) as a(id uuid, rank int)
            join alert_destinations dest on dest.tenant_id = ${tenantId} and dest.enabled and (${SEVERITY_CASE('dest.min_severity')}) <= a.rank
          returning id, next_attempt_at
        ), due as (
          insert into alert_delivery_due (delivery_id, tenant_id, next_attempt_at) select d.id, ${tenantId}, d.next_attempt_at from d
        )
        select id from d`);
      return rows.length;
    },

  };

  /** One outbox delivery per enabled destination the severity reaches, due now. */
  async function notifyDestinations(alertId: string, severity: string): Promise<number> {
    const { rows } = await tx.execute<{ id: string }>(sql`
      with d as (
        insert into alert_deliveries (id, tenant_id, alert_id, destination_id, test, status, attempts, next_attempt_at, created_at, updated_at)
        select gen_random_uuid(), ${tenantId}, ${alertId}, dest.id, false, 'pending', 0, ${now}, ${now}, ${now}
          from alert_destinations dest
         where dest.tenant_id = ${tenantId} and dest.enabled
           and (${SEVERITY_CASE('dest.min_severity')}) <= ${SEVERITY_RANK[severity] ?? 0}
        returning id, next_attempt_at
      ), due as (
        insert into alert_delivery_due (delivery_id, tenant_id, next_attempt_at) select d.id, ${tenantId}, d.next_attempt_at from d
      )
      select id from d`);
    return rows.length;
  }

  async function linkEvents(alertId: string, events: Array<{ id: string; time: MicroTime }>) {
    if (events.length === 0) return;
    await tx.execute(sql`
      insert into alert_events (tenant_id, alert_id, event_id, event_time)
      select ${tenantId}, ${alertId}, x.id, x.time
        from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(id bigint, time timestamptz)
       where (select count(*) from alert_events where tenant_id = ${tenantId} and alert_id = ${alertId}) < ${ALERT_EVENT_LINKS}
       limit ${ALERT_EVENT_LINKS}
      on conflict do nothing`);
  }
}

export type EvaluationUnit = ReturnType<typeof unitOfWork>;

const SEVERITY_CASE = (column: string) => sql.raw(`case ${column} ${Object.entries(SEVERITY_RANK).map(([s, r]) => `when '${s}' then ${r}`).join(' ')} else 0 end`);

export const createDetectionEvaluationRepository = ({ client }: { client: DbClient }) => ({
  /** Tenants with events waiting, oldest first. The queue is service-level: this reads ids only. */
  pendingTenants: async ({ limit }: { limit: number }): Promise<string[]> => {
    const { rows } = await client.pool.query<{ tenant_id: string }>(
      'select tenant_id from detection_queue group by tenant_id order by min(id) limit $1', [limit]);
    return rows.map((r) => r.tenant_id);
  },

  /** Events waiting in all, and the age of the oldest entry (for metrics and health). */
  backlog: async (): Promise<{ entries: number; events: number; oldestSeconds: number }> => {
    const { rows } = await client.pool.query<{ entries: number; events: number; oldest: number }>(
      `select count(*)::int as entries, coalesce(sum(cardinality(event_ids)), 0)::int as events,
              coalesce(extract(epoch from clock_timestamp() - min(enqueued_at)), 0)::float8 as oldest from detection_queue`);
    return { entries: rows[0]!.entries, events: rows[0]!.events, oldestSeconds: rows[0]!.oldest };
  },

  /**
   * Takes up to `maxEntries` of the tenant's queue entries (about maxEvents events) and runs `fn` over them
   * in the same transaction (fn reads their events with unit.queuedEvents), which then deletes the entries.
   * Another worker holding the tenant's lock makes this return null at once: a tenant's batches are
   * evaluated one at a time, in order, which keeps its per-key state consistent.
   */
  withTenantBatch: <T>({ tenantId, maxEntries, maxEvents, now }: { tenantId: string; maxEntries: number; maxEvents: number; now: Date },
    fn: (batch: { enqueuedAt: Date[]; unit: EvaluationUnit; tx: Tx }) => Promise<T>): Promise<{ result: T; entries: number; events: number; more: boolean } | null> =>
    client.withTenant(tenantId, async (tx) => {
      const { rows: [lock] } = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext('teleport_audit.detect'), hashtext(${tenantId})) as locked`);
      if (!lock!.locked) return null;
      // drizzle hands timestamps back as text; epoch milliseconds are unambiguous.
      const { rows: entries } = await tx.execute<{ id: string; n: number; enqueued_ms: number }>(sql`
        select id, cardinality(event_ids) as n, (extract(epoch from enqueued_at) * 1000)::float8 as enqueued_ms from detection_queue where tenant_id = ${tenantId} order by id limit ${maxEntries}`);
      if (entries.length === 0) return null;
      let events = 0;
      let take = 0;
      while (take < entries.length && (take === 0 || events + entries[take]!.n <= maxEvents)) events += entries[take++]!.n;
      const ids = entries.slice(0, take).map((e) => e.id);
      const unit = unitOfWork(tx, tenantId, now, ids);
      const result = await fn({ enqueuedAt: entries.slice(0, take).map((e) => new Date(e.enqueued_ms)), unit, tx });
      await tx.execute(sql`delete from detection_queue where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)`);
      // More waiting: the batch stopped short of the entries read, or took all it may.
      return { result, entries: take, events, more: take < entries.length || entries.length === maxEntries };
    }),

  /**
   * A completeness finding opened (a monitor alert with its outbox rows, unless one of its key is still
   * open) or resolved (its open alert resolved by the monitor, and the destinations told, so a pager can
   * close its incident). Returns the alert id touched, or null.
   */
  applyMonitorFinding: ({ tenantId, state, alert, details, sourceId, at, now }: {
    tenantId: string; state: 'open' | 'resolved'; sourceId: string | null; details: Record<string, unknown>; at: Date; now: Date;
    alert: { ruleId: string; title: string; severity: string; alertKey: string; groupKey: string; group: Record<string, unknown> };
  }): Promise<string | null> =>
    client.withTenant(tenantId, async (tx) => {
      const { rows: [open] } = await tx.execute<{ id: string }>(sql`
        select id from alerts where tenant_id = ${tenantId} and alert_key = ${alert.alertKey} and status <> 'resolved' order by created_at desc limit 1 for update`);
      const unit = unitOfWork(tx, tenantId, now);
      if (state === 'open') {
        if (open) return null;
        const time = microTimeOf(at);
        const created = await unit.createAlert({
          kind: 'monitor', ruleId: alert.ruleId, ruleVersion: 1, title: alert.title, severity: alert.severity, alertKey: alert.alertKey,
          groupKey: alert.groupKey, groupValues: alert.group, sourceId, details, firstSeen: time, lastSeen: time, count: 1, events: [],
        });
        return created.id;
      }
      if (!open) return null;
      await tx.execute(sql`update alerts set status = 'resolved', resolved_at = ${now}, resolved_by = 'completeness-monitor', last_seen = ${at}, details = coalesce(details, '{}'::jsonb) || ${JSON.stringify({ resolution: details })}::jsonb, updated_at = ${now}
                            where tenant_id = ${tenantId} and id = ${open.id}`);
      await unit.notifyDestinations(open.id, alert.severity);
      return open.id;
    }),

  /** Drops state rows that can no longer change an outcome (their window passed a day ago). */
  deleteExpiredState: async ({ tenantId, now }: { tenantId: string; now: Date }): Promise<number> =>
    client.withTenant(tenantId, async (tx) => {
      const { rowCount } = await tx.execute(sql`delete from detection_state where tenant_id = ${tenantId} and expires_at < ${new Date(now.getTime() - 86_400_000)}`);
      return rowCount ?? 0;
    }),
});
