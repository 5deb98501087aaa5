import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tstz } from './columns.js';
import { tenants } from './tenants.js';

export const OBJECT_STATUSES = ['queued', 'processing', 'done', 'skipped', 'missing', 'failed'] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

/**
 * One row per S3 object a source was told about (notification or backfill): did we read it, what came
 * out, and why not. It outlives queue jobs, so it answers "was this file ingested?" and drives retries.
 */
export const ingestedObjects = pgTable('ingested_objects', {
  id: idColumn(),
  tenantId: uuid('tenant_id').notNull(),
  sourceId: uuid('source_id').notNull(),
  bucket: text('bucket').notNull(),
  key: text('key').notNull(),
  /** '' when the notification carried none; part of the identity, so NULL would defeat the unique index */
  etag: text('etag').notNull(),
  versionId: text('version_id'),
  size: bigint('size', { mode: 'number' }),
  via: text('via', { enum: ['s3', 'sns', 'eventbridge', 'backfill'] }).notNull(),
  sqsMessageId: text('sqs_message_id'),
  status: text('status', { enum: OBJECT_STATUSES }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  /** manual retries so far; part of the job id, so a retry is not mistaken for the failed job it replaces */
  requeues: integer('requeues').notNull().default(0),
  lastError: text('last_error'),
  /** the stable code of last_error (s3.assume_role_denied, s3.access_denied, …), which source health reads */
  errorCode: text('error_code'),
  format: text('format'),
  eventsTotal: integer('events_total').notNull().default(0),
  eventsInserted: integer('events_inserted').notNull().default(0),
  eventsDuplicate: integer('events_duplicate').notNull().default(0),
  badRecords: integer('bad_records').notNull().default(0),
  firstSeenAt: tstz('first_seen_at').notNull().default(sql`now()`),
  startedAt: tstz('started_at'),
  finishedAt: tstz('finished_at'),
  updatedAt: tstz('updated_at').notNull().default(sql`now()`),
}, (t) => [
  uniqueIndex('ingested_objects_identity_uq').on(t.tenantId, t.sourceId, t.bucket, t.key, t.etag),
  index('ingested_objects_status_idx').on(t.tenantId, t.sourceId, t.status, t.firstSeenAt.desc()),
  check('ingested_objects_status_ck', sql`${t.status} in ('queued', 'processing', 'done', 'skipped', 'missing', 'failed')`),
  foreignKey({ name: 'ingested_objects_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/**
 * Service-level, not tenant data: notifications on the shared queue that named a bucket no source claims,
 * counted per bucket so operators can see a customer whose setup is half done.
 */
export const unroutedNotifications = pgTable('unrouted_notifications', {
  bucket: text('bucket').primaryKey(),
  count: integer('count').notNull().default(1),
  firstSeenAt: tstz('first_seen_at').notNull().default(sql`now()`),
  lastSeenAt: tstz('last_seen_at').notNull().default(sql`now()`),
  lastKey: text('last_key'),
});
