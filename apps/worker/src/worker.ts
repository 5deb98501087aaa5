import { createDbClient, createRepositories } from '@tai/db';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config.js';
import { ensurePartitionsJob } from './jobs/ensure-partitions.job.js';
import { createBullmqRunner } from './runner/bullmq-runner.js';
import { createInProcessRunner } from './runner/in-process-runner.js';
import type { JobRunner } from './runner/job-runner.js';

export type RunningWorker = { runner: JobRunner; close: () => Promise<void> };

/** Opens the pool, picks the job runner (BullMQ with Redis, in-process without) and schedules the jobs. */
export async function startWorker({ config, logger }: { config: WorkerConfig; logger: Logger }): Promise<RunningWorker> {
  const client = createDbClient({
    url: config.databaseUrl,
    poolMax: config.databasePoolMax,
    asAppRole: true,
    applicationName: 'teleport-audit-worker',
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  const repos = createRepositories({ client });
  const runner = config.redisUrl
    ? createBullmqRunner({ redisUrl: config.redisUrl, logger })
    : createInProcessRunner({ logger });
  await runner.scheduleRecurring(ensurePartitionsJob({ auditEvents: repos.auditEvents, everyMs: config.maintenanceIntervalSeconds * 1000 }));
  logger.info({ runner: runner.kind }, 'worker started');
  return {
    runner,
    close: async () => {
      await runner.close();
      await client.close();
    },
  };
}
