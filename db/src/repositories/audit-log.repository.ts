import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { auditLog } from '../schema/index.js';

export type AuditLogEntry = typeof auditLog.$inferInsert;
export type AuditLogRow = typeof auditLog.$inferSelect;
export type AuditLogRepository = ReturnType<typeof createAuditLogRepository>;

export const createAuditLogRepository = ({ client }: { client: DbClient }) => ({
  record: (entry: AuditLogEntry & { tenantId: string; id: string }) =>
    client.withTenant(entry.tenantId, async (tx) => {
      await tx.insert(auditLog).values(entry);
    }),

  /** Newest first; `before` is the (at, id) of the last row of the previous page. */
  list: ({ tenantId, limit, before }: { tenantId: string; limit: number; before: { at: Date; id: string } | null }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(auditLog)
        .where(and(
          eq(auditLog.tenantId, tenantId),
          before ? or(lt(auditLog.at, before.at), and(eq(auditLog.at, before.at), lt(auditLog.id, before.id))) : undefined,
        ))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit)),
});
