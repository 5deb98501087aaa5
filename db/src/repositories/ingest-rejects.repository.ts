import { and, desc, eq, gte, lt, or, sql, sum } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { ingestRejects, sourceIngestHourly } from '../schema/index.js';

export type IngestRejectRow = typeof ingestRejects.$inferSelect;
export type NewIngestReject = {
  id: string;
  reasonCode: string;
  message: string;
  contentType: string | null;
  /** already capped by the caller; payloadSize is the size before capping */
  payload: Buffer;
  payloadSize: number;
  payloadTruncated: boolean;
  context: string | null;
};
export type IngestRejectsRepository = ReturnType<typeof createIngestRejectsRepository>;

const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

export const createIngestRejectsRepository = ({ client }: { client: DbClient }) => ({
  /** Quarantines parts of one request and counts them on the source's hourly row, in one transaction. */
  record: ({ tenantId, sourceId, receivedAt, rejects }: { tenantId: string; sourceId: string; receivedAt: Date; rejects: NewIngestReject[] }) =>
    client.withTenant(tenantId, async (tx) => {
      if (rejects.length === 0) return;
      await tx.insert(ingestRejects).values(rejects.map((r) => ({ ...r, tenantId, sourceId, receivedAt })));
      await tx.insert(sourceIngestHourly)
        .values({ tenantId, sourceId, hour: hourOf(receivedAt), rejects: rejects.length, lastEventAt: receivedAt })
        .onConflictDoUpdate({
          target: [sourceIngestHourly.tenantId, sourceIngestHourly.sourceId, sourceIngestHourly.hour],
          set: { rejects: sql`${sourceIngestHourly.rejects} + excluded.rejects` },
        });
    }),

  /** Newest first; `before` is the (receivedAt, id) of the last row of the previous page. */
  list: ({ tenantId, sourceId, limit, before }: { tenantId: string; sourceId: string; limit: number; before: { at: Date; id: string } | null }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(ingestRejects)
        .where(and(
          eq(ingestRejects.tenantId, tenantId),
          eq(ingestRejects.sourceId, sourceId),
          before ? or(lt(ingestRejects.receivedAt, before.at), and(eq(ingestRejects.receivedAt, before.at), lt(ingestRejects.id, before.id))) : undefined,
        ))
        .orderBy(desc(ingestRejects.receivedAt), desc(ingestRejects.id))
        .limit(limit)),

  /** Totals over the hourly counters since `since` (whole hours), for source health. */
  sourceTotals: ({ tenantId, sourceId, since }: { tenantId: string; sourceId: string; since: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const h = sourceIngestHourly;
      const [row] = await tx.select({
        events: sum(h.events).mapWith(Number),
        duplicates: sum(h.duplicates).mapWith(Number),
        rejects: sum(h.rejects).mapWith(Number),
        withoutTime: sum(h.withoutTime).mapWith(Number),
      }).from(h).where(and(eq(h.tenantId, tenantId), eq(h.sourceId, sourceId), gte(h.hour, hourOf(since))));
      const [all] = await tx.select({ rejects: sum(h.rejects).mapWith(Number) }).from(h).where(and(eq(h.tenantId, tenantId), eq(h.sourceId, sourceId)));
      return {
        events: row?.events ?? 0,
        duplicates: row?.duplicates ?? 0,
        rejects: row?.rejects ?? 0,
        withoutTime: row?.withoutTime ?? 0,
        rejectsTotal: all?.rejects ?? 0,
      };
    }),
});
