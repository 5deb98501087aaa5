import type { Metrics } from '@tai/core';
import type { DetectionEvaluationRepository } from '@tai/db';
import type { Logger } from 'pino';
import { wakeableSleep } from './wakeable-sleep.js';
import { createRuleCompiler, evaluateTenantBatch, lagSeconds } from './evaluate-tenant-batch.js';

export type DetectionLoopOptions = {
  repo: DetectionEvaluationRepository;
  pollMs: number;
  /** the pause instead of pollMs after a round that took a tenth of batchEvents or more */
  gatherMs: number;
  batchEvents: number;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
};

const MAX_BACKOFF_MS = 30_000;
const TENANTS_PER_ROUND = 50;
const ENTRIES_PER_BATCH = 1_000;
// How often a tenant's expired rule state (windows long past) is dropped, at most.
const STATE_CLEANUP_MS = 3_600_000;

/**
 * How long the loop waits after a round: not at all while a backlog lasts (a tenant had more waiting than its
 * batch took); gatherMs after a round that took a tenth of a batch or more, as under heavy ingest; else pollMs.
 */
export function pauseAfterRound({ backlog, events }: { backlog: boolean; events: number }, { pollMs, gatherMs, batchEvents }: Pick<DetectionLoopOptions, 'pollMs' | 'gatherMs' | 'batchEvents'>): number {
  if (backlog) return 0;
  return events >= batchEvents / 10 ? Math.max(pollMs, gatherMs) : pollMs;
}

/**
 * Evaluates committed events as they are queued (detection_queue), tenant by tenant, until stop(). Several
 * workers may run it: a tenant's batch takes that tenant's lock, and a worker finding it taken moves on.
 * Unless a round left a backlog it sleeps pollMs, or gatherMs while events arrive in numbers; a database
 * error backs off instead of spinning, and the batch in hand rolls back and is evaluated again later.
 */
export function startDetectionLoop(opts: DetectionLoopOptions) {
  const compile = createRuleCompiler();
  const cleanedAt = new Map<string, number>();
  let stopped = false;
  const { sleep, wake } = wakeableSleep();

  /** One look at every tenant with events waiting: whether some tenant has more waiting than a batch took, and the events taken. */
  const round = async (): Promise<{ backlog: boolean; events: number }> => {
    let backlog = false;
    let events = 0;
    for (const tenantId of await opts.repo.pendingTenants({ limit: TENANTS_PER_ROUND })) {
      if (stopped) break;
      const started = performance.now();
      const now = opts.now();
      const done = await opts.repo.withTenantBatch({ tenantId, maxEntries: ENTRIES_PER_BATCH, maxEvents: opts.batchEvents, now },
        async ({ enqueuedAt, unit }) => ({ outcome: await evaluateTenantBatch({ tenantId, unit, compile, now }), enqueuedAt }));
      if (!done) continue;
      backlog ||= done.more;
      events += done.events;
      const { outcome, enqueuedAt } = done.result;
      const committedAt = opts.now();
      opts.metrics.detections.batch({ events: done.events, lagSeconds: lagSeconds(enqueuedAt, committedAt) });
      for (const severity of outcome.severities.created) opts.metrics.detections.alert({ kind: 'detection', severity, outcome: 'created' });
      for (const severity of outcome.severities.deduplicated) opts.metrics.detections.alert({ kind: 'detection', severity, outcome: 'deduplicated' });
      const log = opts.log.child({ tenantId });
      if ((cleanedAt.get(tenantId) ?? 0) < committedAt.getTime() - STATE_CLEANUP_MS) {
        cleanedAt.set(tenantId, committedAt.getTime());
        await opts.repo.deleteExpiredState({ tenantId, now: committedAt });
      }
      if (outcome.skippedRules.length > 0) log.warn({ rules: outcome.skippedRules }, 'stored rules that no longer validate were skipped');
      if (outcome.firings > 0 || performance.now() - started > 1_000) {
        log.info({ events: done.events, read: outcome.read, firings: outcome.firings, alertsCreated: outcome.alertsCreated, alertsUpdated: outcome.alertsUpdated, deliveries: outcome.deliveries, ms: Math.round(performance.now() - started) }, 'detections evaluated');
      }
    }
    return { backlog, events };
  };

  const loop = (async () => {
    let backoff = opts.pollMs;
    while (!stopped) {
      try {
        // Straight on while a backlog lasts; otherwise a pause, so a steady trickle of commits is evaluated
        // in batches of pollMs worth of events rather than one transaction per commit. Under heavy ingest the
        // pause is gatherMs: a batch has costs of its own (its statements, planning, the commit), and fewer,
        // bigger batches take less of the CPU that ingest shares, for a lag of about gatherMs.
        const pause = pauseAfterRound(await round(), opts);
        backoff = opts.pollMs;
        if (pause > 0) await sleep(pause);
      } catch (err) {
        opts.log.error({ err }, 'detection evaluation failed; its events stay queued');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  })();

  return {
    /** Finishes the batch in hand (its transaction commits or rolls back), then resolves. */
    stop: async () => {
      stopped = true;
      wake();
      await loop;
    },
  };
}
