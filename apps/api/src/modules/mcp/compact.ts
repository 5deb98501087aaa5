/**
 * Compact forms of the REST API's answers: what an assistant needs to reason, without the nulls, empty lists and
 * bookkeeping columns that make a page of events ten times longer than what it says.
 */
/** A REST answer's object, as the tools read it. */
export type Row = Record<string, unknown>;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** The row without empty values and without the keys named in drop. */
export function compact(row: Row, drop: ReadonlySet<string> = new Set()): Row {
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => !drop.has(k) && !isEmpty(v)));
}

// Bookkeeping of the ingest path, or repeated by another field of the summary.
const EVENT_NOISE = new Set(['receivedAt', 'timeFromReceivedAt', 'sourceId', 'uid', 'dedupKey', 'actorPath', 'eventIndex', 'parseWarnings', 'namespace', 'raw']);

/** One event as a search page or a case lists it; `raw` is kept only when it was asked for. */
export function eventSummary(row: Row, { raw = false }: { raw?: boolean } = {}): Row {
  const out = compact(row, EVENT_NOISE);
  if (out.serverHostname) delete out.serverId;
  if (out.remoteIp) delete out.remoteAddr;
  if (out.userName === out.actor) delete out.userName;
  // A command line already holds its program and argv.
  if (out.command) {
    delete out.program;
    delete out.argv;
  }
  if (Array.isArray(row.parseWarnings) && row.parseWarnings.length) out.warnings = row.parseWarnings;
  if (raw && row.raw !== undefined) out.raw = row.raw;
  return out;
}

/** A session in a list: who, where, when, and whether its stream is whole. */
export function sessionSummary(s: Row): Row {
  const completeness = (s.completeness ?? {}) as Row;
  const participants = Array.isArray(s.participants) ? s.participants : [];
  return compact({
    sessionId: s.sessionId, kind: s.kind, status: s.status,
    initiator: s.initiator, participants: participants.length > 1 || participants[0] !== s.initiator ? participants : null,
    login: s.login, node: s.node, cluster: s.cluster, kubernetesCluster: s.kubernetesCluster, db: s.db, app: s.app, desktop: s.desktop,
    start: s.start, end: s.end, durationSeconds: s.durationSeconds, eventCount: s.eventCount,
    missingEvents: typeof completeness.missingIndices === 'number' && completeness.missingIndices > 0 ? completeness.missingIndices : null,
    hasEnd: completeness.hasEnd === false ? false : null,
  });
}

/** A command of a session: when, what, how it ended. */
export function commandSummary(c: Row): Row {
  return compact({ time: c.time, type: c.type, command: c.command ?? c.program, exitCode: c.exitCode, success: c.success === false ? false : null, eventId: c.eventId });
}

/** An alert in a list. */
export function alertSummary(a: Row): Row {
  return compact({
    id: a.id, title: a.title, severity: a.severity, status: a.status, kind: a.kind, ruleId: a.ruleId, group: a.group,
    eventCount: a.eventCount, firstSeen: a.firstSeen, lastSeen: a.lastSeen, sourceId: a.sourceId,
    acknowledgedBy: a.acknowledgedBy, acknowledgedAt: a.acknowledgedAt, resolvedBy: a.resolvedBy, resolvedAt: a.resolvedAt,
  });
}
