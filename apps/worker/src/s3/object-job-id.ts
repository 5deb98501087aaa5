import { objectJobId } from '@tai/core';
import type { IngestedObjectRow } from '@tai/db';

/**
 * The object's job id: stable for the same object version (so duplicate notifications and backfills add
 * nothing), and new after each manual retry (so a retry is not ignored as the failed job BullMQ still keeps).
 */
export const jobIdForObject = (row: Pick<IngestedObjectRow, 'sourceId' | 'bucket' | 'key' | 'etag' | 'requeues'>): string => {
  const base = objectJobId({ sourceId: row.sourceId, bucket: row.bucket, key: row.key, eTag: row.etag });
  return row.requeues > 0 ? `${base}-r${row.requeues}` : base;
};
