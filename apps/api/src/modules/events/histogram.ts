import { errors, microTimeOf, type MicroTime } from '@tai/core';
import type { Counted } from '@tai/db';

const NAMED: Record<string, number> = { '1m': 60, '5m': 300, '15m': 900, '30m': 1_800, '1h': 3_600, '3h': 10_800, '6h': 21_600, '12h': 43_200, '1d': 86_400, '7d': 604_800 };
export const INTERVALS = Object.keys(NAMED);
const MAX_BUCKETS = 2_000;
const AUTO_TARGET = 120;

/** Bucket width in seconds: a named interval, or for `auto` the smallest that gives at most ~120 buckets. */
export function bucketSeconds(interval: string, range: { from: MicroTime; to: MicroTime }): { name: string; seconds: number } {
  const spanSeconds = (Date.parse(range.to) - Date.parse(range.from)) / 1000;
  if (interval === 'auto') {
    const name = INTERVALS.find((n) => spanSeconds / NAMED[n]! <= AUTO_TARGET) ?? '7d';
    return { name, seconds: NAMED[name]! };
  }
  const seconds = NAMED[interval];
  if (!seconds) throw errors.badRequest({ message: `interval must be auto or one of ${INTERVALS.join(', ')}`, details: { parameter: 'interval' } });
  if (spanSeconds / seconds > MAX_BUCKETS) throw errors.badRequest({ message: `${interval} buckets over this range would be more than ${MAX_BUCKETS}; use a wider interval or auto`, details: { parameter: 'interval' } });
  return { name: interval, seconds };
}

export type Histogram = {
  interval: string;
  buckets: { start: MicroTime; total: number; counts: Record<string, number> }[];
  groups: { key: string; total: number }[];
};

export const OTHER = 'other';
export const NONE = '(none)';

/**
 * Zero-filled buckets aligned to the interval (from the epoch, UTC), the top `top` groups by total and the
 * rest summed as "other"; a missing value (no actor, no code) is the group "(none)". Pure.
 */
export function buildHistogram({ rows, range, seconds, name, top, grouped }: { rows: Counted[]; range: { from: MicroTime; to: MicroTime }; seconds: number; name: string; top: number; grouped: boolean }): Histogram {
  const totals = new Map<string, number>();
  for (const r of rows) if (grouped) totals.set(r.group ?? NONE, (totals.get(r.group ?? NONE) ?? 0) + r.count);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = new Set(ranked.slice(0, top).map(([k]) => k));
  const groups = ranked.slice(0, top).map(([key, total]) => ({ key, total }));
  const otherTotal = ranked.slice(top).reduce((n, [, t]) => n + t, 0);
  if (otherTotal > 0) groups.push({ key: OTHER, total: otherTotal });

  const stepMs = seconds * 1000;
  const first = Math.floor(Date.parse(range.from) / stepMs) * stepMs;
  const buckets = new Map<string, { start: MicroTime; total: number; counts: Record<string, number> }>();
  for (let t = first; t < Date.parse(range.to); t += stepMs) {
    const start = microTimeOf(new Date(t));
    buckets.set(start, { start, total: 0, counts: Object.fromEntries(groups.map((g) => [g.key, 0])) });
  }
  for (const r of rows) {
    const bucket = r.bucket ? buckets.get(r.bucket) : undefined;
    if (!bucket) continue;
    bucket.total += r.count;
    if (grouped) {
      const key = kept.has(r.group ?? NONE) ? r.group ?? NONE : OTHER;
      bucket.counts[key] = (bucket.counts[key] ?? 0) + r.count;
    }
  }
  return { interval: name, buckets: [...buckets.values()], groups };
}
