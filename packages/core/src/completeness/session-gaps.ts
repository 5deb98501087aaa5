import { sessionStatus } from '../sessions/session-view.js';
import { checkBounds } from './completeness-errors.js';
import { clamp, nearestRankPercentile } from './percentile.js';

const HOUR_S = 3_600;

export const LONG_OPEN_DEFAULTS = { floorSeconds: 8 * HOUR_S, ceilingSeconds: 7 * 24 * HOUR_S } as const;

// Twice the longest of nearly all finished sessions: a long but ordinary session stays inside it.
const DURATION_PERCENTILE = 0.99;
const DURATION_FACTOR = 2;

export type SessionCompletenessStatus = 'complete' | 'incomplete' | 'open' | 'open_too_long';

/** What a session summary (session_summaries) knows of a session's event stream. */
export type SessionFacts = {
  eventCount: number;
  /** events with an ordinary ei (not session.data's or session.upload's reserved one) */
  indexedCount: number;
  maxIndex: number | null;
  hasEnd: boolean;
  startedAt: Date | null;
  endedAt: Date | null;
  lastEventAt: Date;
};

/**
 * Whether a session's events are all here. A finished session (it has its end event) is incomplete when
 * fewer events carry an ordinary index than 0..max_index holds; `missing` counts them. A session with no
 * end whose last event is older than `longOpenSeconds` is open too long: its end, or the events after the
 * last one, never arrived, or the node died. The statuses are sessionStatus's, with this threshold.
 */
export function sessionCompleteness(facts: SessionFacts & { now: Date; longOpenSeconds: number }): { status: SessionCompletenessStatus; missing: number } {
  const missing = facts.maxIndex === null ? 0 : Math.max(facts.maxIndex + 1 - facts.indexedCount, 0);
  const status = sessionStatus({
    hasEnd: facts.hasEnd, missing, lastEventAt: facts.lastEventAt.toISOString(), now: facts.now, abandonedAfterMs: facts.longOpenSeconds * 1000,
  });
  return { status: status === 'abandoned' ? 'open_too_long' : status, missing };
}

/**
 * After how long without an event a session with no end counts as open too long, learned from finished
 * sessions' durations in seconds: their 99th percentile, doubled, clamped to [floor, ceiling]. Without
 * any finished session: the ceiling. Durations that are not finite or are negative (clock skew) are ignored.
 */
export function learnLongOpenSeconds(durationsSeconds: readonly number[], { floorSeconds = LONG_OPEN_DEFAULTS.floorSeconds, ceilingSeconds = LONG_OPEN_DEFAULTS.ceilingSeconds }: { floorSeconds?: number; ceilingSeconds?: number } = {}): number {
  checkBounds('longOpen', { floorSeconds, ceilingSeconds });
  const usual = nearestRankPercentile(durationsSeconds.filter((d) => Number.isFinite(d) && d >= 0), DURATION_PERCENTILE);
  return usual === undefined ? ceilingSeconds : clamp(usual * DURATION_FACTOR, { floor: floorSeconds, ceiling: ceilingSeconds });
}
