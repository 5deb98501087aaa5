import type { EventCursor, EventFilters, NormalizedEvent } from '@tai/core';
import { likePrefix } from '@tai/core';
import { and, desc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { auditEvents, sourceIngestHourly, sources, type AuditEventRow } from '../schema/index.js';
import { partitionMonthsToEnsure } from './partition-months.js';

export type AuditEventsRepository = ReturnType<typeof createAuditEventsRepository>;

/** The WHERE clause of an event search; pure, so it is tested without a database. */
export function eventSearchConditions(tenantId: string, filters: EventFilters, after: EventCursor | null): SQL | undefined {
  const e = auditEvents;
  return and(
    eq(e.tenantId, tenantId),
    filters.from ? gte(e.eventTime, filters.from) : undefined,
    filters.to ? lt(e.eventTime, filters.to) : undefined,
    filters.eventType?.kind === 'exact' ? eq(e.eventType, filters.eventType.value) : undefined,
    filters.eventType?.kind === 'prefix' ? sql`${e.eventType} like ${likePrefix(filters.eventType.value)}` : undefined,
    filters.actor ? eq(e.actor, filters.actor) : undefined,
    filters.sessionId ? eq(e.sessionId, filters.sessionId) : undefined,
    filters.clusterName ? eq(e.clusterName, filters.clusterName) : undefined,
    filters.sourceId ? eq(e.sourceId, filters.sourceId) : undefined,
    filters.success === null ? undefined : eq(e.success, filters.success),
    after ? sql`(${e.eventTime}, ${e.id}) < (${after.eventTime.toISOString()}::timestamptz, ${after.id})` : undefined,
  );
}

// Columns an insert supplies: everything but the id (sequence default) and generated columns.
const INSERT_COLUMNS = Object.values(getTableColumns(auditEvents))
  .filter((c) => c.name !== 'id' && !c.generated)
  .map((c) => c.name);
const PROPERTY_OF = new Map(Object.entries(getTableColumns(auditEvents)).map(([prop, c]) => [c.name, prop]));
const COLUMN_LIST = INSERT_COLUMNS.map((c) => `"${c}"`).join(', ');

/**
 * One statement, one parameter: the rows travel as a JSON array and Postgres expands them with
 * jsonb_populate_recordset. Far cheaper to build and send than 70 bind parameters per row.
 */
const insertSql = (rowsJson: string) => sql`insert into teleport_audit_events (${sql.raw(COLUMN_LIST)})
  select ${sql.raw(COLUMN_LIST)} from jsonb_populate_recordset(null::teleport_audit_events, ${rowsJson}::jsonb)
  on conflict do nothing
  returning source_id, dedup_key, floor(extract(epoch from event_time) * 1000)::bigint as event_ms`;

export type EventBatchItem = { sourceId: string; events: NormalizedEvent[] };

/** The identity the unique index deduplicates on, as a string (for matching inserted rows to requests). */
export const eventKey = (dedupKey: string, eventTime: Date): string => `${eventTime.getTime()}|${dedupKey}`;

function toJsonRow(tenantId: string, sourceId: string, ev: NormalizedEvent): Record<string, unknown> {
  const values: Record<string, unknown> = { ...ev, tenantId, sourceId, parseWarnings: ev.parseWarnings.length > 0 ? ev.parseWarnings : null };
  const row: Record<string, unknown> = {};
  for (const column of INSERT_COLUMNS) row[column] = values[PROPERTY_OF.get(column)!] ?? null;
  return row;
}

const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

export const createAuditEventsRepository = ({ client, now = () => new Date() }: { client: DbClient; now?: () => Date }) => {
  const knownPartitions = new Set<string>();

  /** Creates the monthly partitions these instants fall in; months outside the window go to DEFAULT. */
  const ensurePartitions = async (instants: Date[], at: Date = now()): Promise<void> => {
    for (const month of partitionMonthsToEnsure(instants, at)) {
      if (knownPartitions.has(month.key)) continue;
      await client.pool.query('select ensure_event_partition($1)', [month.start.toISOString()]);
      knownPartitions.add(month.key);
    }
  };

  /**
   * Commits one batch for one tenant in one transaction: the events (duplicates skipped by the unique index),
   * each source's last_event_at and its hourly counters. Returns the keys of the rows actually inserted.
   */
  const commitBatch = async ({ tenantId, items, receivedAt }: { tenantId: string; items: EventBatchItem[]; receivedAt: Date }) => {
    const all = items.flatMap((item) => item.events);
    await ensurePartitions(all.map((ev) => ev.eventTime));
    return client.withTenant(tenantId, async (tx) => {
      // An event without a usable time is stamped with the time it arrived, so a redelivery would differ in
      // event_time and slip past the unique index. Such events count as duplicates when their key is stored.
      const untimedKeys = [...new Set(all.filter((ev) => ev.timeFromReceivedAt).map((ev) => ev.dedupKey))];
      const storedUntimed = untimedKeys.length === 0 ? new Set<string>() : new Set((await tx.selectDistinct({ key: auditEvents.dedupKey }).from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), inArray(auditEvents.dedupKey, untimedKeys)))).map((r) => r.key));
      const rows = items.flatMap((item) => item.events
        .filter((ev) => !(ev.timeFromReceivedAt && storedUntimed.has(ev.dedupKey)))
        .map((ev) => toJsonRow(tenantId, item.sourceId, ev)));
      const inserted = rows.length === 0 ? [] : (await tx.execute<{ source_id: string; dedup_key: string; event_ms: string }>(insertSql(JSON.stringify(rows)))).rows;
      const insertedKeys = new Set(inserted.map((r) => eventKey(r.dedup_key, new Date(Number(r.event_ms)))));
      const perSource = new Map<string, { events: number; total: number; withoutTime: number }>();
      for (const item of items) {
        const stats = perSource.get(item.sourceId) ?? { events: 0, total: 0, withoutTime: 0 };
        stats.total += item.events.length;
        stats.withoutTime += item.events.filter((ev) => ev.timeFromReceivedAt).length;
        perSource.set(item.sourceId, stats);
      }
      for (const r of inserted) perSource.get(r.source_id)!.events += 1;
      for (const [sourceId, stats] of perSource) {
        await tx.update(sources).set({ lastEventAt: receivedAt })
          .where(and(eq(sources.tenantId, tenantId), eq(sources.id, sourceId)));
        await tx.insert(sourceIngestHourly)
          .values({ tenantId, sourceId, hour: hourOf(receivedAt), events: stats.events, duplicates: stats.total - stats.events, withoutTime: stats.withoutTime, lastEventAt: receivedAt })
          .onConflictDoUpdate({
            target: [sourceIngestHourly.tenantId, sourceIngestHourly.sourceId, sourceIngestHourly.hour],
            set: {
              events: sql`${sourceIngestHourly.events} + excluded.events`,
              duplicates: sql`${sourceIngestHourly.duplicates} + excluded.duplicates`,
              withoutTime: sql`${sourceIngestHourly.withoutTime} + excluded.without_time`,
              lastEventAt: sql`greatest(${sourceIngestHourly.lastEventAt}, excluded.last_event_at)`,
            },
          });
      }
      return { insertedKeys };
    });
  };

  return {
    ensurePartitions,

    commitBatch,

    /** Idempotent insert of one source's events in one batch (maintenance, tests, backfills). */
    insert: async ({ tenantId, sourceId, events }: { tenantId: string; sourceId: string; events: NormalizedEvent[] }) => {
      const { insertedKeys } = await commitBatch({ tenantId, items: [{ sourceId, events }], receivedAt: now() });
      return { inserted: insertedKeys.size, duplicates: events.length - insertedKeys.size };
    },

    search: ({ tenantId, filters, after, limit }: { tenantId: string; filters: EventFilters; after: EventCursor | null; limit: number }): Promise<AuditEventRow[]> =>
      client.withTenant(tenantId, (tx) =>
        tx.select().from(auditEvents)
          .where(eventSearchConditions(tenantId, filters, after))
          .orderBy(desc(auditEvents.eventTime), desc(auditEvents.id))
          .limit(limit)),

    get: ({ tenantId, eventTime, id }: { tenantId: string; eventTime: Date; id: number }) =>
      client.withTenant(tenantId, async (tx) => {
        const [row] = await tx.select().from(auditEvents)
          .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.eventTime, eventTime), eq(auditEvents.id, id)));
        return row ?? null;
      }),
  };
};
