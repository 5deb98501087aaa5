import {
  buildSessionView, decodeListCursor, encodeListCursor, errors, fingerprintOf, formatEventId, microTimeToDate, parseQuery, QuerySyntaxError,
  resolveSessionQuery, resolveTimeRange, sessionStatus, type MicroTime, type SessionCondition,
} from '@tai/core';
import type { Repositories, SessionSummary } from '@tai/db';

/** A session with no end and no event for this long is abandoned rather than open. */
export const ABANDONED_AFTER_MS = 24 * 3_600_000;
/** The session view reads at most this many events; a longer session says it was cut. */
export const SESSION_EVENT_LIMIT = 10_000;

const sessionKind = (s: SessionSummary) =>
  s.kubernetesCluster ? 'kubernetes' : s.dbService ? 'database' : s.appName ? 'app' : s.desktopAddr ? 'desktop' : 'ssh';

export function presentSession(s: SessionSummary, now: Date) {
  const missing = s.maxIndex === null ? 0 : Math.max(0, s.maxIndex + 1 - s.indexedCount);
  const start = s.startedAt ?? s.firstEventAt;
  const end = s.endedAt;
  return {
    sessionId: s.sessionId,
    kind: sessionKind(s),
    start,
    end,
    lastEventAt: s.lastEventAt,
    durationSeconds: end ? Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000) : null,
    initiator: s.initiator,
    participants: s.participants,
    login: s.login,
    node: s.serverHostname,
    serverId: s.serverId,
    cluster: s.clusterName,
    kubernetesCluster: s.kubernetesCluster,
    db: s.dbService,
    app: s.appName,
    desktop: s.desktopAddr,
    eventCount: s.eventCount,
    status: sessionStatus({ hasEnd: s.hasEnd, missing, lastEventAt: s.lastEventAt, now, abandonedAfterMs: ABANDONED_AFTER_MS }),
    completeness: { hasEnd: s.hasEnd, highestIndex: s.maxIndex, missingIndices: missing },
  };
}

function sessionCondition(q: string | undefined): SessionCondition | null {
  try {
    return resolveSessionQuery(parseQuery(q ?? ''));
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw errors.invalidQuery({ message: err.message, details: { parameter: 'q', position: err.position, expected: err.expected } });
    throw err;
  }
}

export async function listSessions(sessions: Repositories['sessions'], { tenantId, input, now }: { tenantId: string; input: { q?: string; from?: string; to?: string; limit?: number; cursor?: string }; now: Date }) {
  const condition = sessionCondition(input.q);
  const fp = fingerprintOf({ q: input.q ?? '', from: input.from ?? null, to: input.to ?? null });
  const after = input.cursor ? decodeListCursor(input.cursor, fp) : null;
  const range = after ? after.range : resolveTimeRange(input, now);
  const limit = input.limit ?? 100;
  const rows = await sessions.list({ tenantId, condition, range, after: after && { firstEventAt: after.at, sessionId: after.key }, limit: limit + 1, abandonedBefore: new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString() });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((s) => presentSession(s, now)),
    nextCursor: rows.length > limit && last ? encodeListCursor({ at: last.firstEventAt, key: last.sessionId, range }, fp) : null,
    range,
  };
}

/** One session: its summary, what happened in it, whether its stream is whole, and its events in order. */
export async function getSession(sessions: Repositories['sessions'], { tenantId, sessionId, now }: { tenantId: string; sessionId: string; now: Date }) {
  const [summary, rows] = await Promise.all([
    sessions.get({ tenantId, sessionId }),
    sessions.events({ tenantId, sessionId, limit: SESSION_EVENT_LIMIT + 1 }),
  ]);
  if (!summary) throw errors.sessionNotFound();
  const events = rows.slice(0, SESSION_EVENT_LIMIT).map((r) => ({ ...r, id: formatEventId({ eventTime: microTimeToDate(r.time as MicroTime), id: r.rowId }) }));
  const view = buildSessionView(events);
  return {
    session: presentSession(summary, now),
    ...view,
    events: events.map(({ raw: _raw, rowId: _rowId, ...e }) => e),
    truncated: rows.length > SESSION_EVENT_LIMIT,
  };
}
