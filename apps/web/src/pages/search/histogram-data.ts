import type { Histogram } from './search-types';

// Tableau 10, readable on both the light and the dark surface; "other" is always grey.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#8cd17d', '#499894', '#d37295'];
const OTHER = '#9aa0aa';

export type HistogramSeries = { key: string; total: number; color: string; counts: number[] };

export type HistogramData = {
  /** bucket starts, Unix seconds (uPlot's x unit) */
  xs: number[];
  series: HistogramSeries[];
  totals: number[];
  intervalMs: number;
  fromMs: number;
  toMs: number;
};

const INTERVAL_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function intervalMs(name: string): number {
  const m = /^(\d+)([mhd])$/.exec(name);
  return m ? Number(m[1]) * INTERVAL_MS[m[2]!]! : 3_600_000;
}

export function histogramData(h: Histogram): HistogramData {
  const groups = h.groups.length > 0 ? h.groups : [{ key: 'events', total: h.buckets.reduce((n, b) => n + b.total, 0) }];
  const series = groups.map((g, i) => ({
    key: g.key,
    total: g.total,
    color: g.key === 'other' ? OTHER : PALETTE[i % PALETTE.length]!,
    counts: h.buckets.map((b) => (h.groups.length > 0 ? b.counts[g.key] ?? 0 : b.total)),
  }));
  return {
    xs: h.buckets.map((b) => Date.parse(b.start) / 1000),
    series,
    totals: h.buckets.map((b) => b.total),
    intervalMs: intervalMs(h.interval),
    fromMs: Date.parse(h.from),
    toMs: Date.parse(h.to),
  };
}

/**
 * uPlot draws bars from zero, so a stack is drawn as running sums, tallest first: each later (shorter)
 * series paints over the lower part of the one before.
 */
export function stackedColumns(data: HistogramData): { order: HistogramSeries[]; columns: number[][] } {
  const running: number[][] = [];
  let acc = data.xs.map(() => 0);
  for (const s of data.series) {
    acc = acc.map((v, i) => v + (s.counts[i] ?? 0));
    running.push(acc);
  }
  return { order: [...data.series].reverse(), columns: running.reverse() };
}
