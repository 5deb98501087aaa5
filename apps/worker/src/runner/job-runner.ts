import type { JobData, JobQueueCounts, QueueName } from '@tai/core';

export type JobLogger = { debug: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void; child: (bindings: object) => JobLogger };

export type JobContext = { log: JobLogger; attempt: number; maxAttempts: number };
export type JobHandler<Q extends QueueName> = (data: JobData[Q], ctx: JobContext) => Promise<void>;

export type RecurringJob<Q extends QueueName> = {
  queue: Q;
  /** stable name; also the scheduler id, so restarts do not multiply schedules */
  name: string;
  everyMs: number;
  data: JobData[Q];
  handle: (data: JobData[Q], log: JobLogger) => Promise<void>;
};

export type EnqueueOptions = {
  /** idempotency: a job with this id that is still waiting or running is not added again */
  jobId: string;
  attempts: number;
  /** first retry delay; each further retry doubles it */
  backoffMs: number;
};

/**
 * Where background jobs run: BullMQ when Redis is configured (shared by every worker process, retried,
 * visible), or in this process (single-node and local use). In-process jobs do not survive a crash;
 * the durable record of pending work is Postgres (ingested_objects rows), which a recurring job re-queues.
 */
export type JobRunner = {
  kind: 'bullmq' | 'in-process';
  scheduleRecurring: <Q extends QueueName>(job: RecurringJob<Q>) => Promise<void>;
  process: <Q extends QueueName>(queue: Q, handler: JobHandler<Q>, opts: { concurrency: number }) => void;
  enqueue: <Q extends QueueName>(queue: Q, data: JobData[Q], opts: EnqueueOptions) => Promise<void>;
  /** jobs waiting, running and waiting out a retry delay, per queue; for metrics */
  counts: () => Promise<JobQueueCounts[]>;
  close: () => Promise<void>;
};
