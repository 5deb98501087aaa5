import type { MicroTime } from '../../time/micro-time.js';
import { epochMicros, SECOND_MICROS } from '../micro-time-math.js';

export type WindowMatch = { time: MicroTime; ref: string };

/** One group of a threshold rule: its matches that have not fired yet, in event-time order. */
export type ThresholdGroupState = { matches: WindowMatch[] };

export type ThresholdFired = { matches: WindowMatch[]; firstTime: MicroTime; lastTime: MicroTime };

/**
 * One match of a threshold rule's group, by event time, whatever the order of arrival.
 *
 * The rule fires when some window (t − windowSeconds, t], with t the time of one of the group's
 * matches, holds `count` matches that have not fired yet: open at the old end, so a match exactly
 * windowSeconds before t is outside. The matches that fired are consumed, so the next firing needs
 * `count` new ones (the alert's dedup window then decides whether it is a new alert). A late match
 * is placed at its time and can complete a window that ends after it.
 *
 * Bounded: matches more than two windows older than the group's newest are dropped (a match older
 * than one window before the newest can only pair with those), and at most 4 × count are kept.
 */
export function stepThreshold(state: ThresholdGroupState | null, match: WindowMatch, { count, windowSeconds }: { count: number; windowSeconds: number }): { state: ThresholdGroupState; fired: ThresholdFired | null } {
  const window = windowSeconds * SECOND_MICROS;
  const matches = insertSorted(state?.matches ?? [], match);
  const at = epochMicros(match.time);
  const times = matches.map((m) => epochMicros(m.time));

  // Windows that contain the new match end at a match time in [at, at + window).
  for (let end = 0; end < matches.length; end++) {
    const endTime = times[end]!;
    if (endTime < at || endTime >= at + window) continue;
    let start = end;
    while (start > 0 && times[start - 1]! > endTime - window) start--;
    // Several matches may share endTime; the window (endTime − window, endTime] holds all of them.
    let last = end;
    while (last + 1 < matches.length && times[last + 1] === endTime) last++;
    if (last - start + 1 >= count) {
      const fired = matches.slice(last + 1 - count, last + 1);
      const rest = [...matches.slice(0, last + 1 - count), ...matches.slice(last + 1)];
      return { state: { matches: prune(rest, window, count) }, fired: { matches: fired, firstTime: fired[0]!.time, lastTime: fired[fired.length - 1]!.time } };
    }
  }
  return { state: { matches: prune(matches, window, count) }, fired: null };
}

function insertSorted(matches: readonly WindowMatch[], match: WindowMatch): WindowMatch[] {
  const out = [...matches];
  let i = out.length;
  while (i > 0 && out[i - 1]!.time > match.time) i--;
  out.splice(i, 0, match);
  return out;
}

function prune(matches: WindowMatch[], window: number, count: number): WindowMatch[] {
  if (matches.length === 0) return matches;
  const newest = epochMicros(matches[matches.length - 1]!.time);
  const kept = matches.filter((m) => epochMicros(m.time) > newest - 2 * window);
  return kept.length > 4 * count ? kept.slice(kept.length - 4 * count) : kept;
}
