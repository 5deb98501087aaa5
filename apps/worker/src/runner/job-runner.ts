import type { JobData, QueueName } from '@tai/core';

export type JobLogger = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void; child: (bindings: object) => JobLogger };

export type RecurringJob<Q extends QueueName> = {
  queue: Q;
  /** stable name; also the scheduler id, so restarts do not multiply schedules */
  name: string;
  everyMs: number;
  data: JobData[Q];
  handle: (data: JobData[Q], log: JobLogger) => Promise<void>;
};

/**
 * Where background jobs run: BullMQ when Redis is configured (shared by every worker process, retried,
 * visible), or in this process on timers when it is not (single-node and local use).
 */
export type JobRunner = {
  kind: 'bullmq' | 'in-process';
  scheduleRecurring: <Q extends QueueName>(job: RecurringJob<Q>) => Promise<void>;
  close: () => Promise<void>;
};
