import type { QueueName } from '@tai/core';
import type { EnqueueOptions, JobHandler, JobLogger, JobRunner } from './job-runner.js';

type Pending = { jobId: string; data: unknown; opts: EnqueueOptions; attempt: number };
type Lane = { handler: JobHandler<QueueName> | null; concurrency: number; running: number; waiting: Pending[]; retrying: number; known: Set<string>; completed: Map<string, number> };

// Like BullMQ's removeOnComplete age: a job id that just completed is not run again for an hour.
const COMPLETED_RETAIN_MS = 3_600_000;
const COMPLETED_MAX = 10_000;

/** Runs jobs in this process: recurring ones on timers (never overlapping), queued ones with bounded concurrency and retries. */
export function createInProcessRunner({ logger }: { logger: JobLogger }): JobRunner {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<void>>();
  const lanes = new Map<QueueName, Lane>();
  let closed = false;

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const laneFor = (queue: QueueName): Lane => {
    let lane = lanes.get(queue);
    if (!lane) {
      lane = { handler: null, concurrency: 1, running: 0, waiting: [], retrying: 0, known: new Set(), completed: new Map() };
      lanes.set(queue, lane);
    }
    return lane;
  };

  function pump(queue: QueueName): void {
    const lane = laneFor(queue);
    while (!closed && lane.handler && lane.running < lane.concurrency && lane.waiting.length > 0) {
      const job = lane.waiting.shift()!;
      lane.running++;
      const log = logger.child({ queue, jobId: job.jobId, attempt: job.attempt });
      const started = Date.now();
      track(lane.handler(job.data as never, { log, attempt: job.attempt, maxAttempts: job.opts.attempts })
        .then(() => {
          lane.known.delete(job.jobId);
          if (lane.completed.size >= COMPLETED_MAX) lane.completed.delete(lane.completed.keys().next().value!);
          lane.completed.set(job.jobId, Date.now() + COMPLETED_RETAIN_MS);
          log.info({ ms: Date.now() - started }, 'job done');
        })
        .catch((err: unknown) => {
          if (job.attempt < job.opts.attempts && !closed) {
            const delay = job.opts.backoffMs * 2 ** (job.attempt - 1);
            log.warn({ err, retryInMs: delay }, 'job failed; will retry');
            lane.retrying++;
            const timer = setTimeout(() => {
              lane.retrying--;
              lane.waiting.push({ ...job, attempt: job.attempt + 1 });
              pump(queue);
            }, delay);
            timer.unref();
            timers.push(timer);
          } else {
            lane.known.delete(job.jobId);
            log.error({ err }, 'job failed; no attempts left');
          }
        })
        .finally(() => {
          lane.running--;
          pump(queue);
        }));
    }
  }

  return {
    kind: 'in-process',
    scheduleRecurring: async (job) => {
      let busy = false;
      const run = () => {
        if (busy || closed) return;
        busy = true;
        const log = logger.child({ queue: job.queue, job: job.name });
        const started = Date.now();
        // Recurring jobs run every few seconds; their successes are not news.
        track(job.handle(job.data, log)
          .then(() => log.debug({ ms: Date.now() - started }, 'job done'))
          .catch((err: unknown) => log.error({ err, ms: Date.now() - started }, 'job failed'))
          .finally(() => { busy = false; }));
      };
      run();
      const timer = setInterval(run, job.everyMs);
      timer.unref();
      timers.push(timer);
    },
    process: (queue, handler, { concurrency }) => {
      const lane = laneFor(queue);
      lane.handler = handler as JobHandler<QueueName>;
      lane.concurrency = concurrency;
      pump(queue);
    },
    enqueue: async (queue, data, opts) => {
      const lane = laneFor(queue);
      if (lane.known.has(opts.jobId)) return;
      const completedUntil = lane.completed.get(opts.jobId);
      if (completedUntil !== undefined && completedUntil > Date.now()) return;
      lane.completed.delete(opts.jobId);
      lane.known.add(opts.jobId);
      lane.waiting.push({ jobId: opts.jobId, data, opts, attempt: 1 });
      pump(queue);
    },
    counts: async () => [...lanes].map(([queue, lane]) => ({ queue, waiting: lane.waiting.length, active: lane.running, delayed: lane.retrying })),
    close: async () => {
      closed = true;
      timers.forEach((t) => clearTimeout(t));
      await Promise.allSettled([...inFlight]);
    },
  };
}
