import { classifyNotification, eventObjectFilter, Queues, uuidv7, type Metrics, type ObjectRef } from '@tai/core';
import type { Repositories, SourceRow } from '@tai/db';
import type { JobLogger, JobRunner } from '../runner/job-runner.js';
import { jobIdForObject } from './object-job-id.js';
import type { MessageVerdict, ReceivedMessage } from './sqs-poller.js';

export type RouteDeps = {
  objects: Pick<Repositories['ingestedObjects'], 'findSourcesByBucket' | 'recordUnrouted' | 'upsertSeen'>;
  sources: Pick<Repositories['sources'], 'get'>;
  rejects: Pick<Repositories['ingestRejects'], 'record'>;
  enqueue: JobRunner['enqueue'];
  job: { attempts: number; backoffMs: number };
  maxReceiveCount: number;
  rejectPayloadMaxBytes: number;
  now: () => Date;
  log: JobLogger;
  metrics: { ingest: Pick<Metrics['ingest'], 'rejects'>; s3: Pick<Metrics['s3'], 'objectFinished'> };
};

/** The queue a message came from: the service's shared queue, or one customer-owned queue of one source. */
export type QueueOwner = { kind: 'service' } | { kind: 'source'; tenantId: string; sourceId: string };

const sourcePrefix = (source: SourceRow): string | null => {
  const prefix = (source.config as { prefix?: unknown }).prefix;
  return typeof prefix === 'string' && prefix !== '' ? prefix : null;
};

/** Registers the object on each source that watches it and queues a read job where work remains. */
async function handOff(deps: RouteDeps, { object, sources, message }: { object: ObjectRef; sources: SourceRow[]; message: ReceivedMessage }) {
  for (const source of sources) {
    const verdict = eventObjectFilter({ prefix: sourcePrefix(source) })(object.key);
    const identity = { bucket: object.bucket, key: object.key, etag: object.eTag ?? '', versionId: object.versionId, size: object.size };
    const { row, needsWork } = await deps.objects.upsertSeen({
      tenantId: source.tenantId, sourceId: source.id, id: uuidv7(), object: identity, via: object.via, sqsMessageId: message.messageId,
      ...(verdict.ingest ? {} : { status: 'skipped' as const, lastError: verdict.reason }),
    });
    if (!verdict.ingest) deps.metrics.s3.objectFinished({ status: 'skipped', owner: { tenantId: source.tenantId, sourceId: source.id } });
    if (!verdict.ingest || !needsWork) continue;
    await deps.enqueue(Queues.S3Object, { tenantId: source.tenantId, sourceId: source.id, objectId: row.id }, {
      jobId: jobIdForObject(row),
      ...deps.job,
    });
  }
}

/**
 * One SQS message: classify it, route each object to the sources watching its bucket, register and queue
 * them, and only then let the poller delete the message. Anything that fails before that keeps the message
 * (redelivery is harmless: registration and job ids are idempotent).
 */
export async function routeNotification(deps: RouteDeps, { message, owner, hasRedrivePolicy }: { message: ReceivedMessage; owner: QueueOwner; hasRedrivePolicy: boolean }): Promise<MessageVerdict> {
  const classified = classifyNotification(message.body);
  const log = deps.log.child({ messageId: message.messageId });
  switch (classified.kind) {
    case 'test-event':
      log.info({ bucket: classified.bucket }, 's3:TestEvent received; notifications are wired');
      return 'delete';
    case 'subscription-confirmation':
      log.warn({}, 'SNS subscription confirmation on the ingest queue; confirm the subscription in SNS');
      return 'delete';
    case 'poison': {
      // Keep it for a few receives (a partial write or a transient mix-up heals), then quarantine it.
      // With a redrive policy the queue's dead-letter queue takes it instead.
      if (hasRedrivePolicy || message.receiveCount < deps.maxReceiveCount) {
        log.warn({ reason: classified.reason, receiveCount: message.receiveCount }, 'unreadable notification left on the queue');
        return 'keep';
      }
      if (owner.kind === 'source') {
        const bytes = Buffer.from(message.body);
        await deps.rejects.record({
          tenantId: owner.tenantId, sourceId: owner.sourceId, receivedAt: deps.now(),
          rejects: [{ id: uuidv7(), reasonCode: 'notification.unreadable', message: classified.reason, contentType: 'application/json', context: `sqs message ${message.messageId}`, payload: bytes.subarray(0, deps.rejectPayloadMaxBytes), payloadSize: bytes.length, payloadTruncated: bytes.length > deps.rejectPayloadMaxBytes }],
        });
        deps.metrics.ingest.rejects({ path: 's3', owner, reasons: ['notification.unreadable'] });
      } else {
        deps.metrics.ingest.rejects({ path: 's3', owner: null, reasons: ['notification.unreadable'] });
        log.error({ reason: classified.reason, body: message.body.slice(0, 2_000) }, 'unreadable notification on the shared queue deleted');
      }
      return 'delete';
    }
    case 'objects':
      for (const skipped of classified.skipped) log.info({ reason: skipped.reason, count: skipped.count }, 'notification records skipped');
      for (const object of classified.objects) {
        let sources: SourceRow[];
        if (owner.kind === 'source') {
          const source = await deps.sources.get({ tenantId: owner.tenantId, id: owner.sourceId });
          sources = source && (source.config as { bucket?: string }).bucket === object.bucket ? [source] : [];
        } else {
          sources = await deps.objects.findSourcesByBucket({ bucket: object.bucket });
        }
        if (sources.length === 0) {
          log.warn({ bucket: object.bucket, key: object.key }, 'notification for a bucket no source watches; dropped');
          await deps.objects.recordUnrouted({ bucket: object.bucket, key: object.key });
          continue;
        }
        await handOff(deps, { object, sources, message });
      }
      return 'delete';
  }
}
