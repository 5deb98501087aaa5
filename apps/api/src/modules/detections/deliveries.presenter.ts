import type { Repositories } from '@tai/db';

type AttemptRow = Awaited<ReturnType<Repositories['alerts']['attempts']>>[number];
type AlertDeliveryRow = Awaited<ReturnType<Repositories['alerts']['deliveries']>>[number];

/** What every delivery view has, whichever repository read it. */
type DeliveryFields = {
  id: string; alertId: string | null; test: boolean; destinationId: string; status: string; attempts: number; nextAttemptAt: Date;
  lastStatus: number | null; lastError: string | null; deliveredAt: Date | null; createdAt: Date;
};
export type DestinationRef = { id: string; name: string; kind: string };

export const presentAttempt = (a: AttemptRow) => ({
  attempt: a.attempt, at: a.at.toISOString(), outcome: a.outcome, status: a.status, error: a.error, durationMs: a.durationMs, responseSnippet: a.responseSnippet,
});

/** One delivery of the outbox: where it goes, how it stands, and (when given) each attempt's answer. */
export function presentDelivery(d: DeliveryFields, destination: DestinationRef, attemptLog: AttemptRow[] | null = null) {
  return {
    id: d.id, alertId: d.alertId, test: d.test, destination: { id: destination.id, name: destination.name, kind: destination.kind },
    status: d.status, attempts: d.attempts, nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatus: d.lastStatus, lastError: d.lastError, deliveredAt: d.deliveredAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
    ...(attemptLog ? { attemptLog: attemptLog.map(presentAttempt) } : {}),
  };
}

/** An alert's deliveries with their destinations and attempt logs. */
export const presentAlertDeliveries = (alertId: string, rows: AlertDeliveryRow[], attempts: AttemptRow[]) =>
  rows.map((r) => presentDelivery(
    { ...r, alertId, test: false },
    { id: r.destinationId, name: r.destinationName, kind: r.destinationKind },
    attempts.filter((a) => a.deliveryId === r.id),
  ));
