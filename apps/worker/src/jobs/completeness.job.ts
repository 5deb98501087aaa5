import {
  isKnownEventType, learnLongOpenSeconds, learnSilenceGap, missingIndexRanges, Queues, rejectSpike, resolveSilenceBounds,
  sessionCompleteness, silenceStep, silenceThreshold, type FindingKind, type FindingTransition, type HourlyRejects,
} from '@tai/core';
import type { FindingDraft, FindingRow, SessionCursor, SourceFindingsRepository } from '@tai/db';
import type { JobLogger, RecurringJob } from '../runner/job-runner.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// What thresholds are learned from; they move on a scale of days, so an hourly refresh is plenty.
const HISTORY_MS = 14 * DAY_MS;
const LEARNED_TTL_MS = HOUR_MS;
const REJECT_BASELINE_MS = 7 * DAY_MS;
// Session summaries are keyed by event time, so a late batch lands behind the scan: it re-reads the last hour.
const LATE_SLACK_MS = HOUR_MS;
// Where a fresh process starts scanning sessions, and how far back event types are looked for after the first run.
const SESSION_START_MS = DAY_MS;
const EVENT_TYPE_LOOKBACK_MS = 3 * HOUR_MS;
const S3_FAILED_WINDOW_MS = 7 * DAY_MS;
// One tick shares the maintenance queue with partitions, retention and backfills: later tenants wait a tick.
const TICK_BUDGET_MS = 20_000;

/** Bounds on what one tenant's evaluation reads; each is a LIMIT on a query. */
export const COMPLETENESS_LIMITS = {
  sources: 500,
  openFindings: 2_000,
  // 14 days × 24 hours for 150 sources
  hourlyRows: 50_000,
  durations: 5_000,
  sessionsPerScan: 500,
  // sessions whose events are read per run to name their gaps; the rest wait for the next run
  gapReadsPerRun: 50,
  indicesPerSession: 20_000,
  newEventTypes: 200,
  failedObjectRows: 5_000,
} as const;
export type CompletenessLimits = typeof COMPLETENESS_LIMITS;

type Findings = Pick<SourceFindingsRepository,
  'tenantIds' | 'openFindings' | 'sources' | 'hourly' | 'finishedDurations' | 'sessionsAfter' | 'sessionsById' | 'sessionIndices'
  | 'sessionSource' | 'unseenEventTypes' | 'failedObjectsByDay' | 'apply'>;
type Source = Awaited<ReturnType<Findings['sources']>>[number];
type Learned = { at: number; silenceGaps: Map<string, number | null>; hourly: Map<string, HourlyRejects[]>; longOpenSeconds: number };
type Plan = { open: FindingDraft[]; resolve: { id: string; details: Record<string, unknown> }[] };

export type CompletenessDeps = {
  findings: Findings;
  /** called once per finding opened or resolved, after the transaction that recorded it committed */
  onTransition: (finding: FindingTransition) => Promise<void> | void;
  limits?: Partial<CompletenessLimits>;
};

const keyOf = (kind: FindingKind, sourceId: string | null, subject: string) => `${kind}\u0000${sourceId ?? ''}\u0000${subject}`;
const hourStart = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

const toTransition = (row: FindingRow): FindingTransition => ({
  tenantId: row.tenantId, sourceId: row.sourceId, kind: row.kind, subject: row.subject, state: row.state, details: row.details,
  at: row.state === 'open' ? row.openedAt : row.resolvedAt!,
});

/**
 * The completeness monitor: per tenant, reads what ingest keeps (sources' last event, hourly counters, session
 * summaries, rollups, S3 object records), decides which findings open and which resolve, records them in one
 * transaction and reports each change after it committed. Opening is idempotent (one open finding per kind,
 * source and subject), so a second run, or a second worker, changes nothing. Learned thresholds and scan
 * positions are kept in memory: a restart relearns them and rescans a day, which costs reads, not findings.
 */
export function createCompletenessMonitor(deps: CompletenessDeps) {
  const limits = { ...COMPLETENESS_LIMITS, ...deps.limits };
  const { findings } = deps;
  const learned = new Map<string, Learned>();
  const gapCursors = new Map<string, SessionCursor>();
  const staleCursors = new Map<string, SessionCursor>();
  const typesScanned = new Set<string>();
  let nextTenant = 0;

  async function learn(tenantId: string, sources: Source[], now: Date): Promise<Learned> {
    const cached = learned.get(tenantId);
    if (cached && now.getTime() - cached.at < LEARNED_TTL_MS) return cached;
    const since = new Date(hourStart(now.getTime() - HISTORY_MS));
    const [rows, durations] = await Promise.all([
      findings.hourly({ tenantId, since, limit: limits.hourlyRows }),
      findings.finishedDurations({ tenantId, since, limit: limits.durations }),
    ]);
    const hourly = new Map<string, HourlyRejects[]>();
    for (const r of rows) hourly.set(r.sourceId, [...(hourly.get(r.sourceId) ?? []), r]);
    const silenceGaps = new Map(sources.map((s) => [s.id, learnSilenceGap(hourly.get(s.id) ?? [])]));
    const value = { at: now.getTime(), silenceGaps, hourly, longOpenSeconds: learnLongOpenSeconds(durations) };
    learned.set(tenantId, value);
    return value;
  }

  function silence(plan: Plan, { sources, open, model, now }: { sources: Source[]; open: Map<string, FindingRow>; model: Learned; now: Date }) {
    for (const source of sources) {
      // The bounds are read every run, so a tenant's or a source's new floor or ceiling applies at the next one.
      const { floorSeconds, ceilingSeconds } = resolveSilenceBounds({ tenant: source.tenantSilence, source: source.silence });
      const thresholdSeconds = silenceThreshold({ learnedSeconds: model.silenceGaps.get(source.id) ?? null, floorSeconds, ceilingSeconds });
      const finding = open.get(keyOf('source.silent', source.id, ''));
      const { transition } = silenceStep({ lastEventAt: source.lastEventAt, now, thresholdSeconds, open: finding !== undefined });
      if (transition === 'opened') {
        plan.open.push({ sourceId: source.id, kind: 'source.silent', subject: '', details: { lastEventAt: source.lastEventAt!.toISOString(), thresholdSeconds } });
      } else if (transition === 'recovered' && finding) {
        plan.resolve.push({ id: finding.id, details: { ...finding.details, recoveredAt: source.lastEventAt!.toISOString() } });
      }
    }
  }

  async function rejects(plan: Plan, { tenantId, sources, open, model, now }: { tenantId: string; sources: Source[]; open: Map<string, FindingRow>; model: Learned; now: Date }) {
    // This hour and the last: a spike then lasts at least until the end of the next hour instead of flapping at :00.
    const previousHour = hourStart(now.getTime()) - HOUR_MS;
    const recent = await findings.hourly({ tenantId, since: new Date(previousHour), limit: 2 * limits.sources });
    for (const source of sources) {
      const hours = recent.filter((r) => r.sourceId === source.id);
      const current = hours.reduce((top, r) => (r.rejects > top.rejects ? r : top), { rejects: 0, events: 0, hour: new Date(previousHour) });
      const baseline = (model.hourly.get(source.id) ?? []).filter((r) => r.hour.getTime() < previousHour && r.hour.getTime() >= previousHour - REJECT_BASELINE_MS);
      const verdict = rejectSpike({ hourly: baseline, current });
      const finding = open.get(keyOf('rejects.spike', source.id, ''));
      if (verdict.spike && !finding) {
        plan.open.push({ sourceId: source.id, kind: 'rejects.spike', subject: '', details: { hour: current.hour.toISOString(), rejects: current.rejects, events: current.events, baselinePerHour: verdict.baselinePerHour, ratio: verdict.ratio } });
      } else if (!verdict.spike && finding) {
        plan.resolve.push({ id: finding.id, details: { ...finding.details, resolvedWithRejects: current.rejects } });
      }
    }
  }

  /** Scans session summaries from a cursor, and moves it: to the last row read, or back to `caughtUp` when all were read. */
  async function scan(cursors: Map<string, SessionCursor>, { tenantId, start, caughtUp, until, openOnly }: { tenantId: string; start: Date; caughtUp: Date; until: Date | null; openOnly: boolean }) {
    const after = cursors.get(tenantId) ?? { at: start.toISOString(), sessionId: '' };
    const rows = await findings.sessionsAfter({ tenantId, after, until, openOnly, limit: limits.sessionsPerScan });
    cursors.set(tenantId, rows.length === limits.sessionsPerScan ? rows.at(-1)!.cursor : { at: caughtUp.toISOString(), sessionId: '' });
    return rows;
  }

  async function sessions(plan: Plan, { tenantId, sourceIds, open, model, now }: { tenantId: string; sourceIds: Set<string>; open: Map<string, FindingRow>; model: Learned; now: Date }) {
    const facts = { now, longOpenSeconds: model.longOpenSeconds };
    // A source deleted since keeps its events; the finding then belongs to no source.
    const sourceOf = async (sessionId: string) => {
      const id = await findings.sessionSource({ tenantId, sessionId });
      return id !== null && sourceIds.has(id) ? id : null;
    };
    const staleBefore = new Date(now.getTime() - model.longOpenSeconds * 1000);
    const ended = await scan(gapCursors, { tenantId, start: new Date(now.getTime() - SESSION_START_MS), caughtUp: new Date(now.getTime() - LATE_SLACK_MS), until: null, openOnly: false });
    const gaps = ended.filter((s) => sessionCompleteness({ ...s, ...facts }).status === 'incomplete' && !open.has(keyOf('session.incomplete', null, s.sessionId)));
    for (const s of gaps.slice(0, limits.gapReadsPerRun)) {
      const indices = await findings.sessionIndices({ tenantId, sessionId: s.sessionId, limit: limits.indicesPerSession });
      const truncated = indices.length === limits.indicesPerSession;
      const ranges = missingIndexRanges(indices, { upTo: truncated ? indices.at(-1)! : s.maxIndex! });
      plan.open.push({
        sourceId: await sourceOf(s.sessionId), kind: 'session.incomplete', subject: s.sessionId,
        details: { missing: s.maxIndex! + 1 - s.indexedCount, missingRanges: ranges.slice(0, 100), rangesTruncated: truncated || ranges.length > 100, maxIndex: s.maxIndex, eventCount: s.eventCount, endedAt: s.endedAt?.toISOString() ?? null },
      });
    }
    const stale = await scan(staleCursors, { tenantId, start: new Date(staleBefore.getTime() - DAY_MS), caughtUp: staleBefore, until: staleBefore, openOnly: true });
    for (const s of stale) {
      if (sessionCompleteness({ ...s, ...facts }).status !== 'open_too_long' || open.has(keyOf('session.open_too_long', null, s.sessionId))) continue;
      plan.open.push({ sourceId: await sourceOf(s.sessionId), kind: 'session.open_too_long', subject: s.sessionId, details: { lastEventAt: s.lastEventAt.toISOString(), longOpenSeconds: model.longOpenSeconds, eventCount: s.eventCount } });
    }
    // What is open is rechecked against the summaries as they are now.
    const watched = [...open.values()].filter((f) => f.kind === 'session.incomplete' || f.kind === 'session.open_too_long');
    const current = new Map((await findings.sessionsById({ tenantId, sessionIds: [...new Set(watched.map((f) => f.subject))] })).map((s) => [s.sessionId, s]));
    for (const finding of watched) {
      const s = current.get(finding.subject);
      const status = s ? sessionCompleteness({ ...s, ...facts }).status : 'gone';
      const fixed = finding.kind === 'session.incomplete' ? status !== 'incomplete' : status !== 'open_too_long';
      if (fixed) plan.resolve.push({ id: finding.id, details: { ...finding.details, resolvedAs: status } });
    }
  }

  async function eventTypes({ tenantId, sourceIds, now }: { tenantId: string; sourceIds: Set<string>; now: Date }) {
    const since = new Date(hourStart(now.getTime() - (typesScanned.has(tenantId) ? EVENT_TYPE_LOOKBACK_MS : HISTORY_MS)));
    const unseen = await findings.unseenEventTypes({ tenantId, since, limit: limits.newEventTypes });
    typesScanned.add(tenantId);
    return unseen.map((t) => {
      const sourceId = t.sourceId !== null && sourceIds.has(t.sourceId) ? t.sourceId : null;
      const finding: FindingDraft | null = isKnownEventType(t.eventType) ? null
        : { sourceId, kind: 'event_type.unknown', subject: t.eventType, details: { firstSeenAt: t.firstSeenAt.toISOString() } };
      return { ...t, sourceId, finding };
    });
  }

  async function s3Objects(plan: Plan, { tenantId, sources, open, now }: { tenantId: string; sources: Source[]; open: Map<string, FindingRow>; now: Date }) {
    for (const source of sources.filter((s) => s.type === 'teleport_s3')) {
      const openDays = [...open.values()].filter((f) => f.kind === 's3.objects_failed' && f.sourceId === source.id);
      const oldestOpen = openDays.reduce((min, f) => Math.min(min, Date.parse(`${f.subject}T00:00:00Z`)), now.getTime() - S3_FAILED_WINDOW_MS);
      const days = await findings.failedObjectsByDay({ tenantId, sourceId: source.id, since: new Date(oldestOpen), limit: limits.failedObjectRows });
      // When the read stopped at its limit, days before the oldest one read were not counted: they are not fixed.
      const readAll = days.reduce((n, d) => n + d.failed + d.missing, 0) < limits.failedObjectRows;
      const byDay = new Map(days.map((d) => [d.day, d]));
      for (const d of days) {
        if (!open.has(keyOf('s3.objects_failed', source.id, d.day))) plan.open.push({ sourceId: source.id, kind: 's3.objects_failed', subject: d.day, details: { failed: d.failed, missing: d.missing, sampleKeys: d.sampleKeys } });
      }
      for (const f of openDays) {
        if (!byDay.has(f.subject) && (readAll || (days[0] && f.subject > days[0].day))) plan.resolve.push({ id: f.id, details: { ...f.details, resolvedAt: now.toISOString() } });
      }
    }
  }

  async function evaluateTenant(tenantId: string, now: Date): Promise<FindingRow[]> {
    const [sources, openRows] = await Promise.all([
      findings.sources({ tenantId, limit: limits.sources }),
      findings.openFindings({ tenantId, limit: limits.openFindings }),
    ]);
    const open = new Map(openRows.map((f) => [keyOf(f.kind, f.kind.startsWith('session.') ? null : f.sourceId, f.subject), f]));
    const sourceIds = new Set(sources.map((s) => s.id));
    const model = await learn(tenantId, sources, now);
    const plan: Plan = { open: [], resolve: [] };
    silence(plan, { sources, open, model, now });
    await rejects(plan, { tenantId, sources, open, model, now });
    await sessions(plan, { tenantId, sourceIds, open, model, now });
    await s3Objects(plan, { tenantId, sources, open, now });
    const types = await eventTypes({ tenantId, sourceIds, now });
    if (types.length === 0 && plan.open.length === 0 && plan.resolve.length === 0) return [];
    return findings.apply({ tenantId, now, eventTypes: types, open: plan.open, resolve: plan.resolve });
  }

  /** One pass over the tenants, starting where the last pass ran out of time; returns the transitions reported. */
  async function runOnce(now: Date, log: JobLogger): Promise<{ tenants: number; transitions: FindingTransition[]; moreRemains: boolean }> {
    const deadline = Date.now() + TICK_BUDGET_MS;
    const tenants = await findings.tenantIds();
    const transitions: FindingTransition[] = [];
    let done = 0;
    for (; done < tenants.length && Date.now() < deadline; done++) {
      const tenantId = tenants[(nextTenant + done) % tenants.length]!;
      const tenantLog = log.child({ tenantId });
      let changed: FindingRow[];
      try {
        changed = await evaluateTenant(tenantId, now);
      } catch (err) {
        tenantLog.error({ err }, 'completeness evaluation failed for the tenant; the next run retries');
        continue;
      }
      for (const transition of changed.map(toTransition)) {
        transitions.push(transition);
        try {
          await deps.onTransition(transition);
        } catch (err) {
          tenantLog.error({ err, kind: transition.kind, subject: transition.subject, state: transition.state }, 'a completeness finding was recorded but not handed on');
        }
      }
    }
    nextTenant = tenants.length === 0 ? 0 : (nextTenant + done) % tenants.length;
    return { tenants: done, transitions, moreRemains: done < tenants.length };
  }

  return { runOnce };
}

/** Runs the completeness monitor every `everyMs` (a minute by default) on the maintenance queue. */
export const completenessJob = ({ everyMs = 60_000, now = () => new Date(), ...deps }: CompletenessDeps & { everyMs?: number; now?: () => Date }): RecurringJob<typeof Queues.Maintenance> => {
  const monitor = createCompletenessMonitor(deps);
  return {
    queue: Queues.Maintenance,
    name: 'completeness',
    everyMs,
    data: { task: 'completeness' },
    handle: async (_data, log) => {
      const { tenants, transitions, moreRemains } = await monitor.runOnce(now(), log);
      if (transitions.length > 0 || moreRemains) {
        const opened = transitions.filter((t) => t.state === 'open').length;
        log.info({ tenants, opened, resolved: transitions.length - opened, moreRemains }, 'completeness evaluated');
      }
    },
  };
};
