import type { EventCursor, EventFilters, NormalizedEvent } from '@tai/core';
import { likePrefix } from '@tai/core';
import { and, desc, eq, getTableColumns, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { auditEvents, type AuditEventRow } from '../schema/index.js';
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
export const INSERT_COLUMNS = Object.values(getTableColumns(auditEvents))
  .filter((c) => c.name !== 'id' && !c.generated)
  .map((c) => c.name);
const PROPERTY_OF = new Map(Object.entries(getTableColumns(auditEvents)).map(([prop, c]) => [c.name, prop]));
export type EventBatchItem = { sourceId: string; events: NormalizedEvent[] };

/** The identity the unique index deduplicates on, as a string (for matching inserted rows to requests). */
export const eventKey = (dedupKey: string, eventTime: Date): string => `${eventTime.getTime()}|${dedupKey}`;

/** [column, NormalizedEvent property] for the columns an event supplies (all but tenant and source). */
const EVENT_COLUMNS = INSERT_COLUMNS
  .filter((c) => c !== 'tenant_id' && c !== 'source_id')
  .map((c) => [c, PROPERTY_OF.get(c)! as keyof NormalizedEvent] as const);

/**
 * An event as one element of jsonb_populate_recordset's input. Only non-null values are written: a missing
 * key populates NULL all the same, and most of the 70 columns are NULL for most events, so this halves what
 * is serialized here and parsed again by Postgres.
 */
function toJsonRow(tenantId: string, sourceId: string, ev: NormalizedEvent): Record<string, unknown> {
  const row: Record<string, unknown> = { tenant_id: tenantId, source_id: sourceId };
  for (const [column, property] of EVENT_COLUMNS) {
    const value = ev[property];
    if (value !== null && value !== undefined) row[column] = value;
  }
  if (ev.parseWarnings.length === 0) delete row.parse_warnings;
  return row;
}

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
    const rows = items.flatMap((item) => item.events.map((ev) => toJsonRow(tenantId, item.sourceId, ev)));
    const perSource = new Map<string, { sourceId: string; total: number; withoutTime: number }>();
    for (const item of items) {
      const stats = perSource.get(item.sourceId) ?? { sourceId: item.sourceId, total: 0, withoutTime: 0 };
      stats.total += item.events.length;
      stats.withoutTime += item.events.filter((ev) => ev.timeFromReceivedAt).length;
      perSource.set(item.sourceId, stats);
    }
    // One statement (migrations/0009): events, last_event_at and the hourly counters commit together.
    const { rows: inserted } = await client.pool.query<{ source_id: string; dedup_key: string; event_ms: string }>(
      'select source_id, dedup_key, event_ms from ingest_event_batch($1, $2::jsonb, $3, $4::jsonb)',
      [tenantId, JSON.stringify(rows), receivedAt, JSON.stringify([...perSource.values()])],
    );
    return { insertedKeys: new Set(inserted.map((r) => eventKey(r.dedup_key, new Date(Number(r.event_ms))))) };
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
