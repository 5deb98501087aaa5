import { and, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { ingestedObjects, s3SourceRegistry, sources, unroutedNotifications, type ObjectStatus } from '../schema/index.js';

export type IngestedObjectRow = typeof ingestedObjects.$inferSelect;
export type ObjectIdentity = { bucket: string; key: string; etag: string; versionId: string | null; size: number | null };
export type IngestedObjectsRepository = ReturnType<typeof createIngestedObjectsRepository>;

const TERMINAL: ObjectStatus[] = ['done', 'skipped', 'missing'];

export const createIngestedObjectsRepository = ({ client }: { client: DbClient }) => ({
  /** The S3 sources watching this bucket, across tenants (from the registry; each read under its tenant). */
  findSourcesByBucket: async ({ bucket }: { bucket: string }) => {
    const entries = await client.db.select().from(s3SourceRegistry).where(eq(s3SourceRegistry.bucket, bucket));
    const found = await Promise.all(entries.map((e) => client.withTenant(e.tenantId, async (tx) => {
      const [row] = await tx.select().from(sources).where(and(eq(sources.tenantId, e.tenantId), eq(sources.id, e.sourceId)));
      return row ?? null;
    })));
    return found.filter((s) => s !== null);
  },

  /** Every S3 source, across tenants: ids, bucket and queue URL only. */
  registry: () => client.db.select().from(s3SourceRegistry),

  recordUnrouted: async ({ bucket, key }: { bucket: string; key: string }) => {
    await client.db.insert(unroutedNotifications).values({ bucket, lastKey: key })
      .onConflictDoUpdate({ target: unroutedNotifications.bucket, set: { count: sql`${unroutedNotifications.count} + 1`, lastSeenAt: sql`now()`, lastKey: key } });
  },

  /**
   * Registers an object as seen (idempotent on source, bucket, key and ETag) and says whether it still
   * needs work: a redelivered notification for an object already done is not queued again.
   */
  upsertSeen: (args: { tenantId: string; sourceId: string; id: string; object: ObjectIdentity; via: IngestedObjectRow['via']; sqsMessageId: string | null; status?: 'queued' | 'skipped'; lastError?: string | null }) =>
    client.withTenant(args.tenantId, async (tx) => {
      const { object } = args;
      await tx.insert(ingestedObjects).values({
        id: args.id, tenantId: args.tenantId, sourceId: args.sourceId, bucket: object.bucket, key: object.key, etag: object.etag,
        versionId: object.versionId, size: object.size, via: args.via, sqsMessageId: args.sqsMessageId,
        status: args.status ?? 'queued', lastError: args.lastError ?? null,
      }).onConflictDoNothing();
      const [row] = await tx.select().from(ingestedObjects).where(and(
        eq(ingestedObjects.tenantId, args.tenantId), eq(ingestedObjects.sourceId, args.sourceId),
        eq(ingestedObjects.bucket, object.bucket), eq(ingestedObjects.key, object.key), eq(ingestedObjects.etag, object.etag)));
      return { row: row!, needsWork: !TERMINAL.includes(row!.status) };
    }),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(ingestedObjects).where(and(eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.id, id)));
      return row ?? null;
    }),

  markProcessing: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(ingestedObjects).set({ status: 'processing', attempts: sql`${ingestedObjects.attempts} + 1`, startedAt: now, updatedAt: now })
        .where(and(eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.id, id)));
    }),

  /** Adds one batch's counts while the object is being read, so progress is visible and a crash loses none. */
  addCounts: ({ tenantId, id, counts, format, now }: { tenantId: string; id: string; counts: { total: number; inserted: number; duplicate: number; bad: number }; format: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const o = ingestedObjects;
      await tx.update(o).set({
        eventsTotal: sql`${o.eventsTotal} + ${counts.total}`, eventsInserted: sql`${o.eventsInserted} + ${counts.inserted}`,
        eventsDuplicate: sql`${o.eventsDuplicate} + ${counts.duplicate}`, badRecords: sql`${o.badRecords} + ${counts.bad}`,
        format, updatedAt: now,
      }).where(and(eq(o.tenantId, tenantId), eq(o.id, id)));
    }),

  /** A retry starts the counts afresh: the events it re-reads are counted as duplicates then. */
  resetCounts: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(ingestedObjects).set({ eventsTotal: 0, eventsInserted: 0, eventsDuplicate: 0, badRecords: 0, lastError: null, errorCode: null, updatedAt: now })
        .where(and(eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.id, id)));
    }),

  finish: ({ tenantId, id, status, error, errorCode = null, now }: { tenantId: string; id: string; status: ObjectStatus; error: string | null; errorCode?: string | null; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(ingestedObjects).set({ status, lastError: error, errorCode, finishedAt: now, updatedAt: now })
        .where(and(eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.id, id)));
    }),

  /** A failed attempt with attempts left: queued again (the queue retries it), with the error kept visible. */
  markRetrying: ({ tenantId, id, error, errorCode, now }: { tenantId: string; id: string; error: string; errorCode: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(ingestedObjects).set({ status: 'queued', lastError: error, errorCode, updatedAt: now })
        .where(and(eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.id, id)));
    }),

  /** Back to queued for a manual retry; only failed or missing objects qualify. */
  requeue: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(ingestedObjects).set({ status: 'queued', lastError: null, errorCode: null, finishedAt: null, updatedAt: now, attempts: 0, requeues: sql`${ingestedObjects.requeues} + 1` })
        .where(and(eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.id, id), inArray(ingestedObjects.status, ['failed', 'missing'])))
        .returning();
      return row ?? null;
    }),

  /**
   * Queued objects that need a job: never attempted (fresh or manually retried), or left queued longer
   * than `staleBefore` (a lost in-process job, a crashed worker). Re-adding a live job is a no-op.
   */
  queuedForReconcile: ({ tenantId, sourceId, staleBefore, limit }: { tenantId: string; sourceId: string; staleBefore: Date; limit: number }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(ingestedObjects)
        .where(and(
          eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.sourceId, sourceId),
          inArray(ingestedObjects.status, ['queued', 'processing']),
          or(eq(ingestedObjects.attempts, 0), lt(ingestedObjects.updatedAt, staleBefore)),
        ))
        .orderBy(ingestedObjects.firstSeenAt)
        .limit(limit)),

  /**
   * What is going wrong with a source's objects now: those retrying (queued again after an error) and those
   * failed, counted by error code, with the most recent error of each group.
   */
  errorSummary: ({ tenantId, sourceId }: { tenantId: string; sourceId: string }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select({
        errorCode: ingestedObjects.errorCode,
        status: ingestedObjects.status,
        objects: sql<number>`count(*)::int`,
        latestKey: sql<string>`(array_agg(${ingestedObjects.key} order by ${ingestedObjects.updatedAt} desc))[1]`,
        latestError: sql<string>`(array_agg(${ingestedObjects.lastError} order by ${ingestedObjects.updatedAt} desc))[1]`,
      }).from(ingestedObjects)
        .where(and(
          eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.sourceId, sourceId),
          inArray(ingestedObjects.status, ['queued', 'failed']), isNotNull(ingestedObjects.lastError),
        ))
        .groupBy(ingestedObjects.errorCode, ingestedObjects.status)),

  list: ({ tenantId, sourceId, status, limit, before }: { tenantId: string; sourceId: string; status: ObjectStatus | null; limit: number; before: { at: Date; id: string } | null }) =>
    client.withTenant(tenantId, (tx) =>
      tx.select().from(ingestedObjects)
        .where(and(
          eq(ingestedObjects.tenantId, tenantId), eq(ingestedObjects.sourceId, sourceId),
          status ? eq(ingestedObjects.status, status) : undefined,
          before ? or(lt(ingestedObjects.firstSeenAt, before.at), and(eq(ingestedObjects.firstSeenAt, before.at), lt(ingestedObjects.id, before.id))) : undefined,
        ))
        .orderBy(desc(ingestedObjects.firstSeenAt), desc(ingestedObjects.id))
        .limit(limit)),
});
