import type { SkippedRecords } from './notification-types.js';

/** Collapses per-record skip reasons into counts, in first-seen order so results are deterministic. */
export function tallySkips(reasons: readonly string[]): SkippedRecords {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}
