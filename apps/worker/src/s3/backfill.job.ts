import { ListObjectsV2Command, type _Object, type S3Client } from '@aws-sdk/client-s3';
import { backfillPrefixes, eventObjectFilter, Queues, unquoteETag, uuidv7, type ObjectFilter } from '@tai/core';
import type { BackfillPageCounts, BackfillPosition, BackfillRunRow, IngestedObjectRow, Repositories, SourceRow } from '@tai/db';
import type { JobLogger, JobRunner, RecurringJob } from '../runner/job-runner.js';
import type { AwsClients } from './aws-clients.js';
import { jobIdForObject } from './object-job-id.js';

// ListObjectsV2's largest page. Each page is one persisted step, so a restart repeats at most one page.
const PAGE_SIZE = 1_000;
// Pages per run per tick: concurrent backfills take turns instead of the first one starving the rest.
const PAGES_PER_RUN = 10;
// A tick starts no page after this; the maintenance queue it shares (partitions, reconciliation) keeps moving.
const TICK_BUDGET_MS = 30_000;
// Failed listings in a row before the run fails. Each was already retried by the SDK, and ticks are seconds
// apart, so a transient outage or an IAM fix made meanwhile does not lose the run.
const MAX_FAILURES = 5;

export type BackfillDeps = {
  repos: Pick<Repositories, 'backfillRuns' | 'ingestedObjects' | 'sources'>;
  aws: Pick<AwsClients, 's3For'>;
  enqueue: JobRunner['enqueue'];
  job: { attempts: number; backoffMs: number };
  now: () => Date;
  pageSize?: number;
};

/** What handing listed objects off needs: the object records and the queue. */
export type HandOffDeps = { repos: Pick<Repositories, 'ingestedObjects'>; enqueue: JobRunner['enqueue']; job: { attempts: number; backoffMs: number } };

export const sourcePrefix = (source: SourceRow): string | null => {
  const prefix = (source.config as { prefix?: unknown }).prefix;
  return typeof prefix === 'string' && prefix !== '' ? prefix : null;
};

/** One ListObjectsV2 page of a prefix ('' is the whole bucket), as backfills and the periodic reconcile list. */
export const listPage = (s3: S3Client, { bucket, prefix, token, pageSize = PAGE_SIZE }: { bucket: string; prefix: string; token: string | null; pageSize?: number | undefined }) =>
  s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token ?? undefined, MaxKeys: pageSize }));

/** A failed S3 call as a run records it: the SDK's error name (AccessDenied, SlowDown, NoSuchBucket) and message. */
export const listingError = (err: unknown): string => `${(err as { name?: string }).name ?? 'Error'}: ${err instanceof Error ? err.message : String(err)}`;

/** A listed event object after hand-off: its row as it was found, whether this hand-off created it, whether it queued it. */
export type HandedObject = { key: string; etag: string; size: number | null; row: IngestedObjectRow; registered: boolean; queued: boolean };

/**
 * Registers one listed page exactly as a notification would (same identity, same job id), queueing only
 * objects not read yet. Keys the filter rejects are counted, not registered: a whole-bucket listing would
 * otherwise add a row for every session recording. `retryFailed: false` leaves failed objects failed.
 */
export async function handOffPage(deps: HandOffDeps, { source, bucket, filter, objects, retryFailed = true }: { source: SourceRow; bucket: string; filter: ObjectFilter; objects: _Object[]; retryFailed?: boolean }): Promise<{ counts: BackfillPageCounts; handed: HandedObject[] }> {
  const counts = { listed: objects.length, queued: 0, skipped: 0 };
  const handed: HandedObject[] = [];
  for (const object of objects) {
    if (!object.Key || !filter(object.Key).ingest) {
      counts.skipped++;
      continue;
    }
    const identity = { bucket, key: object.Key, etag: unquoteETag(object.ETag ?? ''), versionId: null, size: object.Size ?? null };
    const id = uuidv7();
    const { row, needsWork } = await deps.repos.ingestedObjects.upsertSeen({
      tenantId: source.tenantId, sourceId: source.id, id, object: identity, via: 'backfill', sqsMessageId: null,
    });
    // The insert does nothing on a known identity, so the row carries our fresh id only when this call created it.
    const entry = { key: identity.key, etag: identity.etag, size: identity.size, row, registered: row.id === id, queued: false };
    handed.push(entry);
    if (!needsWork || (!retryFailed && row.status === 'failed')) {
      counts.skipped++;
      continue;
    }
    // A failed object gets a fresh attempt, as a manual retry would: a new job id, since the failed job
    // may still be kept by the queue and would swallow an add under its old id.
    const target = row.status === 'failed'
      ? (await deps.repos.ingestedObjects.requeue({ tenantId: source.tenantId, id: row.id, now: new Date() })) ?? row
      : row;
    await deps.enqueue(Queues.S3Object, { tenantId: source.tenantId, sourceId: source.id, objectId: target.id }, { jobId: jobIdForObject(target), ...deps.job });
    counts.queued++;
    entry.queued = true;
  }
  return { counts, handed };
}

/** After this page: the next page of the same prefix, else the next prefix, else null (finished). */
function nextPosition(prefixes: string[], index: number, token: string | undefined): BackfillPosition | null {
  if (token) return { prefix: prefixes[index]!, token };
  return index + 1 < prefixes.length ? { prefix: prefixes[index + 1]!, token: null } : null;
}

/**
 * Where listing resumes: the saved position, or the first prefix when there is none or when it names a prefix
 * the run no longer has (the source's prefix was edited since), which starts the listing over.
 */
function resumeFrom(prefixes: string[], at: BackfillPosition | null): { index: number; token: string | null } {
  const index = at ? prefixes.indexOf(at.prefix) : -1;
  return at && index >= 0 ? { index, token: at.token } : { index: 0, token: null };
}

/** Lists up to PAGES_PER_RUN pages of one run from where it stopped, persisting the position after each page. */
async function advanceRun(deps: BackfillDeps, run: BackfillRunRow, { deadline, log }: { deadline: number; log: JobLogger }) {
  const { backfillRuns: runs } = deps.repos;
  const source = await deps.repos.sources.get({ tenantId: run.tenantId, id: run.sourceId });
  const bucket = (source?.config as { bucket?: unknown } | undefined)?.bucket;
  if (!source || source.type !== 'teleport_s3' || typeof bucket !== 'string') {
    await runs.fail({ tenantId: run.tenantId, id: run.id, error: 'the source is gone or no longer an S3 source', now: deps.now() });
    return;
  }
  const prefix = sourcePrefix(source);
  const prefixes = backfillPrefixes({ sourcePrefix: prefix, scope: { from: run.fromDate, to: run.toDate, prefix: run.prefix } });
  if (prefixes.length === 0) {
    await runs.fail({ tenantId: run.tenantId, id: run.id, error: 'the run names no prefix to list', now: deps.now() });
    return;
  }
  const filter = eventObjectFilter({ prefix });
  const s3 = deps.aws.s3For(source);
  let at = run.continuation;
  let { index, token } = resumeFrom(prefixes, at);

  for (let pages = 0; pages < PAGES_PER_RUN && Date.now() < deadline; pages++) {
    let listed;
    try {
      listed = await listPage(s3, { bucket, prefix: prefixes[index]!, token, pageSize: deps.pageSize });
    } catch (err) {
      const error = listingError(err);
      const updated = await runs.recordFailure({ tenantId: run.tenantId, id: run.id, error, maxFailures: MAX_FAILURES, now: deps.now() });
      log.warn({ err, runId: run.id, failures: updated?.failures, status: updated?.status }, 'backfill listing failed');
      return;
    }
    const { counts } = await handOffPage(deps, { source, bucket, filter, objects: listed.Contents ?? [] });
    const next = nextPosition(prefixes, index, listed.NextContinuationToken);
    if (!(await runs.advance({ tenantId: run.tenantId, id: run.id, at, next, counts, now: deps.now() }))) {
      log.info({ runId: run.id }, 'backfill run moved on elsewhere; leaving it');
      return;
    }
    if (next === null) {
      log.info({ runId: run.id, sourceId: source.id }, 'backfill listed everything');
      return;
    }
    at = next;
    ({ index, token } = resumeFrom(prefixes, next));
  }
}

/**
 * Drives backfill runs: every tick, each tenant with S3 sources has its queued runs started and its
 * listing runs advanced. Postgres holds the position, so any worker (or a restarted one) picks up where
 * the last stopped, and ingested_objects plus job ids keep a repeated page from queueing anything twice.
 */
export const backfillJob = ({ everyMs = 5_000, ...deps }: BackfillDeps & { everyMs?: number }): RecurringJob<typeof Queues.Maintenance> => ({
  queue: Queues.Maintenance,
  name: 'backfill',
  everyMs,
  data: { task: 'backfill' },
  handle: async (_data, log) => {
    const deadline = Date.now() + TICK_BUDGET_MS;
    const tenants = new Set((await deps.repos.ingestedObjects.registry()).map((e) => e.tenantId));
    for (const tenantId of tenants) {
      for (const run of await deps.repos.backfillRuns.claimActive({ tenantId, now: deps.now() })) {
        if (Date.now() >= deadline) return;
        await advanceRun(deps, run, { deadline, log: log.child({ tenantId }) });
      }
    }
  },
});
