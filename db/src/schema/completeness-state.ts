import { doublePrecision, foreignKey, integer, jsonb, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { sources } from './sources.js';
import { tenants } from './tenants.js';

/** Where a scan of session summaries stopped (SessionCursor in the findings repository). */
type Cursor = { at: string; sessionId: string };

/**
 * What the completeness monitor learned about a tenant and where its scans stopped, kept here rather than in a
 * worker's memory so a restart or another replica goes on from it. Learned values are refreshed about hourly
 * (learned_at); the cursors move with the findings they led to.
 */
export const completenessState = pgTable('completeness_state', {
  tenantId: uuid('tenant_id').primaryKey(),
  learnedAt: tstz('learned_at'),
  /** how long a session may stay open before it counts as open too long, learned from finished ones */
  longOpenSeconds: integer('long_open_seconds'),
  gapCursor: jsonb('gap_cursor').$type<Cursor>(),
  staleCursor: jsonb('stale_cursor').$type<Cursor>(),
  /** when the first scan of new event types ran: later ones look back hours, not the whole history */
  eventTypesScannedAt: tstz('event_types_scanned_at'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  foreignKey({ name: 'completeness_state_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/** Per source, as of the tenant's learned_at: its usual gap (null: too little history) and its reject baseline. */
export const completenessSourceBaselines = pgTable('completeness_source_baselines', {
  tenantId: uuid('tenant_id').notNull(),
  sourceId: uuid('source_id').notNull(),
  /** the silence it may keep before it is silent, before the floor and ceiling clamp it (learnSilenceGap) */
  usualGapSeconds: integer('usual_gap_seconds'),
  /** the 95th percentile of its hourly rejects over the week before learned_at */
  rejectBaselinePerHour: doublePrecision('reject_baseline_per_hour').notNull(),
  learnedAt: tstz('learned_at').notNull(),
}, (t) => [
  primaryKey({ name: 'completeness_source_baselines_pk', columns: [t.tenantId, t.sourceId] }),
  foreignKey({ name: 'completeness_source_baselines_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
  foreignKey({ name: 'completeness_source_baselines_source_fk', columns: [t.sourceId], foreignColumns: [sources.id] }).onDelete('cascade'),
]);
