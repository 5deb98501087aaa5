export type PartitionMonth = { key: string; start: Date };

// Monthly partitions are made for 2000 up to a few months ahead; Go zero times, clocks set to 2099 and other
// outliers land in the DEFAULT partition instead of creating hundreds of near-empty tables.
const EARLIEST_PARTITION_YEAR = 2000;
const MONTHS_AHEAD = 3;

export const monthKey = (d: Date): string => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/** The distinct UTC months of these instants that deserve their own partition, in ascending order. */
export function partitionMonthsToEnsure(instants: Date[], now: Date): PartitionMonth[] {
  const latest = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + MONTHS_AHEAD + 1, 1);
  const earliest = Date.UTC(EARLIEST_PARTITION_YEAR, 0, 1);
  const months = new Map<string, PartitionMonth>();
  for (const instant of instants) {
    const t = instant.getTime();
    if (!(t >= earliest && t < latest)) continue;
    const start = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), 1));
    months.set(monthKey(start), { key: monthKey(start), start });
  }
  return [...months.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The current month and the next MONTHS_AHEAD, which the maintenance job keeps created in advance. */
export function upcomingMonths(now: Date): Date[] {
  return Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)));
}
