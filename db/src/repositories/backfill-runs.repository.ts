import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { backfillRuns, type BackfillPosition } from '../schema/index.js';

export type BackfillRunRow = typeof backfillRuns.$inferSelect;
export type BackfillRunsRepository = ReturnType<typeof createBackfillRunsRepository>;
export type BackfillPageCounts = { listed: number; queued: number; skipped: number };

const r = backfillRuns;

export const createBackfillRunsRepository = ({ client }: { client: DbClient }) => ({
  create: (args: { tenantId: string; id: string; sourceId: string; requestedByKeyId: string | null; requestedByUserId: string | null; fromDate: string | null; toDate: string | null; prefix: string | null }) =>
    client.withTenant(args.tenantId, async (tx) => {
      const [row] = await tx.insert(r).values(args).returning();
      return row!;
    }),

  list: ({ tenantId, sourceId, limit }: { tenantId: string; sourceId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(r).where(and(eq(r.tenantId, tenantId), eq(r.sourceId, sourceId)))
        .orderBy(desc(r.createdAt), desc(r.id)).limit(limit)),

  get: ({ tenantId, sourceId, id }: { tenantId: string; sourceId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(r).where(and(eq(r.tenantId, tenantId), eq(r.sourceId, sourceId), eq(r.id, id)));
      return row ?? null;
    }),

  /** Starts the tenant's queued runs and returns every run being listed, oldest first (resumed ones included). */
  claimActive: ({ tenantId, now }: { tenantId: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(r).set({ status: 'listing', startedAt: now, updatedAt: now })
        .where(and(eq(r.tenantId, tenantId), eq(r.status, 'queued')));
      return tx.select().from(r).where(and(eq(r.tenantId, tenantId), eq(r.status, 'listing'))).orderBy(r.id);
    }),

  /**
   * Adds one listed page's counts and moves the run to `next` (null: finished), but only if the run is
   * still at `at`. Two workers that picked up the same run (a slow tick overlapping the next) then count
   * each page once: the loser's update matches nothing and it stops; what it queued was idempotent anyway.
   */
  advance: ({ tenantId, id, at, next, counts, now }: { tenantId: string; id: string; at: BackfillPosition | null; next: BackfillPosition | null; counts: BackfillPageCounts; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const rows = await tx.update(r).set({
        objectsListed: sql`${r.objectsListed} + ${counts.listed}`,
        objectsQueued: sql`${r.objectsQueued} + ${counts.queued}`,
        objectsSkipped: sql`${r.objectsSkipped} + ${counts.skipped}`,
        continuation: next, failures: 0, lastError: null, updatedAt: now,
        ...(next === null ? { status: 'done' as const, finishedAt: now } : {}),
      }).where(and(
        eq(r.tenantId, tenantId), eq(r.id, id), eq(r.status, 'listing'),
        at === null ? isNull(r.continuation) : sql`${r.continuation} = ${JSON.stringify(at)}::jsonb`,
      )).returning({ id: r.id });
      return rows.length === 1;
    }),

  /** One more failed S3 call; at `maxFailures` in a row the run ends `failed` with the last error. */
  recordFailure: ({ tenantId, id, error, maxFailures, now }: { tenantId: string; id: string; error: string; maxFailures: number; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const exhausted = sql`${r.failures} + 1 >= ${maxFailures}`;
      const [row] = await tx.update(r).set({
        failures: sql`${r.failures} + 1`, lastError: error, updatedAt: now,
        status: sql`case when ${exhausted} then 'failed' else ${r.status} end`,
        finishedAt: sql`case when ${exhausted} then ${now.toISOString()}::timestamptz else ${r.finishedAt} end`,
      }).where(and(eq(r.tenantId, tenantId), eq(r.id, id), eq(r.status, 'listing'))).returning();
      return row ?? null;
    }),

  fail: ({ tenantId, id, error, now }: { tenantId: string; id: string; error: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(r).set({ status: 'failed', lastError: error, finishedAt: now, updatedAt: now })
        .where(and(eq(r.tenantId, tenantId), eq(r.id, id), eq(r.status, 'listing')));
    }),
});
