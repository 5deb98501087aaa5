const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How long a tenant keeps its events, in days: the default, and what PATCH /v1/tenant/settings accepts. */
export const TENANT_RETENTION_DAYS = { fallback: 365, min: 1, max: 3650 } as const;

export type TenantRetention = { tenantId: string; retentionDays: number };
/** A monthly partition of the events table and its range [from, to); the DEFAULT partition has none. */
export type EventPartition = { name: string; from: Date; to: Date };

export type TenantCutoffs = {
  tenantId: string;
  /**
   * events, and the rollups, request links and session summaries derived from them, before this go; so do
   * resolved alerts resolved and last seen before it (with their event links, deliveries and notes)
   */
  eventsBefore: Date;
  /** quarantined input before this goes: the shorter of the tenant's retention and the quarantine's own */
  rejectsBefore: Date;
  /** S3 object records in a final state, last changed before this, go */
  objectsBefore: Date;
};

export type RetentionPlan = {
  /** now minus the longest retention of any tenant; null without tenants, and then nothing is dropped */
  dropBefore: Date | null;
  /** partitions wholly before dropBefore, oldest first: every row in them is past every tenant's retention */
  partitionsToDrop: EventPartition[];
  /** every tenant, shortest retention first: the rows left past their cut-off are deleted in batches */
  tenants: TenantCutoffs[];
};

// Cut-offs fall on whole UTC hours: an hourly rollup row then goes exactly when all the events it counts go.
const hourBefore = (now: Date, days: number) => new Date(Math.floor((now.getTime() - days * DAY_MS) / HOUR_MS) * HOUR_MS);

/**
 * What one retention run may remove at `now`. Whole partitions go only once every tenant's retention has passed
 * them; each tenant's remaining rows past its own retention (in the partial month, the DEFAULT partition, or
 * anywhere for a tenant with a shorter retention than the longest) are deleted row by row.
 */
export function planRetention({ now, tenants, partitions, rejectRetentionDays, objectRecordRetentionDays }: {
  now: Date;
  tenants: TenantRetention[];
  partitions: EventPartition[];
  rejectRetentionDays: number;
  objectRecordRetentionDays: number;
}): RetentionPlan {
  const longest = Math.max(...tenants.map((t) => t.retentionDays));
  const dropBefore = tenants.length > 0 ? hourBefore(now, longest) : null;
  const partitionsToDrop = dropBefore === null ? [] : partitions
    .filter((p) => p.to.getTime() <= dropBefore.getTime())
    .sort((a, b) => a.to.getTime() - b.to.getTime());
  const objectsBefore = hourBefore(now, objectRecordRetentionDays);
  return {
    dropBefore,
    partitionsToDrop,
    tenants: [...tenants]
      .sort((a, b) => a.retentionDays - b.retentionDays || a.tenantId.localeCompare(b.tenantId))
      .map((t) => ({
        tenantId: t.tenantId,
        eventsBefore: hourBefore(now, t.retentionDays),
        rejectsBefore: hourBefore(now, Math.min(t.retentionDays, rejectRetentionDays)),
        objectsBefore,
      })),
  };
}
