/**
 * The queue contract shared by producers (api) and consumers (worker). Payloads carry ids, never blobs.
 * BullMQ rejects ':' in custom job ids, so ids built from these payloads use '-'.
 */
export const Queues = { Maintenance: 'maintenance' } as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

export type JobData = {
  [Queues.Maintenance]: { task: 'ensure-partitions' };
};
