import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { alertDeliveries, alertDeliveryAttempts, alertDeliveryDue, alertDestinations } from '../schema/index.js';

export type DestinationRow = typeof alertDestinations.$inferSelect;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;
export type DestinationsRepository = ReturnType<typeof createDestinationsRepository>;

export type AttemptRecord = {
  outcome: 'delivered' | 'retry' | 'failed';
  status: number | null;
  error: string | null;
  durationMs: number;
  responseSnippet: string | null;
  /** when to try again (outcome retry); null gives up */
  nextAttemptAt: Date | null;
};

export const createDestinationsRepository = ({ client }: { client: DbClient }) => ({
  list: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(alertDestinations).where(eq(alertDestinations.tenantId, tenantId)).orderBy(asc(alertDestinations.name))),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(alertDestinations).where(and(eq(alertDestinations.tenantId, tenantId), eq(alertDestinations.id, id)));
      return row ?? null;
    }),

  create: (row: { tenantId: string; id: string; name: string; kind: string; config: Record<string, unknown>; sealedSecret: string; minSeverity: string; enabled: boolean; now: Date }) =>
    client.withTenant(row.tenantId, async (tx) => {
      const { now, ...values } = row;
      const [created] = await tx.insert(alertDestinations).values({ ...values, createdAt: now, updatedAt: now }).returning();
      return created!;
    }),

  update: ({ tenantId, id, changes, now }: { tenantId: string; id: string; changes: Partial<Pick<DestinationRow, 'name' | 'config' | 'sealedSecret' | 'minSeverity' | 'enabled'>>; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(alertDestinations).set({ ...changes, updatedAt: now })
        .where(and(eq(alertDestinations.tenantId, tenantId), eq(alertDestinations.id, id))).returning();
      return row ?? null;
    }),

  delete: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const rows = await tx.delete(alertDestinations).where(and(eq(alertDestinations.tenantId, tenantId), eq(alertDestinations.id, id))).returning({ id: alertDestinations.id });
      // Its deliveries went with it (cascade); so must their entries in the due list.
      if (rows.length > 0) await tx.execute(sql`delete from alert_delivery_due d where d.tenant_id = ${tenantId} and not exists (select 1 from alert_deliveries x where x.id = d.delivery_id)`);
      return rows.length > 0;
    }),

  /** A "send test" delivery, through the same outbox and retries as an alert's. */
  enqueueTest: ({ tenantId, destinationId, id, now }: { tenantId: string; destinationId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.insert(alertDeliveries).values({ id, tenantId, alertId: null, destinationId, test: true, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now }).returning();
      await tx.insert(alertDeliveryDue).values({ deliveryId: id, tenantId, nextAttemptAt: now });
      return row!;
    }),

  /** Recent deliveries of a destination (newest first), for its page. */
  recentDeliveries: ({ tenantId, destinationId, limit }: { tenantId: string; destinationId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(alertDeliveries)
      .where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.destinationId, destinationId))).orderBy(desc(alertDeliveries.createdAt)).limit(limit)),

  getDelivery: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(alertDeliveries).where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.id, id)));
      if (!row) return null;
      const attempts = await tx.select().from(alertDeliveryAttempts)
        .where(and(eq(alertDeliveryAttempts.tenantId, tenantId), eq(alertDeliveryAttempts.deliveryId, id))).orderBy(asc(alertDeliveryAttempts.attempt));
      return { ...row, attemptLog: attempts };
    }),

  /**
   * Leases due deliveries across tenants: each is pushed `leaseSeconds` ahead, so another worker does not take
   * it meanwhile, and comes back by itself if this one dies before recording an answer (at least once; the
   * delivery id lets receivers drop a repeat).
   */
  claimDue: async ({ now, limit, leaseSeconds }: { now: Date; limit: number; leaseSeconds: number }): Promise<Array<{ tenantId: string; deliveryId: string }>> => {
    const { rows } = await client.pool.query<{ tenant_id: string; delivery_id: string }>(
      `update alert_delivery_due set next_attempt_at = $1::timestamptz + make_interval(secs => $3)
        where delivery_id in (select delivery_id from alert_delivery_due where next_attempt_at <= $1 order by next_attempt_at limit $2 for update skip locked)
        returning tenant_id, delivery_id`, [now, limit, leaseSeconds]);
    return rows.map((r) => ({ tenantId: r.tenant_id, deliveryId: r.delivery_id }));
  },

  /** One attempt's answer: logged, and the delivery delivered, failed for good, or due again. */
  recordAttempt: ({ tenantId, deliveryId, attempt, now }: { tenantId: string; deliveryId: string; attempt: AttemptRecord; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [current] = await tx.select().from(alertDeliveries).where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.id, deliveryId))).for('update');
      if (!current) {
        await tx.delete(alertDeliveryDue).where(eq(alertDeliveryDue.deliveryId, deliveryId));
        return null;
      }
      const number = current.attempts + 1;
      await tx.insert(alertDeliveryAttempts).values({
        tenantId, deliveryId, attempt: number, at: now, outcome: attempt.outcome, status: attempt.status, error: attempt.error,
        durationMs: Math.round(attempt.durationMs), responseSnippet: attempt.responseSnippet,
      });
      const retry = attempt.outcome === 'retry' && attempt.nextAttemptAt !== null;
      const status = attempt.outcome === 'delivered' ? 'delivered' : retry ? 'pending' : 'failed';
      const [row] = await tx.update(alertDeliveries).set({
        status, attempts: number, lastStatus: attempt.status, lastError: attempt.error, updatedAt: now,
        deliveredAt: status === 'delivered' ? now : null, nextAttemptAt: retry ? attempt.nextAttemptAt! : current.nextAttemptAt,
      }).where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.id, deliveryId))).returning();
      if (retry) await tx.update(alertDeliveryDue).set({ nextAttemptAt: attempt.nextAttemptAt! }).where(eq(alertDeliveryDue.deliveryId, deliveryId));
      else await tx.delete(alertDeliveryDue).where(eq(alertDeliveryDue.deliveryId, deliveryId));
      return row!;
    }),

  /** A failed delivery tried again from now, with a fresh series of attempts' backoff (attempts keep counting). */
  retry: ({ tenantId, deliveryId, now }: { tenantId: string; deliveryId: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(alertDeliveries).set({ status: 'pending', nextAttemptAt: now, updatedAt: now })
        .where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.id, deliveryId), eq(alertDeliveries.status, 'failed'))).returning();
      if (row) await tx.insert(alertDeliveryDue).values({ deliveryId, tenantId, nextAttemptAt: now }).onConflictDoUpdate({ target: alertDeliveryDue.deliveryId, set: { nextAttemptAt: now } });
      return row ?? null;
    }),
});
