import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, silenceBoundColumns, silenceBoundsCheck, tstz } from './columns.js';

export const tenants = pgTable('tenants', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: tstz('created_at').notNull().default(sql`now()`),
  /** how long this tenant's events, and what is derived from them, are kept (TENANT_RETENTION_DAYS in @tai/core) */
  retentionDays: integer('retention_days').notNull().default(365),
  ...silenceBoundColumns(),
}, (t) => [
  check('tenants_retention_days_ck', sql`${t.retentionDays} between 1 and 3650`),
  silenceBoundsCheck('tenants_silence_bounds_ck', t),
  // Unique across tenants: only the database can check, since row-level security hides the other tenants (0018).
  uniqueIndex('tenants_name_uq').on(t.name),
]);
