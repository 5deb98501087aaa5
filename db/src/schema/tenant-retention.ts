import { integer, pgTable, uuid } from 'drizzle-orm/pg-core';

/**
 * Read-only for the app: kept in step with `tenants.retention_days` by a trigger (migrations/0017). The worker's
 * cross-tenant view of retention: tenant ids and days only. Not managed by drizzle-kit.
 */
export const tenantRetention = pgTable('tenant_retention', {
  tenantId: uuid('tenant_id').primaryKey(),
  retentionDays: integer('retention_days').notNull(),
});
