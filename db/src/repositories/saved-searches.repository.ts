import { and, asc, eq } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { savedSearches } from '../schema/index.js';

export type SavedSearchRow = typeof savedSearches.$inferSelect;
export type SavedSearchesRepository = ReturnType<typeof createSavedSearchesRepository>;

export const createSavedSearchesRepository = ({ client }: { client: DbClient }) => ({
  create: (row: { tenantId: string; id: string; name: string; query: string; from: string | null; to: string | null; ownerKeyId: string | null; now: Date }) =>
    client.withTenant(row.tenantId, async (tx) => {
      const { now, ...values } = row;
      const [created] = await tx.insert(savedSearches).values({ ...values, createdAt: now, updatedAt: now }).returning();
      return created!;
    }),

  list: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(savedSearches).where(eq(savedSearches.tenantId, tenantId)).orderBy(asc(savedSearches.name))),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(savedSearches).where(and(eq(savedSearches.tenantId, tenantId), eq(savedSearches.id, id)));
      return row ?? null;
    }),

  update: ({ tenantId, id, changes, now }: { tenantId: string; id: string; changes: Partial<Pick<SavedSearchRow, 'name' | 'query' | 'from' | 'to'>>; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(savedSearches).set({ ...changes, updatedAt: now })
        .where(and(eq(savedSearches.tenantId, tenantId), eq(savedSearches.id, id))).returning();
      return row ?? null;
    }),

  delete: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const rows = await tx.delete(savedSearches).where(and(eq(savedSearches.tenantId, tenantId), eq(savedSearches.id, id))).returning({ id: savedSearches.id });
      return rows.length > 0;
    }),
});
