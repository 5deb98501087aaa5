import { sql } from 'drizzle-orm';
import { foreignKey, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { tenants } from './tenants.js';

/**
 * Per-source, per-hour ingest counters, upserted with each committed batch. Source health ("events in the
 * last 24 h", rejects, events without `time`) reads at most 24 rows here instead of counting the events table.
 */
export const sourceIngestHourly = pgTable('source_ingest_hourly', {
  tenantId: uuid('tenant_id').notNull(),
  sourceId: uuid('source_id').notNull(),
  hour: tstz('hour').notNull(),
  events: integer('events').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  rejects: integer('rejects').notNull().default(0),
  withoutTime: integer('without_time').notNull().default(0),
  lastEventAt: tstz('last_event_at').notNull().default(sql`now()`),
}, (t) => [
  primaryKey({ name: 'source_ingest_hourly_pk', columns: [t.tenantId, t.sourceId, t.hour] }),
  foreignKey({ name: 'source_ingest_hourly_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
