import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { alertDeliveries, alertDeliveryAttempts, alertDestinations, alertEvents, alertNotes, alerts } from '../schema/index.js';

export type AlertRow = typeof alerts.$inferSelect;
export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
export type AlertStatusValue = (typeof alerts.$inferSelect)['status'];

/** Severities in order; destinations take alerts at or above their minimum. */
export const SEVERITY_RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export type AlertFilter = {
  status?: AlertStatusValue[] | undefined;
  severities?: string[] | undefined;
  ruleId?: string | undefined;
  kind?: 'detection' | 'monitor' | undefined;
  sourceId?: string | undefined;
  /** last seen at or after / before */
  from?: Date | undefined;
  to?: Date | undefined;
  /** ids sort by creation (UUIDv7): the page after this id */
  beforeId?: string | undefined;
};

const whereOf = (tenantId: string, f: AlertFilter): SQL => and(
  eq(alerts.tenantId, tenantId),
  f.status?.length ? inArray(alerts.status, f.status) : undefined,
  f.severities?.length ? inArray(alerts.severity, f.severities) : undefined,
  f.ruleId ? eq(alerts.ruleId, f.ruleId) : undefined,
  f.kind ? eq(alerts.kind, f.kind) : undefined,
  f.sourceId ? eq(alerts.sourceId, f.sourceId) : undefined,
  f.from ? gte(alerts.lastSeen, f.from) : undefined,
  f.to ? lte(alerts.firstSeen, f.to) : undefined,
  f.beforeId ? lt(alerts.id, f.beforeId) : undefined,
)!;

const MICRO = (column: SQL | unknown) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const createAlertsRepository = ({ client }: { client: DbClient }) => ({
  list: ({ tenantId, filter, limit }: { tenantId: string; filter: AlertFilter; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select({
      ...alertColumns(),
    }).from(alerts).where(whereOf(tenantId, filter)).orderBy(desc(alerts.id)).limit(limit)),

  /** Counts by status and severity for the same filter (without status), for the list's header. */
  counts: ({ tenantId, filter }: { tenantId: string; filter: AlertFilter }) =>
    client.withTenant(tenantId, (tx) => tx.select({ status: alerts.status, severity: alerts.severity, n: sql<number>`count(*)::int` })
      .from(alerts).where(whereOf(tenantId, { ...filter, status: undefined, beforeId: undefined })).groupBy(alerts.status, alerts.severity)),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select(alertColumns()).from(alerts).where(and(eq(alerts.tenantId, tenantId), eq(alerts.id, id)));
      return row ?? null;
    }),

  /**
   * Adds a note to one of the tenant's alerts; null when the tenant has no such alert. The insert selects the
   * alert under the tenant's filter: the foreign key alone would accept another tenant's alert id.
   */
  addNote: ({ tenantId, alertId, id, author, text, now }: { tenantId: string; alertId: string; id: string; author: string; text: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ id: string }>(sql`
        INSERT INTO alert_notes (tenant_id, id, alert_id, author, text, created_at)
        SELECT ${tenantId}, ${id}, a.id, ${author}, ${text}, ${now} FROM alerts a WHERE a.tenant_id = ${tenantId} AND a.id = ${alertId}
        RETURNING id`);
      return rows.length === 1 ? { id, alertId, author, text, createdAt: now } : null;
    }),

  /** An alert's notes, oldest first. */
  notes: ({ tenantId, alertId, limit }: { tenantId: string; alertId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select({ id: alertNotes.id, alertId: alertNotes.alertId, author: alertNotes.author, text: alertNotes.text, createdAt: alertNotes.createdAt })
      .from(alertNotes).where(and(eq(alertNotes.tenantId, tenantId), eq(alertNotes.alertId, alertId)))
      .orderBy(alertNotes.createdAt, alertNotes.id).limit(limit)),

  /** The alert's linked event ids and times, oldest first. */
  eventRefs: ({ tenantId, alertId, limit }: { tenantId: string; alertId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select({ eventId: alertEvents.eventId, eventTime: MICRO(alertEvents.eventTime) })
      .from(alertEvents).where(and(eq(alertEvents.tenantId, tenantId), eq(alertEvents.alertId, alertId)))
      .orderBy(alertEvents.eventTime, alertEvents.eventId).limit(limit)),

  /**
   * open → acknowledged → resolved (or straight to resolved; resolved may be reopened to open), recording
   * who and when. Returns null when the alert does not exist.
   */
  setStatus: ({ tenantId, id, status, by, now }: { tenantId: string; id: string; status: AlertStatusValue; by: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const changes = status === 'acknowledged'
        ? { status, acknowledgedAt: now, acknowledgedBy: by, resolvedAt: null, resolvedBy: null }
        : status === 'resolved'
          ? { status, resolvedAt: now, resolvedBy: by }
          : { status, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null };
      const [row] = await tx.update(alerts).set({ ...changes, updatedAt: now })
        .where(and(eq(alerts.tenantId, tenantId), eq(alerts.id, id))).returning({ id: alerts.id });
      return row ? row.id : null;
    }),

  /** The alert's deliveries with their destination's name and kind, newest first. */
  deliveries: ({ tenantId, alertId }: { tenantId: string; alertId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select({
      id: alertDeliveries.id, destinationId: alertDeliveries.destinationId, destinationName: alertDestinations.name, destinationKind: alertDestinations.kind,
      status: alertDeliveries.status, attempts: alertDeliveries.attempts, nextAttemptAt: alertDeliveries.nextAttemptAt,
      lastStatus: alertDeliveries.lastStatus, lastError: alertDeliveries.lastError, deliveredAt: alertDeliveries.deliveredAt, createdAt: alertDeliveries.createdAt,
    }).from(alertDeliveries).innerJoin(alertDestinations, eq(alertDestinations.id, alertDeliveries.destinationId))
      .where(and(eq(alertDeliveries.tenantId, tenantId), eq(alertDeliveries.alertId, alertId))).orderBy(desc(alertDeliveries.createdAt))),

  attempts: ({ tenantId, deliveryIds }: { tenantId: string; deliveryIds: string[] }) =>
    deliveryIds.length === 0 ? Promise.resolve([]) : client.withTenant(tenantId, (tx) => tx.select().from(alertDeliveryAttempts)
      .where(and(eq(alertDeliveryAttempts.tenantId, tenantId), inArray(alertDeliveryAttempts.deliveryId, deliveryIds)))
      .orderBy(alertDeliveryAttempts.deliveryId, alertDeliveryAttempts.attempt)),
});

function alertColumns() {
  return {
    id: alerts.id, kind: alerts.kind, ruleId: alerts.ruleId, ruleVersion: alerts.ruleVersion, title: alerts.title, severity: alerts.severity,
    alertKey: alerts.alertKey, groupKey: alerts.groupKey, groupValues: alerts.groupValues, sourceId: alerts.sourceId, details: alerts.details,
    firstSeen: MICRO(alerts.firstSeen), lastSeen: MICRO(alerts.lastSeen), eventCount: alerts.eventCount, status: alerts.status,
    acknowledgedAt: alerts.acknowledgedAt, acknowledgedBy: alerts.acknowledgedBy, resolvedAt: alerts.resolvedAt, resolvedBy: alerts.resolvedBy,
    createdAt: alerts.createdAt, updatedAt: alerts.updatedAt,
  };
}
