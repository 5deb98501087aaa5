import { createSecretBox } from '@tai/core';
import { createDbClient, createRepositories } from '@tai/db';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config.js';
import { ensurePartitionsJob } from './jobs/ensure-partitions.job.js';
import { createAwsClients } from './s3/aws-clients.js';
import { startS3Ingest } from './s3/s3-ingest.js';
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
  const aws = createAwsClients({ region: config.s3.region, endpoint: config.s3.endpoint, secretBox: config.s3.secretsKey ? createSecretBox(config.s3.secretsKey) : null });
  const s3 = await startS3Ingest({ config: config.s3, repos, runner, aws, log: logger.child({ component: 's3-ingest' }) });
  logger.info({ runner: runner.kind, serviceQueue: config.s3.serviceQueueUrl }, 'worker started');
  return {
    runner,
    close: async () => {
      await s3.stop();
      await runner.close();
      aws.close();
      await client.close();
    },
  };
}
