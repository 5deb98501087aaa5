import type { _Object } from '@aws-sdk/client-s3';
import { backfillPrefixes, eventObjectFilter, Queues, type FindingTransition } from '@tai/core';
import type { FindingRow, Repositories, SourceFindingsRepository, SourceRow } from '@tai/db';
import type { JobLogger, JobRunner, RecurringJob } from '../runner/job-runner.js';
import type { AwsClients } from './aws-clients.js';
import { handOffPage, listingError, listPage, sourcePrefix } from './backfill.job.js';
import { addPage, emptyTally, planMissingFindings, reconcileDays, type DayTally } from './s3-reconcile-plan.js';

// Pages one source lists per tick: two EAS days of a busy cluster (a file a minute per auth server) fit many
// times over. A day that does not fit resumes from its page on the next tick.
const PAGES_PER_SOURCE = 20;
// A tick starts no page after this: the maintenance queue it shares (partitions, backfills, completeness) keeps
// moving. Sources not reached are first in line on the next tick.
const TICK_BUDGET_MS = 30_000;
// An object written this recently may have its notification still on the way (S3 usually delivers within
// seconds, SQS may hold it longer): it is neither registered nor judged, and the next reconcile looks again.
const NOTIFICATION_GRACE_MS = 15 * 60_000;
// Consecutive failed ticks after which a source's listing failure is logged as an error, not a warning, and the
// day it failed on is listed from its start again.
const FAILURES_BEFORE_ERROR = 5;
// Open findings of a source read to know which days are open; more than this many open days is not plausible.
const OPEN_FINDINGS_LIMIT = 200;

type Findings = Pick<SourceFindingsRepository, 'openForSource' | 'apply'>;
type RegistryEntry = Awaited<ReturnType<Repositories['ingestedObjects']['registry']>>[number];

export type S3ReconcileDeps = {
  repos: Pick<Repositories, 'ingestedObjects' | 'sources'> & { sourceFindings: Findings };
  aws: Pick<AwsClients, 's3For'>;
  enqueue: JobRunner['enqueue'];
  job: { attempts: number; backoffMs: number };
  /** UTC days listed, today included (S3_RECONCILE_DAYS) */
  days: number;
  /** called once per finding opened or resolved, after the transaction that recorded it committed */
  onTransition: (finding: FindingTransition) => Promise<void> | void;
  pageSize?: number;
  graceMs?: number;
  pagesPerSource?: number;
};

/** How one source's reconcile went: days whose listing completed, and the listing error that stopped it, if any. */
export type SourceReconcile = { tenantId: string; sourceId: string; daysListed: string[]; error: string | null; transitions: FindingTransition[] };

const toTransition = (row: FindingRow): FindingTransition => ({
  tenantId: row.tenantId, sourceId: row.sourceId, kind: row.kind, subject: row.subject, state: row.state, details: row.details,
  at: row.state === 'open' ? row.openedAt : row.resolvedAt!,
});

/**
 * The periodic S3 reconcile: lists each S3 source's recent daily folders with the backfill's page function,
 * registers and queues what no notification brought (exactly as a backfill would, but leaving failed objects
 * to their manual retry), and opens s3.objects_missing for a day where it found any. Listing positions of days
 * not finished yet, and failure counts, are kept in memory: a restart lists those days again, which costs reads,
 * not findings (a second listing finds the objects registered, and opening is idempotent).
 */
export function createS3Reconciler(deps: S3ReconcileDeps) {
  const graceMs = deps.graceMs ?? NOTIFICATION_GRACE_MS;
  const pagesPerSource = deps.pagesPerSource ?? PAGES_PER_SOURCE;
  const progress = new Map<string, { token: string | null; tally: DayTally }>();
  const failures = new Map<string, number>();
  let nextEntry = 0;

  /** Lists what fits of the source's days; returns the days listed to the end, with their tallies. */
  async function listDays(source: SourceRow, { bucket, days, now, deadline }: { bucket: string; days: string[]; now: Date; deadline: number }) {
    const prefix = sourcePrefix(source);
    const filter = eventObjectFilter({ prefix });
    const s3 = deps.aws.s3For(source);
    const ripeBefore = now.getTime() - graceMs;
    const finished: { day: string; tally: DayTally }[] = [];
    // Positions in days that have left the window (midnight passed mid-listing) would never be resumed.
    for (const key of progress.keys()) if (key.startsWith(`${source.id}\u0000`) && !days.some((d) => key === `${source.id}\u0000${d}`)) progress.delete(key);
    let pages = 0;
    for (const day of days) {
      const key = `${source.id}\u0000${day}`;
      const at = progress.get(key) ?? { token: null, tally: emptyTally() };
      const [dayPrefix] = backfillPrefixes({ sourcePrefix: prefix, scope: { from: day, to: day, prefix: null } });
      for (;;) {
        if (pages >= pagesPerSource || Date.now() >= deadline) return { finished, error: null };
        let listed;
        try {
          listed = await listPage(s3, { bucket, prefix: dayPrefix!, token: at.token, pageSize: deps.pageSize });
        } catch (err) {
          // The failed page was not handed off, so the next tick resumes at it with the tally so far: starting the
          // day over would find the objects registered already and no longer count them as missing.
          if (at.token !== null) progress.set(key, at);
          return { finished, error: { err, message: listingError(err), day } };
        }
        pages++;
        const ripe: _Object[] = [];
        for (const object of listed.Contents ?? []) {
          if (object.LastModified && object.LastModified.getTime() > ripeBefore) at.tally.young++;
          else ripe.push(object);
        }
        const { handed } = await handOffPage(deps, { source, bucket, filter, objects: ripe, retryFailed: false });
        addPage(at.tally, handed);
        if (!listed.NextContinuationToken) break;
        at.token = listed.NextContinuationToken;
        progress.set(key, at);
      }
      progress.delete(key);
      finished.push({ day, tally: at.tally });
    }
    return { finished, error: null };
  }

  async function reconcileSource(entry: RegistryEntry, { now, deadline, log }: { now: Date; deadline: number; log: JobLogger }): Promise<SourceReconcile> {
    const { tenantId, sourceId } = entry;
    const outcome: SourceReconcile = { tenantId, sourceId, daysListed: [], error: null, transitions: [] };
    const source = await deps.repos.sources.get({ tenantId, id: sourceId });
    const bucket = (source?.config as { bucket?: unknown } | undefined)?.bucket;
    if (!source || source.type !== 'teleport_s3' || typeof bucket !== 'string') return outcome;

    const open = (await deps.repos.sourceFindings.openForSource({ tenantId, sourceId, limit: OPEN_FINDINGS_LIMIT }))
      .filter((f) => f.kind === 's3.objects_missing');
    const days = reconcileDays({ now, days: deps.days, openDays: open.map((f) => f.subject) });
    const { finished, error } = await listDays(source, { bucket, days, now, deadline });
    outcome.daysListed = finished.map((d) => d.day);
    if (error) {
      const failed = (failures.get(sourceId) ?? 0) + 1;
      failures.set(sourceId, failed);
      // A position that keeps failing may be what fails (a continuation token S3 no longer takes): start over.
      if (failed >= FAILURES_BEFORE_ERROR) progress.delete(`${sourceId}\u0000${error.day}`);
      outcome.error = error.message;
      const level = failed >= FAILURES_BEFORE_ERROR ? 'error' : 'warn';
      log[level]({ err: error.err, sourceId, bucket, day: error.day, error: error.message, failures: failed }, 's3 reconcile listing failed');
    } else {
      failures.delete(sourceId);
    }

    // Days listed to the end before a failure still count: their tallies are whole.
    const plan = planMissingFindings({ sourceId, days: finished, open, now });
    if (plan.open.length === 0 && plan.resolve.length === 0) return outcome;
    const changed = await deps.repos.sourceFindings.apply({ tenantId, now, eventTypes: [], open: plan.open, resolve: plan.resolve });
    for (const transition of changed.map(toTransition)) {
      outcome.transitions.push(transition);
      try {
        await deps.onTransition(transition);
      } catch (err) {
        log.error({ err, sourceId, kind: transition.kind, subject: transition.subject, state: transition.state }, 'an s3 reconcile finding was recorded but not handed on');
      }
    }
    return outcome;
  }

  /** Reconciles the given sources in turn within one tick's budget; one source's failure never stops the next. */
  async function reconcileEntries(entries: RegistryEntry[], start: number, now: Date, log: JobLogger) {
    const deadline = Date.now() + TICK_BUDGET_MS;
    const results: SourceReconcile[] = [];
    let done = 0;
    for (; done < entries.length && Date.now() < deadline; done++) {
      const entry = entries[(start + done) % entries.length]!;
      const sourceLog = log.child({ tenantId: entry.tenantId, sourceId: entry.sourceId });
      try {
        results.push(await reconcileSource(entry, { now, deadline, log: sourceLog }));
      } catch (err) {
        sourceLog.error({ err }, 's3 reconcile failed for the source; the next run retries');
        results.push({ tenantId: entry.tenantId, sourceId: entry.sourceId, daysListed: [], error: listingError(err), transitions: [] });
      }
    }
    return { results, done };
  }

  return {
    /** Every tenant's S3 sources, starting where the last run ran out of time. */
    runOnce: async (now: Date, log: JobLogger) => {
      const entries = await deps.repos.ingestedObjects.registry();
      const { results, done } = await reconcileEntries(entries, nextEntry, now, log);
      nextEntry = entries.length === 0 ? 0 : (nextEntry + done) % entries.length;
      return { sources: results, moreRemains: done < entries.length };
    },
    /** One tenant's S3 sources only (an operator's "reconcile now"); reads and writes nothing of other tenants. */
    runForTenant: async (tenantId: string, now: Date, log: JobLogger) => {
      const entries = (await deps.repos.ingestedObjects.registry()).filter((e) => e.tenantId === tenantId);
      const { results, done } = await reconcileEntries(entries, 0, now, log);
      return { sources: results, moreRemains: done < entries.length };
    },
  };
}

/** Runs the S3 reconcile every `everyMs` (S3_RECONCILE_INTERVAL_SECONDS) on the maintenance queue. */
export const s3ReconcileJob = ({ everyMs, now = () => new Date(), ...deps }: S3ReconcileDeps & { everyMs: number; now?: () => Date }): RecurringJob<typeof Queues.Maintenance> => {
  const reconciler = createS3Reconciler(deps);
  return {
    queue: Queues.Maintenance,
    name: 's3-reconcile',
    everyMs,
    data: { task: 's3-reconcile' },
    handle: async (_data, log) => {
      const { sources, moreRemains } = await reconciler.runOnce(now(), log);
      const transitions = sources.flatMap((s) => s.transitions);
      const failed = sources.filter((s) => s.error !== null).length;
      if (transitions.length > 0 || failed > 0 || moreRemains) {
        const opened = transitions.filter((t) => t.state === 'open').length;
        log.info({ sources: sources.length, failed, opened, resolved: transitions.length - opened, moreRemains }, 's3 reconcile ran');
      }
    },
  };
};
