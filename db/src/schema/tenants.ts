import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, tstz } from './columns.js';

export const tenants = pgTable('tenants', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: tstz('created_at').notNull().default(sql`now()`),
});
