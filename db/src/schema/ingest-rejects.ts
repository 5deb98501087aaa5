import { sql } from 'drizzle-orm';
import { boolean, customType, foreignKey, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tstz } from './columns.js';
import { tenants } from './tenants.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Quarantine: anything a sender handed us that could not become an event is kept here with its reason,
 * so an accepted request never loses data silently. The payload is capped; `payload_size` is the full size.
 */
export const ingestRejects = pgTable('ingest_rejects', {
  id: idColumn(),
  tenantId: uuid('tenant_id').notNull(),
  sourceId: uuid('source_id'),
  receivedAt: tstz('received_at').notNull().default(sql`now()`),
  reasonCode: text('reason_code').notNull(),
  message: text('message').notNull(),
  contentType: text('content_type'),
  payload: bytea('payload').notNull(),
  payloadSize: integer('payload_size').notNull(),
  payloadTruncated: boolean('payload_truncated').notNull().default(false),
  context: text('context'),
}, (t) => [
  index('ingest_rejects_tenant_source_received_idx').on(t.tenantId, t.sourceId, t.receivedAt.desc()),
  // The retention job's batches (oldest of a tenant, whatever the source).
  index('ingest_rejects_tenant_received_idx').on(t.tenantId, t.receivedAt),
  foreignKey({ name: 'ingest_rejects_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
