import { Queues, type QueueName } from '@tai/core';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobHandler, JobLogger, JobRunner, RecurringJob } from './job-runner.js';

// Completed jobs are kept briefly (their ids keep duplicate adds out meanwhile); failed ones for a week.
const RETAIN = { removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 604_800, count: 10_000 } };
// Object jobs yield between batches, so the lock is renewed on time; a minute tolerates a slow batch.
const LOCK_DURATION_MS = 60_000;

/** BullMQ-backed runner: schedules are upserted by id, so every worker process may declare them safely. */
export function createBullmqRunner({ redisUrl, logger, prefix = 'tai' }: { redisUrl: string; logger: JobLogger; prefix?: string }): JobRunner {
  // BullMQ workers block on Redis and need maxRetriesPerRequest: null.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<QueueName, Queue>();
  const workers = new Map<QueueName, Worker>();
  const recurring = new Map<string, RecurringJob<QueueName>['handle']>();
  const schedules = new Map<string, RecurringJob<QueueName>>();
  const handlers = new Map<QueueName, JobHandler<QueueName>>();

  const queueFor = (name: QueueName) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queues.set(name, queue);
    }
    return queue;
  };

  const startWorker = (name: QueueName, concurrency: number) => {
    if (workers.has(name)) return;
    const worker = new Worker(name, async (job: Job) => {
      const log = logger.child({ queue: name, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
      const started = Date.now();
      const scheduled = recurring.get(job.name);
      if (scheduled) {
        await scheduled(job.data, log);
        log.debug({ ms: Date.now() - started }, 'job done'); // recurring: successes are not news
        return;
      }
      const handler = handlers.get(name);
      if (!handler) throw new Error(`no handler for queue ${name}`);
      await handler(job.data, { log, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
      log.info({ ms: Date.now() - started }, 'job done');
    }, { connection, prefix, concurrency, lockDuration: LOCK_DURATION_MS });
    worker.on('failed', (job, err) => logger.error({ err, queue: name, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed'));
    workers.set(name, worker);
  };

  const declare = (job: RecurringJob<QueueName>) =>
    queueFor(job.queue).upsertJobScheduler(job.name, { every: job.everyMs }, { name: job.name, data: job.data, opts: RETAIN });

  // A Redis that comes back may have come back empty (restarted without persistence, failed over to a fresh
  // replica): its schedules would be gone, and with them the reconciliation that re-queues the object jobs
  // lost alongside. So every reconnection declares them again, the same upsert every starting worker makes.
  let connectedOnce = false;
  connection.on('ready', () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    for (const job of schedules.values()) {
      declare(job).catch((err: unknown) => logger.error({ err, queue: job.queue, job: job.name }, 'declaring a schedule again after a Redis reconnect failed'));
    }
  });

  return {
    kind: 'bullmq',
    scheduleRecurring: async (job) => {
      recurring.set(job.name, job.handle as RecurringJob<QueueName>['handle']);
      schedules.set(job.name, job as unknown as RecurringJob<QueueName>);
      startWorker(job.queue, 1);
      await declare(job as unknown as RecurringJob<QueueName>);
    },
    process: (queue, handler, { concurrency }) => {
      handlers.set(queue, handler as JobHandler<QueueName>);
      startWorker(queue, concurrency);
    },
    enqueue: async (queue, data, opts) => {
      await queueFor(queue).add(queue, data, {
        jobId: opts.jobId, attempts: opts.attempts, backoff: { type: 'exponential', delay: opts.backoffMs }, ...RETAIN,
      });
    },
    counts: () => Promise.all(Object.values(Queues).map(async (queue) => {
      const c = await queueFor(queue).getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      return { queue, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 };
    })),
    close: async () => {
      await Promise.all([...workers.values()].map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await connection.quit();
    },
  };
}
