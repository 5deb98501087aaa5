import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, silenceBoundColumns, silenceBoundsCheck, tenantScoped, tstz } from './columns.js';
import { tenants } from './tenants.js';

export const SOURCE_TYPES = ['teleport_webhook', 'teleport_s3'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const sources = pgTable('sources', {
  id: idColumn(),
  ...tenantScoped(),
  type: text('type', { enum: SOURCE_TYPES }).notNull(),
  name: text('name').notNull(),
  /** hex SHA-256 of the current webhook token (webhook sources only) */
  tokenHash: text('token_hash'),
  tokenPrefix: text('token_prefix'),
  /** the token replaced by the last rotation keeps working until previous_token_expires_at */
  previousTokenHash: text('previous_token_hash'),
  previousTokenExpiresAt: tstz('previous_token_expires_at'),
  tokenRotatedAt: tstz('token_rotated_at'),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: tstz('updated_at').notNull().default(sql`now()`),
  lastEventAt: tstz('last_event_at'),
  ...silenceBoundColumns(),
}, (t) => [
  // Token lookups happen before the tenant is known (the URL is the credential), hence hash-first indexes.
  uniqueIndex('sources_token_hash_uq').on(t.tokenHash),
  index('sources_previous_token_hash_idx').on(t.previousTokenHash),
  uniqueIndex('sources_tenant_name_uq').on(t.tenantId, t.name),
  check('sources_type_ck', sql`${t.type} in ('teleport_webhook', 'teleport_s3')`),
  silenceBoundsCheck('sources_silence_bounds_ck', t),
  foreignKey({ name: 'sources_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
