import { createMetrics, createSecretBox, type Metrics } from '@tai/core';
import { createDbClient, createRepositories } from '@tai/db';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config.js';
import { ensurePartitionsJob } from './jobs/ensure-partitions.job.js';
import { retentionJob } from './jobs/retention.job.js';
import { completenessJob } from './jobs/completeness.job.js';
import { createAwsClients } from './s3/aws-clients.js';
import { startS3Ingest } from './s3/s3-ingest.js';
import { s3ReconcileJob } from './s3/s3-reconcile.job.js';
import { createBullmqRunner } from './runner/bullmq-runner.js';
import { createInProcessRunner } from './runner/in-process-runner.js';
import type { JobRunner } from './runner/job-runner.js';
import { startMetricsServer } from './metrics-server.js';
import { startDeliveryLoop } from './detections/delivery-loop.js';
import { startDetectionLoop } from './detections/detection-loop.js';
import { monitorFindingHandler } from './detections/monitor-alerts.js';

export type RunningWorker = { runner: JobRunner; /** null: METRICS_PORT=off */ metricsUrl: string | null; close: () => Promise<void> };

/**
 * Opens the pool, picks the job runner (BullMQ with Redis, in-process without), schedules the jobs and serves
 * /metrics on METRICS_PORT. Without `metrics` (the worker-only process) it keeps a registry of its own.
 */
export async function startWorker({ config, logger, metrics = createMetrics({ tenantLabels: config.metrics.tenantLabels, processMetrics: true }) }: { config: WorkerConfig; logger: Logger; metrics?: Metrics }): Promise<RunningWorker> {
  // First, so a port in use stops start-up before anything else is open.
  const { port, host, token } = config.metrics;
  const metricsServer = port === null ? null : await startMetricsServer({ host, port, token, metrics, log: logger });
  const client = createDbClient({
    url: config.databaseUrl,
    poolMax: config.databasePoolMax,
    asAppRole: true,
    applicationName: 'teleport-audit-worker',
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  // Connections that are not the app role (a pooler dropped the start-up option) stop start-up, not run the jobs.
  try {
    await client.assertAppRole();
  } catch (err) {
    await Promise.all([client.close(), metricsServer?.close()]);
    throw err;
  }
  const repos = createRepositories({ client });
  const unwatch = [metrics.watch.dbPool('worker', client.pool)];
  const runner = config.redisUrl
    ? createBullmqRunner({ redisUrl: config.redisUrl, logger })
    : createInProcessRunner({ logger });
  unwatch.push(metrics.watch.jobQueues(runner.counts));
  unwatch.push(metrics.watch.detectionBacklog(() => repos.detectionEvaluation.backlog()));
  await runner.scheduleRecurring(ensurePartitionsJob({ auditEvents: repos.auditEvents, everyMs: config.maintenanceIntervalSeconds * 1000 }));
  await runner.scheduleRecurring(retentionJob({
    retention: repos.retention, everyMs: config.retention.intervalSeconds * 1000,
    rejectRetentionDays: config.retention.rejectRetentionDays, objectRecordRetentionDays: config.retention.objectRecordRetentionDays,
  }));
  // Each finding opened or resolved becomes (or resolves) a monitor alert, delivered like a detection's.
  const onFinding = monitorFindingHandler({ repo: repos.detectionEvaluation, log: logger.child({ component: 'completeness' }), metrics, now: () => new Date() });
  await runner.scheduleRecurring(completenessJob({ findings: repos.sourceFindings, onTransition: onFinding }));
  const secretBox = config.s3.secretsKey ? createSecretBox(config.s3.secretsKey) : null;
  const aws = createAwsClients({ region: config.s3.region, endpoint: config.s3.endpoint, stsEndpoint: config.s3.stsEndpoint, secretBox });
  const s3 = await startS3Ingest({ config: config.s3, repos, runner, aws, log: logger.child({ component: 's3-ingest' }), metrics });
  await runner.scheduleRecurring(s3ReconcileJob({
    repos, aws, enqueue: runner.enqueue, job: { attempts: config.s3.objectAttempts, backoffMs: config.s3.retryDelayMs },
    days: config.s3Reconcile.days, everyMs: config.s3Reconcile.intervalSeconds * 1000, onTransition: onFinding,
  }));
  const detections = startDetectionLoop({
    repo: repos.detectionEvaluation, pollMs: config.detections.pollMs, gatherMs: config.detections.gatherMs, batchEvents: config.detections.batchEvents,
    log: logger.child({ component: 'detections' }), metrics, now: () => new Date(),
  });
  const deliveries = startDeliveryLoop({
    repo: repos.destinations, secretBox, pollMs: config.detections.deliveryPollMs, timeoutMs: config.detections.deliveryTimeoutMs,
    publicUrl: config.detections.publicUrl, allowPrivateNetworks: config.detections.allowPrivateNetworks, log: logger.child({ component: 'alert-delivery' }), metrics, now: () => new Date(),
  });
  logger.info({ runner: runner.kind, serviceQueue: config.s3.serviceQueueUrl, metrics: metricsServer?.url ?? 'off' }, 'worker started');
  return {
    runner,
    metricsUrl: metricsServer?.url ?? null,
    close: async () => {
      await metricsServer?.close();
      await s3.stop();
      await detections.stop();
      await deliveries.stop();
      await runner.close();
      aws.close();
      unwatch.forEach((stop) => stop());
      await client.close();
    },
  };
}
