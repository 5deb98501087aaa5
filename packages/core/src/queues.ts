/**
 * The queue contract shared by producers (api) and consumers (worker). Payloads carry ids, never blobs.
 * BullMQ rejects ':' in custom job ids, so ids built from these payloads use '-'.
 */
export const Queues = { Maintenance: 'maintenance', S3Object: 's3-object' } as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

export type JobData = {
  [Queues.Maintenance]: { task: 'ensure-partitions' | 'requeue-objects' | 'backfill' | 'retention' | 'completeness' | 's3-reconcile' };
  /** one S3 object to read; bucket, key and ETag live on its ingested_objects row */
  [Queues.S3Object]: { tenantId: string; sourceId: string; objectId: string };
};
