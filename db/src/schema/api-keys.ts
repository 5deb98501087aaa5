import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tenantScoped, tstz } from './columns.js';
import { tenants } from './tenants.js';

export const apiKeys = pgTable('api_keys', {
  id: idColumn(),
  ...tenantScoped(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'reader'] }).notNull(),
  /** the first characters of the secret, safe to show, to tell keys apart */
  keyPrefix: text('key_prefix').notNull(),
  /** hex SHA-256 of the whole secret; the secret itself is never stored */
  keyHash: text('key_hash').notNull(),
  createdByKeyId: uuid('created_by_key_id'),
  lastUsedAt: tstz('last_used_at'),
  revokedAt: tstz('revoked_at'),
}, (t) => [
  // Authentication looks a key up by hash before the tenant is known, so this one index cannot lead with tenant_id.
  uniqueIndex('api_keys_key_hash_uq').on(t.keyHash),
  index('api_keys_tenant_created_idx').on(t.tenantId, t.createdAt),
  check('api_keys_role_ck', sql`${t.role} in ('admin', 'reader')`),
  foreignKey({ name: 'api_keys_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
