import type { Condition, MicroTime, TimeRange } from '@tai/core';

/** The columns event_rollup_hourly keeps; a query naming only these can be counted from it. */
const ROLLUP_COLUMNS = new Set(['event_type', 'event_code', 'cluster_name', 'source_id', 'success']);

/** Whether a condition reads only rollup columns (no free text, no raw paths, no other fields). */
export function isRollupCondition(condition: Condition | null): boolean {
  if (!condition) return true;
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.items.every(isRollupCondition);
    case 'not':
      return isRollupCondition(condition.item);
    case 'field':
      return condition.field.columns.every((c) => ROLLUP_COLUMNS.has(c));
    default:
      return false;
  }
}

const HOUR_MS = 3_600_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}000Z` as MicroTime;

/**
 * A time range split into the whole hours the rollup can count and the partial hours at either end that
 * must be counted from the events. An open end (null) needs no edge: the rollup holds every hour.
 */
export function splitByHours(range: TimeRange): { hours: TimeRange | null; edges: TimeRange[] } {
  // A from inside a millisecond (microseconds past it) starts after that millisecond's hour boundary.
  const firstHour = range.from === null ? null : Math.ceil((Date.parse(range.from) + (range.from.slice(23, 26) === '000' ? 0 : 1)) / HOUR_MS) * HOUR_MS;
  const lastHour = range.to === null ? null : Math.floor(Date.parse(range.to) / HOUR_MS) * HOUR_MS;
  if (firstHour !== null && lastHour !== null && firstHour >= lastHour) return { hours: null, edges: [range] };
  const edges: TimeRange[] = [];
  if (firstHour !== null && range.from! < iso(firstHour)) edges.push({ from: range.from, to: iso(firstHour) });
  if (lastHour !== null && iso(lastHour) < range.to!) edges.push({ from: iso(lastHour), to: range.to });
  return { hours: { from: firstHour === null ? null : iso(firstHour), to: lastHour === null ? null : iso(lastHour) }, edges };
}
