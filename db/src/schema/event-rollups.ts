import { bigint, boolean, foreignKey, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { tenants } from './tenants.js';

/**
 * Events per hour and per (source, type, code, cluster, outcome), kept by the ingest batch from the rows it
 * inserts. A 30-day histogram or a type facet reads a few thousand rows here instead of millions of events.
 * NULLs are values of their own (an event without a code), hence NULLS NOT DISTINCT.
 */
export const eventRollupHourly = pgTable('event_rollup_hourly', {
  tenantId: uuid('tenant_id').notNull(),
  hour: tstz('hour').notNull(),
  sourceId: uuid('source_id').notNull(),
  eventType: text('event_type').notNull(),
  eventCode: text('event_code'),
  clusterName: text('cluster_name'),
  success: boolean('success'),
  events: bigint('events', { mode: 'number' }).notNull(),
}, (t) => [
  unique('event_rollup_hourly_key').on(t.tenantId, t.hour, t.sourceId, t.eventType, t.eventCode, t.clusterName, t.success).nullsNotDistinct(),
  foreignKey({ name: 'event_rollup_hourly_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
