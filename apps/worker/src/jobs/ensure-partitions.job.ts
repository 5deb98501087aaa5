import { Queues } from '@tai/core';
import { upcomingMonths, type Repositories } from '@tai/db';
import type { RecurringJob } from '../runner/job-runner.js';

/** Keeps this month's and the next months' event partitions created ahead of the events that need them. */
export const ensurePartitionsJob = (
  { auditEvents, everyMs, now = () => new Date() }: { auditEvents: Pick<Repositories['auditEvents'], 'ensurePartitions'>; everyMs: number; now?: () => Date },
): RecurringJob<typeof Queues.Maintenance> => ({
  queue: Queues.Maintenance,
  name: 'ensure-partitions',
  everyMs,
  data: { task: 'ensure-partitions' },
  handle: async (_data, log) => {
    const at = now();
    const months = upcomingMonths(at);
    await auditEvents.ensurePartitions(months, at);
    log.info({ months: months.map((m) => m.toISOString().slice(0, 7)) }, 'partitions ensured');
  },
});
