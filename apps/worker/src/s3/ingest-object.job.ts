import { decodeS3EventKey, normalizeEvent, OBJECT_ERROR_CODES, uuidv7, type JobData, type Metrics, type NormalizedEvent, type Queues } from '@tai/core';
import { refusalReject, type NewIngestReject, type Repositories } from '@tai/db';
import { readObjectRecords, UnreadableObjectError, type ObjectSource } from '../objects/index.js';
import type { JobContext } from '../runner/job-runner.js';
import { classifyReadError } from './read-error-class.js';

export type IngestObjectDeps = {
  repos: Pick<Repositories, 'ingestedObjects' | 'sources' | 'auditEvents' | 'ingestRejects'>;
  openObject: (args: { source: NonNullable<Awaited<ReturnType<Repositories['sources']['get']>>>; bucket: string; key: string; versionId: string | null; size: number | null }) => Promise<ObjectSource>;
  limits: { maxObjectBytes: number; maxEventBytes: number; rejectPayloadMaxBytes: number };
  /** absent where a test runs one object by hand */
  metrics?: Pick<Metrics, 'ingest' | 's3'>;
  now: () => Date;
};

// Rows per insert: large enough to amortise a commit, small enough that a row group never sits in memory twice.
const BATCH_SIZE = 1_000;

const errorName = (err: unknown): string => (err as { name?: string; Code?: string }).name ?? (err as { Code?: string }).Code ?? '';
const isMissing = (err: unknown) => ['NoSuchKey', 'NotFound', 'NoSuchVersion'].includes(errorName(err));

/**
 * Reads one object into the events table, batch by batch, recording progress on its ingested_objects row.
 * A crash or retry re-reads the whole object; the unique index absorbs what was already stored, so nothing
 * is doubled. Missing objects end as `missing`, unreadable ones as `failed` at once, and anything else is
 * retried with backoff until the last attempt marks the object `failed` with its error.
 */
export async function ingestObject(deps: IngestObjectDeps, data: JobData[typeof Queues.S3Object], ctx: JobContext): Promise<void> {
  const { ingestedObjects: objects, sources } = deps.repos;
  const { tenantId, objectId } = data;
  const owner = { tenantId, sourceId: data.sourceId };
  const row = await objects.get({ tenantId, id: objectId });
  if (!row || ['done', 'skipped', 'missing'].includes(row.status)) return;
  const source = await sources.get({ tenantId, id: row.sourceId });
  if (!source) {
    await objects.finish({ tenantId, id: objectId, status: 'failed', error: 'the source was deleted', now: deps.now() });
    deps.metrics?.s3.objectFinished({ status: 'failed', owner });
    return;
  }
  await objects.markProcessing({ tenantId, id: objectId, now: deps.now() });
  await objects.resetCounts({ tenantId, id: objectId, now: deps.now() });
  const log = ctx.log.child({ tenantId, sourceId: source.id, bucket: row.bucket, key: row.key });

  try {
    if (row.size !== null && row.size > deps.limits.maxObjectBytes) {
      throw new UnreadableObjectError({ reason: 'too_large', message: `object of ${row.size} bytes exceeds ${deps.limits.maxObjectBytes}` });
    }
    const object = await openWithKeyFallback(deps, { source, row });
    const defaultClusterName = typeof source.config.clusterName === 'string' ? source.config.clusterName : null;
    let events = 0;
    for await (const batch of readObjectRecords(object, { maxRecordBytes: deps.limits.maxEventBytes, batchSize: BATCH_SIZE, maxObjectBytes: deps.limits.maxObjectBytes })) {
      const receivedAt = deps.now();
      const normalized: NormalizedEvent[] = [];
      const rejects: NewIngestReject[] = batch.bad.map((b) => quarantined(deps, { reason: b.reason, message: b.message, context: `${row.key}: ${b.location}`, bytes: b.bytes }));
      for (const { record, containerTime, forwarderKeys } of batch.records) {
        const result = normalizeEvent(record, { receivedAt, defaultClusterName, forwarderKeys, containerTime });
        if (result.ok) normalized.push(result.event);
        else rejects.push(quarantined(deps, { reason: result.reason, message: result.message, context: row.key, bytes: Buffer.from(JSON.stringify(record)) }));
      }
      // An event Postgres refuses is quarantined like a bad record: it must never fail (and forever retry) the object.
      const started = performance.now();
      const observe = (ok: boolean) => deps.metrics?.ingest.batch({ path: 's3', events: normalized.length, seconds: (performance.now() - started) / 1000, ok });
      const { insertedKeys, refused } = await deps.repos.auditEvents.commitBatch({ tenantId, items: [{ sourceId: source.id, events: normalized }], receivedAt })
        .catch((err: unknown) => {
          observe(false);
          throw err;
        });
      observe(true);
      for (const refusal of refused) {
        const { reasonCode, message } = refusalReject(refusal);
        rejects.push(quarantined(deps, { reason: reasonCode, message, context: row.key, bytes: Buffer.from(JSON.stringify(refusal.event.raw)) }));
      }
      if (rejects.length > 0) await deps.repos.ingestRejects.record({ tenantId, sourceId: source.id, receivedAt, rejects });
      deps.metrics?.ingest.rejects({ path: 's3', owner, reasons: rejects.map((r) => r.reasonCode) });
      const stored = normalized.length - refused.length;
      deps.metrics?.ingest.events({ path: 's3', owner, stored: insertedKeys.size, duplicates: stored - insertedKeys.size });
      await objects.addCounts({
        tenantId, id: objectId, format: batch.format, now: deps.now(),
        counts: { total: stored, inserted: insertedKeys.size, duplicate: stored - insertedKeys.size, bad: rejects.length },
      });
      events += stored;
    }
    await objects.finish({ tenantId, id: objectId, status: 'done', error: null, now: deps.now() });
    deps.metrics?.s3.objectFinished({ status: 'done', owner });
    log.info({ events }, 'object ingested');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (isMissing(err)) {
      await objects.finish({ tenantId, id: objectId, status: 'missing', error: `${errorName(err)}: ${message}`, now: deps.now() });
      deps.metrics?.s3.objectFinished({ status: 'missing', owner });
      return;
    }
    if (err instanceof UnreadableObjectError) {
      await objects.finish({ tenantId, id: objectId, status: 'failed', error: `${err.reason}: ${message}`, errorCode: OBJECT_ERROR_CODES.unreadable, now: deps.now() });
      deps.metrics?.s3.objectFinished({ status: 'failed', owner });
      return;
    }
    const { code, detail } = classifyReadError(err);
    const error = `attempt ${ctx.attempt}/${ctx.maxAttempts}: ${detail}`;
    if (ctx.attempt >= ctx.maxAttempts) {
      await objects.finish({ tenantId, id: objectId, status: 'failed', error, errorCode: code, now: deps.now() });
      deps.metrics?.s3.objectFinished({ status: 'failed', owner });
      return;
    }
    await objects.markRetrying({ tenantId, id: objectId, error, errorCode: code, now: deps.now() });
    deps.metrics?.s3.objectRetried();
    throw err;
  }
}

function quarantined(deps: IngestObjectDeps, { reason, message, context, bytes }: { reason: string; message: string; context: string; bytes: Buffer }): NewIngestReject {
  const cap = deps.limits.rejectPayloadMaxBytes;
  return {
    id: uuidv7(), reasonCode: reason, message: message.replaceAll('\u0000', '\\u0000'), contentType: null, context,
    payload: bytes.subarray(0, cap), payloadSize: bytes.length, payloadTruncated: bytes.length > cap,
  };
}

/**
 * Whether EventBridge form-encodes keys is not documented (s3-ingest.md §4.4): its key is used as given,
 * and if that object does not exist, the form-decoded key is tried once.
 */
async function openWithKeyFallback(deps: IngestObjectDeps, { source, row }: { source: Parameters<IngestObjectDeps['openObject']>[0]['source']; row: { bucket: string; key: string; versionId: string | null; size: number | null; via: string } }) {
  const open = (key: string) => deps.openObject({ source, bucket: row.bucket, key, versionId: row.versionId, size: row.size });
  try {
    return await open(row.key);
  } catch (err) {
    const decoded = decodeS3EventKey(row.key);
    if (row.via !== 'eventbridge' || !isMissing(err) || decoded === row.key) throw err;
    return open(decoded);
  }
}
