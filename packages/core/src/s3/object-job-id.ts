import { createHash } from 'node:crypto';
import { unquoteETag } from './etag-normalizer.js';

/**
 * A deterministic BullMQ job id for one object version (s3-ingest.md §5.6), so a redelivered
 * notification or a backfill listing adds no second job. BullMQ forbids `:` in custom ids, hence the
 * hex digest. The ETag rather than versionId is hashed because ListObjectsV2 returns ETags too.
 */
export function objectJobId({ sourceId, bucket, key, eTag }: { sourceId: string; bucket: string; key: string; eTag: string }): string {
  const digest = createHash('sha256').update([sourceId, bucket, key, unquoteETag(eTag)].join('\n')).digest('hex');
  return `obj-${digest}`;
}
