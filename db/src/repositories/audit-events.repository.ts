import type { EventCursor, EventFilters, NormalizedEvent } from '@tai/core';
import { likePrefix } from '@tai/core';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { auditEvents, type AuditEventRow } from '../schema/index.js';
import { partitionMonthsToEnsure } from './partition-months.js';

export type AuditEventsRepository = ReturnType<typeof createAuditEventsRepository>;

// Postgres allows 65,535 bind parameters per statement; at ~70 columns a row, 500 rows stay well below.
const INSERT_CHUNK_ROWS = 500;

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

const toRow = (tenantId: string, sourceId: string, ev: NormalizedEvent): typeof auditEvents.$inferInsert => ({
  ...ev,
  tenantId,
  sourceId,
  parseWarnings: ev.parseWarnings.length > 0 ? ev.parseWarnings : null,
});

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

  return {
    ensurePartitions,

    /** Idempotent insert: rows whose (tenant, dedup key, time) already exist are counted as duplicates. */
    insert: async ({ tenantId, sourceId, events }: { tenantId: string; sourceId: string; events: NormalizedEvent[] }) => {
      if (events.length === 0) return { inserted: 0, duplicates: 0 };
      await ensurePartitions(events.map((ev) => ev.eventTime));
      const inserted = await client.withTenant(tenantId, async (tx) => {
        let count = 0;
        for (let i = 0; i < events.length; i += INSERT_CHUNK_ROWS) {
          const rows = events.slice(i, i + INSERT_CHUNK_ROWS).map((ev) => toRow(tenantId, sourceId, ev));
          const result = await tx.insert(auditEvents).values(rows).onConflictDoNothing().returning({ id: auditEvents.id });
          count += result.length;
        }
        return count;
      });
      return { inserted, duplicates: events.length - inserted };
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
