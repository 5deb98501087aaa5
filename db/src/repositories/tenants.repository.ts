import { eq } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { installation, tenants } from '../schema/index.js';

export type TenantsRepository = ReturnType<typeof createTenantsRepository>;

const SETTINGS = { retentionDays: tenants.retentionDays, silenceFloorSeconds: tenants.silenceFloorSeconds, silenceCeilingSeconds: tenants.silenceCeilingSeconds };
export type TenantSettingsRow = { retentionDays: number; silenceFloorSeconds: number | null; silenceCeilingSeconds: number | null };

export const createTenantsRepository = ({ client }: { client: DbClient }) => ({
  create: ({ tenantId, name }: { tenantId: string; name: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.insert(tenants).values({ id: tenantId, name }).returning();
      return row!;
    }),

  get: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
      return row ?? null;
    }),

  /** The tenant's own settings; null for an unknown tenant. */
  getSettings: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select(SETTINGS).from(tenants).where(eq(tenants.id, tenantId));
      return row ?? null;
    }),

  /**
   * Changes the settings given (undefined leaves one as it is, null clears a silence bound) and returns them
   * with what they were before (for the audit log); null for an unknown tenant.
   */
  updateSettings: ({ tenantId, ...changes }: { tenantId: string } & Partial<TenantSettingsRow>) =>
    client.withTenant(tenantId, async (tx) => {
      const [before] = await tx.select(SETTINGS).from(tenants).where(eq(tenants.id, tenantId)).for('update');
      if (!before) return null;
      const [after] = await tx.update(tenants).set(changes).where(eq(tenants.id, tenantId)).returning(SETTINGS);
      return { before, after: after! };
    }),

  /** The first-run marker; null until bootstrap has happened on this database. */
  findInstallation: async () => {
    const [row] = await client.db.select().from(installation).where(eq(installation.id, 1));
    return row ?? null;
  },

  /** Claims first-run bootstrap; false when another process (or an earlier start) already did. */
  claimInstallation: async ({ firstTenantId }: { firstTenantId: string }): Promise<boolean> => {
    const rows = await client.db.insert(installation).values({ id: 1, firstTenantId }).onConflictDoNothing().returning();
    return rows.length === 1;
  },
});
