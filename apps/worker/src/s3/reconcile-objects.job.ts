import { Queues } from '@tai/core';
import type { Repositories } from '@tai/db';
import type { JobRunner, RecurringJob } from '../runner/job-runner.js';
import { jobIdForObject } from './object-job-id.js';

const PER_SOURCE_LIMIT = 500;

/**
 * Postgres is the durable record of pending work: this queues every object row that should have a job
 * and may not (manual retries, backfills, jobs lost with a crashed process). Job ids make repeats harmless.
 */
export const reconcileObjectsJob = ({ objects, enqueue, everyMs, staleAfterMs, job, now = () => new Date() }: {
  objects: Pick<Repositories['ingestedObjects'], 'registry' | 'queuedForReconcile'>;
  enqueue: JobRunner['enqueue'];
  everyMs: number;
  /** a queued or processing row unchanged for this long lost its job (a crash, a lost in-process job) */
  staleAfterMs: number;
  job: { attempts: number; backoffMs: number };
  now?: () => Date;
}): RecurringJob<typeof Queues.Maintenance> => ({
  queue: Queues.Maintenance,
  name: 'requeue-objects',
  everyMs,
  data: { task: 'requeue-objects' },
  handle: async (_data, log) => {
    const staleBefore = new Date(now().getTime() - staleAfterMs);
    let queued = 0;
    for (const entry of await objects.registry()) {
      const rows = await objects.queuedForReconcile({ tenantId: entry.tenantId, sourceId: entry.sourceId, staleBefore, limit: PER_SOURCE_LIMIT });
      for (const row of rows) {
        await enqueue(Queues.S3Object, { tenantId: row.tenantId, sourceId: row.sourceId, objectId: row.id }, { jobId: jobIdForObject(row), ...job });
        queued++;
      }
    }
    if (queued > 0) log.info({ queued }, 'objects queued by reconciliation');
  },
});
