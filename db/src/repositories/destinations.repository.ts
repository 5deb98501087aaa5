import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { alertDeliveries, alertDeliveryAttempts, alertDeliveryDue, alertDestinations, alerts, detectionRuleVersions, tenants } from '../schema/index.js';

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

/** What one delivery attempt needs: the delivery, its destination, the alert and the rule version that raised it, a few events. */
export type DeliveryContext = {
  delivery: DeliveryRow;
  destination: DestinationRow | null;
  tenantName: string;
  alert: (typeof alerts.$inferSelect & { firstSeenMicro: string; lastSeenMicro: string }) | null;
  rule: Record<string, unknown> | null;
  events: Array<{ id: number; eventTime: number; eventType: string; eventCode: string | null; actor: string | null; serverHostname: string | null; message: string | null }>;
};

const NOTICE_EVENTS = 5;

export const createDestinationsRepository = ({ client }: { client: DbClient }) => ({
  deliveryContext: ({ tenantId, deliveryId }: { tenantId: string; deliveryId: string }): Promise<DeliveryContext | null> =>
    client.withTenant(tenantId, async (tx) => {
      const [delivery] = await tx.select().from(alertDeliveries).where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.id, deliveryId)));
      if (!delivery) return null;
      const [destination] = await tx.select().from(alertDestinations).where(and(eq(alertDestinations.tenantId, tenantId), eq(alertDestinations.id, delivery.destinationId)));
      const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
      let alert: DeliveryContext['alert'] = null;
      let rule: DeliveryContext['rule'] = null;
      let events: DeliveryContext['events'] = [];
      if (delivery.alertId) {
        const [row] = await tx.select({
          a: alerts,
          firstSeenMicro: sql<string>`to_char(${alerts.firstSeen} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
          lastSeenMicro: sql<string>`to_char(${alerts.lastSeen} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        }).from(alerts).where(and(eq(alerts.tenantId, tenantId), eq(alerts.id, delivery.alertId)));
        if (row) {
          alert = { ...row.a, firstSeenMicro: row.firstSeenMicro, lastSeenMicro: row.lastSeenMicro };
          const [version] = await tx.select({ definition: detectionRuleVersions.definition }).from(detectionRuleVersions)
            .where(and(eq(detectionRuleVersions.tenantId, tenantId), eq(detectionRuleVersions.ruleId, row.a.ruleId), eq(detectionRuleVersions.version, row.a.ruleVersion)));
          rule = version?.definition ?? null;
          const found = await tx.execute<{ id: string; ms: number; event_type: string; event_code: string | null; actor: string | null; server_hostname: string | null; message: string | null }>(sql`
            select e.id::text as id, (extract(epoch from e.event_time) * 1000)::float8 as ms, e.event_type, e.event_code, e.actor, e.server_hostname, e.message
              from alert_events l join teleport_audit_events e on e.tenant_id = l.tenant_id and e.event_time = l.event_time and e.id = l.event_id
             where l.tenant_id = ${tenantId} and l.alert_id = ${row.a.id} order by l.event_time, l.event_id limit ${NOTICE_EVENTS}`);
          events = found.rows.map((r) => ({ id: Number(r.id), eventTime: r.ms, eventType: r.event_type, eventCode: r.event_code, actor: r.actor, serverHostname: r.server_hostname, message: r.message }));
        }
      }
      return { delivery, destination: destination ?? null, tenantName: tenant?.name ?? '', alert, rule, events };
    }),

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
