import { Queues } from '@tai/core';
import type { Repositories } from '@tai/db';
import type { JobRunner, RecurringJob } from '../runner/job-runner.js';
import { jobIdForObject } from './object-job-id.js';

// A processing object whose row has not moved for this long lost its worker (crash, lost in-process job).
const STALE_AFTER_MS = 5 * 60_000;
const PER_SOURCE_LIMIT = 500;

/**
 * Postgres is the durable record of pending work: this queues every object row that should have a job
 * and may not (manual retries, backfills, jobs lost with a crashed process). Job ids make repeats harmless.
 */
export const reconcileObjectsJob = ({ objects, enqueue, everyMs, job, now = () => new Date() }: {
  objects: Pick<Repositories['ingestedObjects'], 'registry' | 'queuedForReconcile'>;
  enqueue: JobRunner['enqueue'];
  everyMs: number;
  job: { attempts: number; backoffMs: number };
  now?: () => Date;
}): RecurringJob<typeof Queues.Maintenance> => ({
  queue: Queues.Maintenance,
  name: 'requeue-objects',
  everyMs,
  data: { task: 'requeue-objects' },
  handle: async (_data, log) => {
    const staleBefore = new Date(now().getTime() - STALE_AFTER_MS);
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
