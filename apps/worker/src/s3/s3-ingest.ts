import type { SQSClient } from '@aws-sdk/client-sqs';
import { createMetrics, Queues, type Metrics } from '@tai/core';
import type { Repositories } from '@tai/db';
import type { S3IngestConfig } from '../config.js';
import type { JobLogger, JobRunner } from '../runner/job-runner.js';
import type { AwsClients } from './aws-clients.js';
import { backfillJob } from './backfill.job.js';
import { ingestObject } from './ingest-object.job.js';
import { reconcileObjectsJob } from './reconcile-objects.job.js';
import { routeNotification, type QueueOwner } from './route-notification.js';
import { openS3Object } from './s3-object-source.js';
import { createSqsPoller } from './sqs-poller.js';

// How often customer-owned queues are looked up again (new or removed sources).
const QUEUE_REFRESH_MS = 60_000;
const RECONCILE_EVERY_MS = 10_000;

/**
 * The S3 ingest path of a worker: one poller for the service's shared queue (when configured) and one
 * per customer-owned queue, the object jobs, the reconciliation that re-queues pending objects, and backfills.
 */
export async function startS3Ingest({ config, repos, runner, aws, log, metrics = createMetrics(), now = () => new Date() }: {
  config: S3IngestConfig;
  repos: Repositories;
  runner: JobRunner;
  aws: AwsClients;
  log: JobLogger;
  /** the worker's metrics; a registry of its own when a test starts this alone */
  metrics?: Metrics;
  now?: () => Date;
}) {
  const job = { attempts: config.objectAttempts, backoffMs: config.retryDelayMs };
  runner.process(Queues.S3Object, async (data, ctx) => {
    const ended = metrics.s3.objectStarted();
    try {
      await ingestObject({
        repos,
        openObject: ({ source, bucket, key, versionId }) => openS3Object(aws.s3For(source), { bucket, key, versionId }),
        limits: config,
        metrics,
        now,
      }, data, ctx);
    } finally {
      ended();
    }
  }, { concurrency: config.objectConcurrency });
  await runner.scheduleRecurring(reconcileObjectsJob({ objects: repos.ingestedObjects, enqueue: runner.enqueue, everyMs: RECONCILE_EVERY_MS, staleAfterMs: config.staleObjectMs, job, now }));
  await runner.scheduleRecurring(backfillJob({ repos, aws, enqueue: runner.enqueue, job, now }));

  const pollers = new Map<string, ReturnType<typeof createSqsPoller>>();
  const startPoller = (queueUrl: string, owner: QueueOwner, sqs: SQSClient) => {
    const pollerLog = log.child({ queueUrl, ...(owner.kind === 'source' ? { tenantId: owner.tenantId, sourceId: owner.sourceId } : {}) });
    const poller = createSqsPoller({
      sqs, queueUrl, waitSeconds: config.waitSeconds, visibilityTimeoutSeconds: config.visibilityTimeoutSeconds, log: pollerLog,
      metrics: metrics.sqs.poller(owner.kind), now,
      handle: (message, queue) => routeNotification({
        objects: repos.ingestedObjects, sources: repos.sources, rejects: repos.ingestRejects, enqueue: runner.enqueue, job,
        maxReceiveCount: config.maxReceiveCount, rejectPayloadMaxBytes: config.rejectPayloadMaxBytes, now, log: pollerLog, metrics,
      }, { message, owner, hasRedrivePolicy: queue.hasRedrivePolicy }),
    });
    poller.start();
    pollers.set(queueUrl, poller);
  };
  if (config.serviceQueueUrl) startPoller(config.serviceQueueUrl, { kind: 'service' }, aws.sqs(config.serviceQueueUrl));

  const refreshCustomerQueues = async () => {
    const wanted = new Map((await repos.ingestedObjects.registry()).filter((e) => e.queueUrl).map((e) => [e.queueUrl!, e]));
    for (const [queueUrl, entry] of wanted) {
      if (pollers.has(queueUrl)) continue;
      const source = await repos.sources.get({ tenantId: entry.tenantId, id: entry.sourceId });
      if (source) startPoller(queueUrl, { kind: 'source', tenantId: entry.tenantId, sourceId: entry.sourceId }, aws.sqsFor(source, queueUrl));
    }
    for (const [queueUrl, poller] of pollers) {
      if (queueUrl !== config.serviceQueueUrl && !wanted.has(queueUrl)) {
        pollers.delete(queueUrl);
        await poller.stop();
      }
    }
  };
  await refreshCustomerQueues();
  const timer = setInterval(() => void refreshCustomerQueues().catch((err: unknown) => log.error({ err }, 'refreshing customer queues failed')), QUEUE_REFRESH_MS);
  timer.unref();

  return {
    /** stops receiving; jobs in flight are finished by the runner's close */
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...pollers.values()].map((p) => p.stop()));
    },
  };
}
