import {
  isKnownEventType, learnLongOpenSeconds, learnSilenceGap, missingIndexRanges, Queues, rejectBaseline, rejectSpike, resolveSilenceBounds,
  sessionCompleteness, silenceStep, silenceThreshold, type FindingKind, type FindingTransition, type HourlyRejects,
} from '@tai/core';
import type { FindingDraft, FindingRow, LearnedState, MonitorProgress, SourceFindingsRepository } from '@tai/db';
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
// An unknown event type no longer sent for this long is taken as gone (the cluster was rolled back, the
// component that sent it removed); one that is still sent stays open, since the skew is still there.
export const UNKNOWN_TYPE_QUIET_MS = 7 * DAY_MS;
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
  | 'sessionSource' | 'unseenEventTypes' | 'eventTypesSeenSince' | 'failedObjectsByDay' | 'apply' | 'learnedState' | 'saveLearned' | 'saveProgress'>;
type Source = Awaited<ReturnType<Findings['sources']>>[number];
type Learned = { silenceGaps: Map<string, number | null>; rejectBaselines: Map<string, number>; longOpenSeconds: number };
/** One tenant's evaluation: where its scans are, and whether they moved past rows since it was stored. */
type Run = { tenantId: string; progress: MonitorProgress; moved: boolean };
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
 * source and subject), so a second run, or a second worker, changes nothing. What it learned (each source's
 * usual gap and reject baseline, the usual session length) and where its scans stopped are kept in Postgres
 * (completeness_state, completeness_source_baselines), so a restart or another replica goes on from there; the
 * process keeps nothing but its turn among the tenants.
 */
export function createCompletenessMonitor(deps: CompletenessDeps) {
  const limits = { ...COMPLETENESS_LIMITS, ...deps.limits };
  const { findings } = deps;
  let nextTenant = 0;

  /** What was stored when it is fresh; else learned again from the last 14 days, and stored with the progress. */
  async function learn({ tenantId, sources, state, progress, now }: { tenantId: string; sources: Source[]; state: LearnedState; progress: MonitorProgress; now: Date }): Promise<Learned> {
    const age = state.learnedAt ? now.getTime() - state.learnedAt.getTime() : Infinity;
    if (age < LEARNED_TTL_MS && state.longOpenSeconds !== null) {
      return {
        silenceGaps: new Map(state.baselines.map((b) => [b.sourceId, b.usualGapSeconds])),
        rejectBaselines: new Map(state.baselines.map((b) => [b.sourceId, b.rejectBaselinePerHour])),
        longOpenSeconds: state.longOpenSeconds,
      };
    }
    const since = new Date(hourStart(now.getTime() - HISTORY_MS));
    const [rows, durations] = await Promise.all([
      findings.hourly({ tenantId, since, limit: limits.hourlyRows }),
      findings.finishedDurations({ tenantId, since, limit: limits.durations }),
    ]);
    const hourly = new Map<string, HourlyRejects[]>();
    for (const r of rows) hourly.set(r.sourceId, [...(hourly.get(r.sourceId) ?? []), r]);
    // The week before the hour the spike check looks at first; that hour and later ones are never in it.
    const previousHour = hourStart(now.getTime()) - HOUR_MS;
    const baselines = sources.map((s) => ({
      sourceId: s.id,
      usualGapSeconds: learnSilenceGap(hourly.get(s.id) ?? []),
      rejectBaselinePerHour: rejectBaseline((hourly.get(s.id) ?? []).filter((r) => r.hour.getTime() < previousHour && r.hour.getTime() >= previousHour - REJECT_BASELINE_MS)),
    }));
    const longOpenSeconds = learnLongOpenSeconds(durations);
    await findings.saveLearned({ tenantId, now, longOpenSeconds, baselines, progress });
    return {
      silenceGaps: new Map(baselines.map((b) => [b.sourceId, b.usualGapSeconds])),
      rejectBaselines: new Map(baselines.map((b) => [b.sourceId, b.rejectBaselinePerHour])),
      longOpenSeconds,
    };
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
      const verdict = rejectSpike({ baselinePerHour: model.rejectBaselines.get(source.id) ?? 0, current });
      const finding = open.get(keyOf('rejects.spike', source.id, ''));
      if (verdict.spike && !finding) {
        plan.open.push({ sourceId: source.id, kind: 'rejects.spike', subject: '', details: { hour: current.hour.toISOString(), rejects: current.rejects, events: current.events, baselinePerHour: verdict.baselinePerHour, ratio: verdict.ratio } });
      } else if (!verdict.spike && finding) {
        plan.resolve.push({ id: finding.id, details: { ...finding.details, resolvedWithRejects: current.rejects } });
      }
    }
  }

  /**
   * Scans session summaries from a cursor, and moves it: to the last row read, or back to `caughtUp` when all
   * were read. Only a scan that read rows marks the progress to be stored: one that read none would find none
   * again from the stored cursor, so a quiet tenant's run writes nothing.
   */
  async function scan(run: Run, cursor: 'gapCursor' | 'staleCursor', { start, caughtUp, until, openOnly }: { start: Date; caughtUp: Date; until: Date | null; openOnly: boolean }) {
    const after = run.progress[cursor] ?? { at: start.toISOString(), sessionId: '' };
    const rows = await findings.sessionsAfter({ tenantId: run.tenantId, after, until, openOnly, limit: limits.sessionsPerScan });
    run.progress[cursor] = rows.length === limits.sessionsPerScan ? rows.at(-1)!.cursor : { at: caughtUp.toISOString(), sessionId: '' };
    if (rows.length > 0) run.moved = true;
    return rows;
  }

  async function sessions(plan: Plan, run: Run, { sourceIds, open, model, now }: { sourceIds: Set<string>; open: Map<string, FindingRow>; model: Learned; now: Date }) {
    const { tenantId } = run;
    const facts = { now, longOpenSeconds: model.longOpenSeconds };
    // A source deleted since keeps its events; the finding then belongs to no source.
    const sourceOf = async (sessionId: string) => {
      const id = await findings.sessionSource({ tenantId, sessionId });
      return id !== null && sourceIds.has(id) ? id : null;
    };
    const staleBefore = new Date(now.getTime() - model.longOpenSeconds * 1000);
    const ended = await scan(run, 'gapCursor', { start: new Date(now.getTime() - SESSION_START_MS), caughtUp: new Date(now.getTime() - LATE_SLACK_MS), until: null, openOnly: false });
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
    const stale = await scan(run, 'staleCursor', { start: new Date(staleBefore.getTime() - DAY_MS), caughtUp: staleBefore, until: staleBefore, openOnly: true });
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

  async function eventTypes(run: Run, { sourceIds, now }: { sourceIds: Set<string>; now: Date }) {
    const { tenantId } = run;
    const since = new Date(hourStart(now.getTime() - (run.progress.eventTypesScannedAt ? EVENT_TYPE_LOOKBACK_MS : HISTORY_MS)));
    const unseen = await findings.unseenEventTypes({ tenantId, since, limit: limits.newEventTypes });
    if (!run.progress.eventTypesScannedAt) {
      run.progress.eventTypesScannedAt = now;
      run.moved = true;
    }
    return unseen.map((t) => {
      const sourceId = t.sourceId !== null && sourceIds.has(t.sourceId) ? t.sourceId : null;
      const finding: FindingDraft | null = isKnownEventType(t.eventType) ? null
        : { sourceId, kind: 'event_type.unknown', subject: t.eventType, details: { firstSeenAt: t.firstSeenAt.toISOString() } };
      return { ...t, sourceId, finding };
    });
  }

  /**
   * Resolves unknown-type findings whose type became known (this service was upgraded) or was not seen for
   * UNKNOWN_TYPE_QUIET_MS. The type stays registered, so a resolved finding does not open again when it returns.
   */
  async function unknownTypesGone(plan: Plan, { tenantId, open, now }: { tenantId: string; open: Map<string, FindingRow>; now: Date }) {
    const unknown = [...open.values()].filter((f) => f.kind === 'event_type.unknown');
    if (unknown.length === 0) return;
    // Rollup hours start on the hour, so the hour an event of an hour ago was counted in starts before `since`.
    const since = new Date(hourStart(now.getTime() - UNKNOWN_TYPE_QUIET_MS));
    const seen = await findings.eventTypesSeenSince({ tenantId, eventTypes: unknown.map((f) => f.subject), since });
    for (const f of unknown) {
      if (isKnownEventType(f.subject)) plan.resolve.push({ id: f.id, details: { ...f.details, resolvedAs: 'now_known' } });
      else if (!seen.has(f.subject)) plan.resolve.push({ id: f.id, details: { ...f.details, resolvedAs: 'not_seen', quietDays: UNKNOWN_TYPE_QUIET_MS / DAY_MS } });
    }
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
    const [sources, openRows, state] = await Promise.all([
      findings.sources({ tenantId, limit: limits.sources }),
      findings.openFindings({ tenantId, limit: limits.openFindings }),
      findings.learnedState({ tenantId }),
    ]);
    const open = new Map(openRows.map((f) => [keyOf(f.kind, f.kind.startsWith('session.') ? null : f.sourceId, f.subject), f]));
    const sourceIds = new Set(sources.map((s) => s.id));
    const run: Run = { tenantId, progress: { gapCursor: state.gapCursor, staleCursor: state.staleCursor, eventTypesScannedAt: state.eventTypesScannedAt }, moved: false };
    const model = await learn({ tenantId, sources, state, progress: run.progress, now });
    const plan: Plan = { open: [], resolve: [] };
    silence(plan, { sources, open, model, now });
    await rejects(plan, { tenantId, sources, open, model, now });
    await sessions(plan, run, { sourceIds, open, model, now });
    await s3Objects(plan, { tenantId, sources, open, now });
    await unknownTypesGone(plan, { tenantId, open, now });
    const types = await eventTypes(run, { sourceIds, now });
    if (types.length === 0 && plan.open.length === 0 && plan.resolve.length === 0) {
      if (run.moved) await findings.saveProgress({ tenantId, now, progress: run.progress });
      return [];
    }
    return findings.apply({ tenantId, now, eventTypes: types, open: plan.open, resolve: plan.resolve, progress: run.progress });
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
