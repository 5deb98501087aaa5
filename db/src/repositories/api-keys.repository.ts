import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { apiKeys } from '../schema/index.js';

export type ApiKeyRole = 'admin' | 'reader';
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;

export const createApiKeysRepository = ({ client }: { client: DbClient }) => ({
  /** Authentication: the only look-up that runs before the tenant is known (see the key_lookup policy). */
  findActiveByHash: ({ keyHash }: { keyHash: string }) =>
    client.withCredentialHash('app.api_key_hash', keyHash, async (tx) => {
      const [row] = await tx.select().from(apiKeys).where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
      return row ?? null;
    }),

  create: (args: { tenantId: string; id: string; name: string; role: ApiKeyRole; keyPrefix: string; keyHash: string; createdByKeyId: string | null }) =>
    client.withTenant(args.tenantId, async (tx) => {
      const [row] = await tx.insert(apiKeys).values(args).returning();
      return row!;
    }),

  list: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
      return row ?? null;
    }),

  revoke: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(apiKeys).set({ revokedAt: now })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning();
      return row ?? null;
    }),

  touchLastUsed: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
    }),
});
