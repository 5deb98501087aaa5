import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';

/**
 * Read-only for the app: kept in step with `sources` by a trigger (migrations/0006). The worker's
 * cross-tenant view of S3 sources: ids, bucket and queue URL only. Not managed by drizzle-kit.
 */
export const s3SourceRegistry = pgTable('s3_source_registry', {
  sourceId: uuid('source_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  bucket: text('bucket').notNull(),
  queueUrl: text('queue_url'),
  updatedAt: tstz('updated_at').notNull(),
});
