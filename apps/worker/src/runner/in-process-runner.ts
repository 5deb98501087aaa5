import type { JobLogger, JobRunner } from './job-runner.js';

/** Runs recurring jobs on timers in this process: once at start, then every interval, never overlapping. */
export function createInProcessRunner({ logger }: { logger: JobLogger }): JobRunner {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();

  return {
    kind: 'in-process',
    scheduleRecurring: async (job) => {
      let busy = false;
      const run = () => {
        if (busy) return;
        busy = true;
        const log = logger.child({ queue: job.queue, job: job.name });
        const started = Date.now();
        const p = job.handle(job.data, log)
          .then(() => log.info({ ms: Date.now() - started }, 'job done'))
          .catch((err: unknown) => log.error({ err, ms: Date.now() - started }, 'job failed'))
          .finally(() => {
            busy = false;
            running.delete(p);
          });
        running.add(p);
      };
      run();
      const timer = setInterval(run, job.everyMs);
      timer.unref();
      timers.push(timer);
    },
    close: async () => {
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}
