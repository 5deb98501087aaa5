import { checkBounds } from './completeness-errors.js';
import { clamp, nearestRankPercentile } from './percentile.js';

const HOUR_MS = 3_600_000;
const HOUR_S = 3_600;

export const SILENCE_DEFAULTS = { floorSeconds: 15 * 60, ceilingSeconds: 24 * HOUR_S } as const;

// Below two days a source has not shown its weekly or even its nightly rhythm yet.
const MIN_HISTORY_MS = 2 * 24 * HOUR_MS;
// Twice the usual longest quiet spell: a source that is merely quiet stays well inside it.
const GAP_PERCENTILE = 0.95;
const GAP_FACTOR = 2;

export type HourlyCount = { hour: Date; events: number };

/**
 * How long this source may stay silent before it counts as gone, in seconds, as its history says, before any
 * floor or ceiling: learned from its hourly counts (the last 14 days; hours absent from the list had no
 * events). The quiet spells are the runs of empty hours between two hours with events; back-to-back hours are
 * not a spell, or a busy source's many of them would hide its nightly pause. The 95th percentile of the
 * spells, doubled, plus an hour because an event may fall anywhere in its hour. Null under two days of
 * history: there is no rhythm to learn yet.
 */
export function learnSilenceGap(hourlyCounts: readonly HourlyCount[]): number | null {
  const active = [...new Set(hourlyCounts.filter((h) => h.events > 0).map((h) => Math.floor(h.hour.getTime() / HOUR_MS)))].sort((a, b) => a - b);
  const first = active[0];
  const last = active.at(-1);
  if (first === undefined || last === undefined || (last - first + 1) * HOUR_MS < MIN_HISTORY_MS) return null;
  const spells: number[] = [];
  for (let i = 1; i < active.length; i++) {
    const empty = active[i]! - active[i - 1]! - 1;
    if (empty > 0) spells.push(empty);
  }
  const usualLongest = nearestRankPercentile(spells, GAP_PERCENTILE) ?? 0;
  return usualLongest * GAP_FACTOR * HOUR_S + HOUR_S;
}

/**
 * The silence threshold in force: the learned gap clamped to [floor, ceiling], or the ceiling when nothing
 * was learned. Kept apart from the learning so a changed floor or ceiling applies at the next run.
 */
export function silenceThreshold({ learnedSeconds, floorSeconds = SILENCE_DEFAULTS.floorSeconds, ceilingSeconds = SILENCE_DEFAULTS.ceilingSeconds }: {
  learnedSeconds: number | null;
  floorSeconds?: number;
  ceilingSeconds?: number;
}): number {
  checkBounds('silence', { floorSeconds, ceilingSeconds });
  return learnedSeconds === null ? ceilingSeconds : clamp(learnedSeconds, { floor: floorSeconds, ceiling: ceilingSeconds });
}

/** learnSilenceGap then silenceThreshold, in one step. */
export function learnSilenceThreshold({ hourlyCounts, floorSeconds, ceilingSeconds }: {
  hourlyCounts: readonly HourlyCount[];
  floorSeconds?: number;
  ceilingSeconds?: number;
}): number {
  return silenceThreshold({ learnedSeconds: learnSilenceGap(hourlyCounts), floorSeconds, ceilingSeconds });
}

export type SilenceState = 'silent' | 'ok';
export type Transition = 'opened' | 'recovered' | null;

/**
 * One evaluation of a source's silence: silent once more than `thresholdSeconds` have passed since its last
 * event (exactly the threshold is not yet silent). A source that never received anything is not silent:
 * source health already says so (no_events_yet), and there is no rhythm it broke. `open` is whether a
 * silence finding is open now; the transition says what to record.
 */
export function silenceStep({ lastEventAt, now, thresholdSeconds, open }: { lastEventAt: Date | null; now: Date; thresholdSeconds: number; open: boolean }): { state: SilenceState; transition: Transition } {
  const silent = lastEventAt !== null && now.getTime() - lastEventAt.getTime() > thresholdSeconds * 1000;
  const state: SilenceState = silent ? 'silent' : 'ok';
  if (silent && !open) return { state, transition: 'opened' };
  if (!silent && open) return { state, transition: 'recovered' };
  return { state, transition: null };
}
