import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, silenceBoundColumns, silenceBoundsCheck, tstz } from './columns.js';

export const tenants = pgTable('tenants', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: tstz('created_at').notNull().default(sql`now()`),
  /** how long this tenant's events, and what is derived from them, are kept (TENANT_RETENTION_DAYS in @tai/core) */
  retentionDays: integer('retention_days').notNull().default(365),
  ...silenceBoundColumns(),
  /**
   * Bumped by a trigger on every change to the tenant's detection rules (0025). Ingest screens events with
   * the rules it has cached, and ingest_event_batch queues every inserted event instead when the revision
   * it was given is not this one.
   */
  detectionRulesRevision: bigint('detection_rules_revision', { mode: 'number' }).notNull().default(0),
}, (t) => [
  check('tenants_retention_days_ck', sql`${t.retentionDays} between 1 and 3650`),
  silenceBoundsCheck('tenants_silence_bounds_ck', t),
  // Unique across tenants: only the database can check, since row-level security hides the other tenants (0018).
  uniqueIndex('tenants_name_uq').on(t.name),
]);
