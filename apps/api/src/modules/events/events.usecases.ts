import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, fingerprintOf, formatEventId, parseEventFilters, type EventQueryParams } from '@tai/core';
import type { AuditEventRow, Repositories } from '@tai/db';

export const presentEventSummary = (r: AuditEventRow) => ({
  id: formatEventId({ eventTime: r.eventTime, id: r.id }),
  time: r.eventTime.toISOString(),
  timeFromReceivedAt: r.timeFromReceivedAt,
  receivedAt: r.receivedAt.toISOString(),
  sourceId: r.sourceId,
  uid: r.uid,
  type: r.eventType,
  code: r.eventCode,
  success: r.success,
  actor: r.actor,
  login: r.login,
  clusterName: r.clusterName,
  sessionId: r.sessionId,
  serverHostname: r.serverHostname,
  remoteIp: r.remoteIp,
  resourceName: r.resourceName,
  command: r.command,
  error: r.error,
  parseWarnings: r.parseWarnings ?? [],
});

export function presentEventDetail(r: AuditEventRow) {
  const { raw, tenantId: _tenantId, ...fields } = r;
  return { event: presentEventSummary(r), fields, raw };
}

/** One page of events, newest first, with a keyset cursor bound to these filters. */
export async function searchEvents(auditEvents: Repositories['auditEvents'], { tenantId, params }: { tenantId: string; params: EventQueryParams }) {
  const filters = parseEventFilters(params);
  const fingerprint = fingerprintOf(filters);
  const after = params.cursor ? decodeCursor(params.cursor, fingerprint) : null;
  const limit = params.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await auditEvents.search({ tenantId, filters, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentEventSummary),
    nextCursor: rows.length > limit && last ? encodeCursor({ eventTime: last.eventTime, id: last.id }, fingerprint) : null,
  };
}
