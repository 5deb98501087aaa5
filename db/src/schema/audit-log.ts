import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tstz } from './columns.js';
import { tenants } from './tenants.js';

/** One row per admin API action: who (key or user), what (action + target), when, from where, and how it ended. */
export const auditLog = pgTable('audit_log', {
  id: idColumn(),
  tenantId: uuid('tenant_id').notNull(),
  at: tstz('at').notNull().default(sql`now()`),
  actorKeyId: uuid('actor_key_id'),
  actorKeyPrefix: text('actor_key_prefix'),
  /** set when a signed-in user acted (the dashboard) rather than an API key */
  actorUserId: uuid('actor_user_id'),
  actorEmail: text('actor_email'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  requestId: text('request_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
}, (t) => [
  index('audit_log_tenant_at_idx').on(t.tenantId, t.at.desc(), t.id.desc()),
  foreignKey({ name: 'audit_log_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
