import { sql } from 'drizzle-orm';
import { check, integer, pgTable, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/**
 * Service-level state, not tenant data (so no row-level security): the single row records that first-run
 * bootstrap happened, so a restart neither creates a second tenant nor prints a new key.
 */
export const installation = pgTable('installation', {
  id: integer('id').primaryKey().default(1),
  bootstrappedAt: tstz('bootstrapped_at').notNull().default(sql`now()`),
  firstTenantId: uuid('first_tenant_id').notNull(),
}, (t) => [check('installation_singleton_ck', sql`${t.id} = 1`)]);
