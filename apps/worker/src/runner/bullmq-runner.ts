import type { QueueName } from '@tai/core';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobLogger, JobRunner, RecurringJob } from './job-runner.js';

// Maintenance jobs are light; one at a time per queue keeps them from competing with ingest for the pool.
const CONCURRENCY = 1;
const RETAIN = { removeOnComplete: { age: 86_400, count: 100 }, removeOnFail: { age: 604_800, count: 1_000 } };

/** BullMQ-backed runner: schedules are upserted by id, so every worker process may declare them safely. */
export function createBullmqRunner({ redisUrl, logger, prefix = 'tai' }: { redisUrl: string; logger: JobLogger; prefix?: string }): JobRunner {
  // BullMQ workers block on Redis and need maxRetriesPerRequest: null.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<QueueName, Queue>();
  const workers: Worker[] = [];
  const handlers = new Map<string, RecurringJob<QueueName>['handle']>();

  const queueFor = (name: QueueName) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queues.set(name, queue);
      const worker = new Worker(name, async (job) => {
        const handle = handlers.get(job.name);
        if (!handle) throw new Error(`no handler for job ${job.name} on queue ${name}`);
        const log = logger.child({ queue: name, job: job.name, jobId: job.id });
        const started = Date.now();
        await handle(job.data, log);
        log.info({ ms: Date.now() - started }, 'job done');
      }, { connection, prefix, concurrency: CONCURRENCY });
      worker.on('failed', (job, err) => logger.error({ err, queue: name, jobId: job?.id }, 'job failed'));
      workers.push(worker);
    }
    return queue;
  };

  return {
    kind: 'bullmq',
    scheduleRecurring: async (job) => {
      handlers.set(job.name, job.handle as RecurringJob<QueueName>['handle']);
      const queue = queueFor(job.queue);
      await queue.upsertJobScheduler(job.name, { every: job.everyMs }, { name: job.name, data: job.data, opts: RETAIN });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await connection.quit();
    },
  };
}
