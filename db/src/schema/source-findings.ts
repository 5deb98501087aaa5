import type { FindingKind, FindingState } from '@tai/core';
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { sources } from './sources.js';
import { tenants } from './tenants.js';

// A source-less finding (an event type, a tenant-wide one) still needs one value in the unique key.
const NO_SOURCE = sql.raw(`'00000000-0000-0000-0000-000000000000'::uuid`);

/**
 * What the completeness monitor found wrong with a tenant's pipeline: a source gone silent, a session with
 * events missing, an event type this service does not know, a reject spike, S3 objects not ingested. A
 * finding opens once per (kind, source, subject) at a time, and is resolved when the monitor sees it fixed;
 * resolved rows stay as the history. `subject` is a session id, an event type, a UTC day, or '' for the
 * source as a whole.
 */
export const sourceFindings = pgTable('source_findings', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  sourceId: uuid('source_id'),
  kind: text('kind').$type<FindingKind>().notNull(),
  subject: text('subject').notNull().default(''),
  state: text('state').$type<FindingState>().notNull().default('open'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  openedAt: tstz('opened_at').notNull(),
  resolvedAt: tstz('resolved_at'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  primaryKey({ name: 'source_findings_pk', columns: [t.tenantId, t.id] }),
  // What makes opening idempotent: a second open of the same finding conflicts and does nothing.
  uniqueIndex('source_findings_open_uq').on(t.tenantId, t.kind, sql`coalesce(${t.sourceId}, ${NO_SOURCE})`, t.subject).where(sql`${t.state} = 'open'`),
  // Source health (a source's open findings) and the monitor's own read of what is open.
  index('source_findings_source_idx').on(t.tenantId, t.sourceId, t.state, t.openedAt.desc()),
  index('source_findings_state_idx').on(t.tenantId, t.state, t.kind),
  check('source_findings_kind_ck', sql`${t.kind} in ('source.silent', 'session.incomplete', 'session.open_too_long', 'event_type.unknown', 'rejects.spike', 's3.objects_missing', 's3.objects_failed')`),
  check('source_findings_state_ck', sql`${t.state} in ('open', 'resolved')`),
  check('source_findings_resolved_ck', sql`(${t.state} = 'resolved') = (${t.resolvedAt} is not null)`),
  foreignKey({ name: 'source_findings_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
  foreignKey({ name: 'source_findings_source_fk', columns: [t.sourceId], foreignColumns: [sources.id] }).onDelete('cascade'),
]);

/**
 * Every event type a tenant has sent, from its first hour: the monitor compares each new one with the types
 * Teleport is known to emit, once, when it first appears.
 */
export const tenantEventTypes = pgTable('tenant_event_types', {
  tenantId: uuid('tenant_id').notNull(),
  eventType: text('event_type').notNull(),
  firstSeenAt: tstz('first_seen_at').notNull(),
  firstSourceId: uuid('first_source_id'),
}, (t) => [
  primaryKey({ name: 'tenant_event_types_pk', columns: [t.tenantId, t.eventType] }),
  foreignKey({ name: 'tenant_event_types_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
