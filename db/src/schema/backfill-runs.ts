import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tenantScoped, tstz } from './columns.js';
import { sources } from './sources.js';
import { tenants } from './tenants.js';

export const BACKFILL_STATUSES = ['queued', 'listing', 'done', 'failed'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/** Where a listing stands: the prefix being listed and ListObjectsV2's token for its next page (null: first page). */
export type BackfillPosition = { prefix: string; token: string | null };

/**
 * One requested backfill of an S3 source: list the bucket (a date range of EAS folders, a prefix, or the
 * whole source prefix) and queue every event object not read yet. The worker advances `continuation`
 * page by page, so a restart resumes where it stopped instead of listing a large bucket again.
 */
export const backfillRuns = pgTable('backfill_runs', {
  id: idColumn(),
  ...tenantScoped(),
  sourceId: uuid('source_id').notNull(),
  /** the API key or the signed-in user that asked for it */
  requestedByKeyId: uuid('requested_by_key_id'),
  requestedByUserId: uuid('requested_by_user_id'),
  fromDate: date('from_date', { mode: 'string' }),
  toDate: date('to_date', { mode: 'string' }),
  prefix: text('prefix'),
  status: text('status', { enum: BACKFILL_STATUSES }).notNull().default('queued'),
  objectsListed: integer('objects_listed').notNull().default(0),
  objectsQueued: integer('objects_queued').notNull().default(0),
  /** already ingested, or not event objects (recordings, folder markers, other prefixes) */
  objectsSkipped: integer('objects_skipped').notNull().default(0),
  /** consecutive failed S3 calls; reset by a page that succeeds, and the run fails when it reaches the cap */
  failures: integer('failures').notNull().default(0),
  lastError: text('last_error'),
  continuation: jsonb('continuation').$type<BackfillPosition>(),
  startedAt: tstz('started_at'),
  finishedAt: tstz('finished_at'),
  updatedAt: tstz('updated_at').notNull().default(sql`now()`),
}, (t) => [
  index('backfill_runs_source_idx').on(t.tenantId, t.sourceId, t.createdAt.desc()),
  index('backfill_runs_active_idx').on(t.tenantId, t.status).where(sql`${t.status} in ('queued', 'listing')`),
  check('backfill_runs_status_ck', sql`${t.status} in ('queued', 'listing', 'done', 'failed')`),
  check('backfill_runs_scope_ck', sql`${t.prefix} is null or (${t.fromDate} is null and ${t.toDate} is null)`),
  foreignKey({ name: 'backfill_runs_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
  // A deleted source can no longer be listed, and its runs are not reachable through the API any more.
  foreignKey({ name: 'backfill_runs_source_fk', columns: [t.sourceId], foreignColumns: [sources.id] }).onDelete('cascade'),
]);
