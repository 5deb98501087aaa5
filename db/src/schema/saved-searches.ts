import { foreignKey, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tenantScoped, tstz } from './columns.js';
import { tenants } from './tenants.js';

/** A named query and time range of a tenant, as typed (relative times stay relative). */
export const savedSearches = pgTable('saved_searches', {
  id: idColumn(),
  ...tenantScoped(),
  name: text('name').notNull(),
  query: text('query').notNull(),
  from: text('from_time'),
  to: text('to_time'),
  ownerKeyId: uuid('owner_key_id'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  unique('saved_searches_name_uq').on(t.tenantId, t.name),
  foreignKey({ name: 'saved_searches_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
