import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { sources, type SourceType } from '../schema/index.js';

export type SourceRow = typeof sources.$inferSelect;
/** What PATCH may change; a silence bound of null clears it (the tenant's, or the default, applies). */
export type SourceChanges = { name?: string; config?: Record<string, unknown>; silenceFloorSeconds?: number | null; silenceCeilingSeconds?: number | null };
export type SourcesRepository = ReturnType<typeof createSourcesRepository>;

export const createSourcesRepository = ({ client }: { client: DbClient }) => ({
  create: (args: { tenantId: string; id: string; type: SourceType; name: string; config: Record<string, unknown>; tokenHash: string | null; tokenPrefix: string | null }) =>
    client.withTenant(args.tenantId, async (tx) => {
      const [row] = await tx.insert(sources).values(args).returning();
      return row!;
    }),

  list: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(sources).where(eq(sources.tenantId, tenantId)).orderBy(desc(sources.createdAt), desc(sources.id))),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(sources).where(and(eq(sources.tenantId, tenantId), eq(sources.id, id)));
      return row ?? null;
    }),

  update: ({ tenantId, id, changes, now }: { tenantId: string; id: string; changes: SourceChanges; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(sources).set({ ...changes, updatedAt: now })
        .where(and(eq(sources.tenantId, tenantId), eq(sources.id, id))).returning();
      return row ?? null;
    }),

  delete: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const rows = await tx.delete(sources).where(and(eq(sources.tenantId, tenantId), eq(sources.id, id))).returning({ id: sources.id });
      return rows.length === 1;
    }),

  /**
   * Moves the current token hash to "previous" (valid until previousExpiresAt) and installs the new one,
   * in one statement so two concurrent rotations cannot both keep their old token alive.
   */
  rotateToken: (args: { tenantId: string; id: string; tokenHash: string; tokenPrefix: string; previousExpiresAt: Date; now: Date }) =>
    client.withTenant(args.tenantId, async (tx) => {
      const [row] = await tx.update(sources).set({
        previousTokenHash: sql`${sources.tokenHash}`,
        previousTokenExpiresAt: args.previousExpiresAt,
        tokenHash: args.tokenHash,
        tokenPrefix: args.tokenPrefix,
        tokenRotatedAt: args.now,
        updatedAt: args.now,
      }).where(and(eq(sources.tenantId, args.tenantId), eq(sources.id, args.id))).returning();
      return row ?? null;
    }),

  /** Webhook authentication: the source whose current or previous token has this hash (see token_lookup policy). */
  findByTokenHash: ({ tokenHash }: { tokenHash: string }) =>
    client.withCredentialHash('app.token_hash', tokenHash, async (tx) => {
      const [row] = await tx.select().from(sources)
        .where(sql`${sources.tokenHash} = ${tokenHash} or ${sources.previousTokenHash} = ${tokenHash}`);
      return row ?? null;
    }),
});
