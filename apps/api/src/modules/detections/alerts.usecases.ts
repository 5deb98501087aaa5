import { errors, fingerprintOf, microTimeToDate, resolveTimeRange, SEVERITIES, uuidv7 } from '@tai/core';
import { ALL_EVENT_FIELDS, schema, type AlertStatusValue, type Repositories } from '@tai/db';
import { presentEventDetail } from '../events/events.usecases.js';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.js';
import { presentAlertDeliveries } from './deliveries.presenter.js';

export type AlertsDeps = {
  alerts: Repositories['alerts'];
  detectionRules: Pick<Repositories['detectionRules'], 'getVersion'>;
  eventSearch: Pick<Repositories['eventSearch'], 'getMany'>;
  now: () => Date;
};

export type AlertListInput = {
  status?: string | undefined; severity?: string | undefined; ruleId?: string | undefined; kind?: 'detection' | 'monitor' | undefined;
  sourceId?: string | undefined; from?: string | undefined; to?: string | undefined; limit?: number | undefined; cursor?: string | undefined;
};

/** An alert shows this many of its events; the rest are a search away (event_count counts them all). */
export const ALERT_EVENTS_SHOWN = 100;
/** Notes past this many are kept but not shown; an alert with more has become a case for another tool. */
export const ALERT_NOTES_SHOWN = 500;

const ALERT_STATUSES_LIST = schema.ALERT_STATUSES;
type AlertView = NonNullable<Awaited<ReturnType<Repositories['alerts']['get']>>>;

function listOf<T extends string>(text: string | undefined, allowed: readonly T[], parameter: string): T[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const values = [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))];
  const unknown = values.filter((v) => !allowed.includes(v as T));
  if (unknown.length > 0) throw errors.badRequest({ message: `${parameter} must be a comma-separated list of ${allowed.join(', ')}; not ${unknown.join(', ')}`, details: { parameter, allowed } });
  return (values as T[]).sort();
}

export const presentAlert = (a: AlertView) => ({
  id: a.id, kind: a.kind, ruleId: a.ruleId, ruleVersion: a.ruleVersion, title: a.title, severity: a.severity, status: a.status,
  alertKey: a.alertKey, groupKey: a.groupKey, group: a.groupValues, sourceId: a.sourceId, details: a.details ?? null,
  firstSeen: String(a.firstSeen), lastSeen: String(a.lastSeen), eventCount: a.eventCount,
  acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: a.acknowledgedBy,
  resolvedAt: a.resolvedAt?.toISOString() ?? null, resolvedBy: a.resolvedBy,
  createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
});

/** One page of alerts, newest first, with counts by status (over every status) and by severity (over the statuses asked for). */
export async function listAlerts(deps: AlertsDeps, { tenantId, input }: { tenantId: string; input: AlertListInput }) {
  const status = listOf(input.status, ALERT_STATUSES_LIST, 'status') as AlertStatusValue[] | undefined;
  const severities = listOf(input.severity, SEVERITIES, 'severity');
  const limit = input.limit ?? 50;
  const fp = fingerprintOf({ status: status ?? null, severities: severities ?? null, ruleId: input.ruleId ?? null, kind: input.kind ?? null, sourceId: input.sourceId ?? null, from: input.from ?? null, to: input.to ?? null });
  const after = input.cursor ? decodeAlertCursor(input.cursor, fp) : null;
  const range = after ? after.range : resolveTimeRange({ from: input.from, to: input.to }, deps.now());
  const filter = {
    status, severities, ruleId: input.ruleId, kind: input.kind, sourceId: input.sourceId,
    from: range.from ? microTimeToDate(range.from) : undefined, to: range.to ? microTimeToDate(range.to) : undefined,
  };
  const [rows, counts] = await Promise.all([
    deps.alerts.list({ tenantId, filter: { ...filter, beforeId: after?.beforeId }, limit: limit + 1 }),
    deps.alerts.counts({ tenantId, filter }),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const byStatus: Record<string, number> = Object.fromEntries(ALERT_STATUSES_LIST.map((s) => [s, 0]));
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const c of counts) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
    if (!status || status.includes(c.status)) bySeverity[c.severity] = (bySeverity[c.severity] ?? 0) + c.n;
  }
  return {
    data: page.map(presentAlert),
    nextCursor: rows.length > limit && last ? encodeAlertCursor({ beforeId: last.id, range }, fp) : null,
    counts: { byStatus, bySeverity },
  };
}

/** The rule as it was when the alert was raised, for its context (title, runbook, ATT&CK). */
async function ruleVersionOf(deps: AlertsDeps, tenantId: string, alert: { ruleId: string; ruleVersion: number }) {
  const row = await deps.detectionRules.getVersion({ tenantId, ruleId: alert.ruleId, version: alert.ruleVersion });
  if (!row) return null;
  const d = row.definition;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { id: alert.ruleId, version: row.version, title: text(d.title), description: text(d.description), runbook: text(d.runbook), mitre: Array.isArray(d.mitre) ? d.mitre.map(String) : [] };
}

/** One alert with the rule version that raised it, its first events (as GET /v1/events/{id} shows them) and its deliveries. */
export async function getAlert(deps: AlertsDeps, { tenantId, id }: { tenantId: string; id: string }) {
  const alert = await deps.alerts.get({ tenantId, id });
  if (!alert) throw errors.alertNotFound();
  const [rule, refs, deliveries, notes] = await Promise.all([
    ruleVersionOf(deps, tenantId, alert),
    deps.alerts.eventRefs({ tenantId, alertId: id, limit: ALERT_EVENTS_SHOWN }),
    deps.alerts.deliveries({ tenantId, alertId: id }),
    deps.alerts.notes({ tenantId, alertId: id, limit: ALERT_NOTES_SHOWN }),
  ]);
  const [events, attempts] = await Promise.all([
    deps.eventSearch.getMany({ tenantId, refs: refs.map((r) => ({ rowId: Number(r.eventId), time: r.eventTime as never })), fields: [...ALL_EVENT_FIELDS, 'raw'] }),
    deps.alerts.attempts({ tenantId, deliveryIds: deliveries.map((d) => d.id) }),
  ]);
  return { alert: presentAlert(alert), notes: notes.map(presentNote), rule, events: events.map(presentEventDetail), deliveries: presentAlertDeliveries(id, deliveries, attempts) };
}

const presentNote = (n: { id: string; author: string; text: string; createdAt: Date }) => ({ id: n.id, author: n.author, text: n.text, createdAt: n.createdAt.toISOString() });

/** Writes a note on one of the tenant's alerts. */
export async function addAlertNote(deps: AlertsDeps, { tenantId, alertId, author, text }: { tenantId: string; alertId: string; author: string; text: string }) {
  const note = await deps.alerts.addNote({ tenantId, alertId, id: uuidv7(), author, text: text.trim(), now: deps.now() });
  if (!note) throw errors.alertNotFound();
  return presentNote(note);
}

/** Acknowledges, resolves or reopens an alert, recording who and when. */
export async function setAlertStatus(deps: AlertsDeps, { tenantId, id, status, by }: { tenantId: string; id: string; status: AlertStatusValue; by: string }) {
  const updated = await deps.alerts.setStatus({ tenantId, id, status, by, now: deps.now() });
  if (!updated) throw errors.alertNotFound();
  const alert = await deps.alerts.get({ tenantId, id });
  if (!alert) throw errors.alertNotFound();
  return presentAlert(alert);
}
