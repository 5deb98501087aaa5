import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { alerts } from './detections.js';

/** What people wrote on an alert while triaging it, oldest first; they go when the alert goes. */
export const alertNotes = pgTable('alert_notes', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  alertId: uuid('alert_id').notNull(),
  /** who wrote it, as actorName shows them: a user's email or an API key's name and prefix */
  author: text('author').notNull(),
  text: text('text').notNull(),
  createdAt: tstz('created_at').notNull(),
}, (t) => [
  primaryKey({ name: 'alert_notes_pk', columns: [t.tenantId, t.id] }),
  index('alert_notes_alert_idx').on(t.tenantId, t.alertId, t.createdAt),
  check('alert_notes_text_ck', sql`length(${t.text}) between 1 and 2000`),
  foreignKey({ name: 'alert_notes_alert_fk', columns: [t.alertId], foreignColumns: [alerts.id] }).onDelete('cascade'),
]);
