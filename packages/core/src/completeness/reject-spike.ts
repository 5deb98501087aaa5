import { nearestRankPercentile } from './percentile.js';

export const REJECT_SPIKE_DEFAULTS = {
  /** fewer rejects than this in the hour is noise, whatever the baseline */
  minRejects: 20,
  /** how many times the baseline the hour must reach */
  factor: 5,
  /** the baseline's window: hours absent from `hourly` had no rejects */
  baselineHours: 7 * 24,
} as const;

export type HourlyRejects = { hour: Date; rejects: number; events: number };

/** The 95th percentile of a source's hourly rejects over `baselineHours` (hours absent from `hourly` had none). */
export function rejectBaseline(hourly: readonly HourlyRejects[], baselineHours: number = REJECT_SPIKE_DEFAULTS.baselineHours): number {
  const counts = hourly.map((h) => Math.max(h.rejects, 0));
  const quiet = Array.from({ length: Math.max(baselineHours - counts.length, 0) }, () => 0);
  return nearestRankPercentile([...counts, ...quiet], 0.95) ?? 0;
}

/**
 * Whether the last hour's rejects are a spike for this source: at least `minRejects`, and at least `factor`
 * times the baseline, the 95th percentile of its hourly rejects over the last week (so a source that always
 * rejects a little does not alert, and one that never rejects alerts on the first burst of 20). `ratio` is
 * the hour's rejects over the baseline (over 1 when the baseline is 0, so it stays a finite number).
 * Events do not scale the verdict: a burst of rejects is worth a look even when traffic grew with it; they
 * are in the input for the finding's details. The baseline is `baselinePerHour` when given (learned
 * earlier), else computed from `hourly`.
 */
export function rejectSpike({ hourly = [], baselinePerHour, current, minRejects = REJECT_SPIKE_DEFAULTS.minRejects, factor = REJECT_SPIKE_DEFAULTS.factor, baselineHours = REJECT_SPIKE_DEFAULTS.baselineHours }: {
  hourly?: readonly HourlyRejects[];
  baselinePerHour?: number;
  current: { rejects: number; events: number };
  minRejects?: number;
  factor?: number;
  baselineHours?: number;
}): { spike: boolean; baselinePerHour: number; ratio: number } {
  const baseline = baselinePerHour ?? rejectBaseline(hourly, baselineHours);
  const ratio = current.rejects / Math.max(baseline, 1);
  return { spike: current.rejects >= minRejects && current.rejects >= factor * baseline, baselinePerHour: baseline, ratio };
}
