import { planRetention, Queues, type TenantCutoffs } from '@tai/core';
import { RETENTION_TABLES, type RetentionRepository, type RetentionTable } from '@tai/db';
import type { RecurringJob } from '../runner/job-runner.js';

// Rows per DELETE: each statement is its own short transaction (well under a second on the events table), so a
// run never holds row locks for long nor builds one huge transaction.
const BATCH_ROWS = 5_000;
// DELETEs per run (a million rows at most); whatever is left waits for the next run, an interval later.
const MAX_STATEMENTS_PER_RUN = 200;
// Each drop takes the events table's lock for a moment; a backlog of old months is worked off over a few runs.
const MAX_PARTITION_DROPS_PER_RUN = 12;

export type RetentionRunSummary = {
  partitionsDropped: string[];
  deleted: Record<RetentionTable, number>;
  tenantsTouched: number;
  statements: number;
  /** rows or partitions past retention are left for the next run (a bound reached, or a drop found the table busy) */
  moreRemains: boolean;
};

type RetentionDeps = {
  retention: Pick<RetentionRepository, 'tenantRetentions' | 'eventPartitions' | 'dropOldestPartition' | 'tablesWithExpiredRows' | 'deleteBatch'>;
  rejectRetentionDays: number;
  objectRecordRetentionDays: number;
  batchRows?: number;
  maxStatements?: number;
  maxPartitionDrops?: number;
  now: Date;
};

/**
 * One retention run: whole partitions past every tenant's retention are dropped first, then every tenant's other
 * rows past its cut-offs are deleted in batches, taking turns (one batch per tenant per round) so that a tenant with
 * a large backlog cannot hold the others back. A tenant's events go before what is derived from them.
 */
export async function applyRetention(
  { retention, rejectRetentionDays, objectRecordRetentionDays, batchRows = BATCH_ROWS, maxStatements = MAX_STATEMENTS_PER_RUN, maxPartitionDrops = MAX_PARTITION_DROPS_PER_RUN, now }: RetentionDeps,
): Promise<RetentionRunSummary> {
  const [tenants, partitions] = await Promise.all([retention.tenantRetentions(), retention.eventPartitions()]);
  const plan = planRetention({ now, tenants, partitions, rejectRetentionDays, objectRecordRetentionDays });
  let moreRemains = false;

  const partitionsDropped: string[] = [];
  if (plan.dropBefore) {
    const drops = Math.min(plan.partitionsToDrop.length, maxPartitionDrops);
    for (let i = 0; i < drops; i++) {
      const dropped = await retention.dropOldestPartition({ before: plan.dropBefore });
      if (dropped === 'busy') moreRemains = true;
      if (dropped === null || dropped === 'busy') break;
      partitionsDropped.push(dropped);
    }
    if (plan.partitionsToDrop.length > maxPartitionDrops) moreRemains = true;
  }

  type Pending = { tenant: TenantCutoffs; tables: RetentionTable[] };
  let pending: Pending[] = [];
  for (const tenant of plan.tenants) {
    const tables = await retention.tablesWithExpiredRows({ tenantId: tenant.tenantId, cutoffs: tenant });
    if (tables.length > 0) pending.push({ tenant, tables });
  }

  const deleted = Object.fromEntries(RETENTION_TABLES.map((t) => [t, 0])) as Record<RetentionTable, number>;
  const touched = new Set<string>();
  let statements = 0;
  while (pending.length > 0 && statements < maxStatements) {
    for (const work of pending) {
      if (statements >= maxStatements) break;
      const table = work.tables[0]!;
      const n = await retention.deleteBatch({ tenantId: work.tenant.tenantId, table, cutoffs: work.tenant, limit: batchRows });
      statements++;
      deleted[table] += n;
      if (n > 0) touched.add(work.tenant.tenantId);
      if (n < batchRows) work.tables.shift();
    }
    pending = pending.filter((work) => work.tables.length > 0);
  }
  if (pending.length > 0) moreRemains = true;

  return { partitionsDropped, deleted, tenantsTouched: touched.size, statements, moreRemains };
}

/**
 * Applies every tenant's retention, and the quarantine's and object records' own. Several workers may schedule it:
 * an advisory lock lets one run at a time, and the others skip their turn.
 */
export const retentionJob = (
  { retention, everyMs, rejectRetentionDays, objectRecordRetentionDays, batchRows, maxStatements, now = () => new Date() }:
    Omit<RetentionDeps, 'now' | 'retention'> & { retention: RetentionDeps['retention'] & Pick<RetentionRepository, 'withRunLock'>; everyMs: number; now?: () => Date },
): RecurringJob<typeof Queues.Maintenance> => ({
  queue: Queues.Maintenance,
  name: 'retention',
  everyMs,
  data: { task: 'retention' },
  handle: async (_data, log) => {
    const outcome = await retention.withRunLock(() =>
      applyRetention({ retention, rejectRetentionDays, objectRecordRetentionDays, batchRows, maxStatements, now: now() }));
    if (!outcome.ran) {
      log.info({}, 'retention skipped: another worker is running it');
      return;
    }
    log.info(outcome.result, 'retention applied');
  },
});
