import type { NormalizedEvent } from '../../events/normalized-event.js';
import type { MicroTime } from '../../time/micro-time.js';
import type { FieldValue } from '../rules/field-refs.js';
import { epochMicros } from '../micro-time-math.js';

/** An event as evaluation receives it: `ref` is the caller's id for it (a row id), carried into firings. */
export type EvaluationInput = { ref: string; event: NormalizedEvent };

/**
 * One join key of a join rule (e.g. one access request id): the joined event's kept fields once it has
 * arrived, the times of the rule's own events seen under the key (for firstForKey), and those of its events
 * that arrived before the joined one and wait for it.
 */
export type JoinKeyState = {
  joined: { time: MicroTime; fields: Record<string, FieldValue> } | null;
  mains: MicroTime[];
  pending: EvaluationInput[];
};

export const MAX_PENDING_PER_KEY = 16;
export const MAX_MAINS_PER_KEY = 64;

const within = (a: MicroTime, b: MicroTime, windowMicros: number) => Math.abs(epochMicros(a) - epochMicros(b)) <= windowMicros;

/** Rule events sharing the key with an earlier event time: what firstForKey counts. */
export const priorCount = (state: JoinKeyState, time: MicroTime): number => state.mains.filter((t) => t < time).length;

/**
 * The joined event (one matching join.query) arrives: it is kept (the latest one wins, so an edited
 * request joins with what it says now) and the rule's events waiting for it within the window are
 * released for evaluation; those outside the window are dropped.
 */
export function stepJoinedEvent(state: JoinKeyState | null, joined: { time: MicroTime; fields: Record<string, FieldValue> }, { windowMicros }: { windowMicros: number }): { state: JoinKeyState; released: EvaluationInput[] } {
  const pending = state?.pending ?? [];
  const keep = !state?.joined || joined.time >= state.joined.time;
  return {
    state: { joined: keep ? joined : state!.joined, mains: state?.mains ?? [], pending: [] },
    released: pending.filter((p) => within(p.event.eventTime, joined.time, windowMicros)),
  };
}

/**
 * One of the rule's own events arrives under the key: it is counted, and either joins now (the joined
 * event is there and within the window) or waits, at most MAX_PENDING_PER_KEY per key (oldest dropped).
 */
export function stepRuleEvent(state: JoinKeyState | null, input: EvaluationInput, { windowMicros }: { windowMicros: number }): { state: JoinKeyState; joined: Record<string, FieldValue> | null } {
  const mains = [...(state?.mains ?? []), input.event.eventTime].sort().slice(-MAX_MAINS_PER_KEY);
  const current = state?.joined ?? null;
  if (current && within(current.time, input.event.eventTime, windowMicros)) {
    return { state: { joined: current, mains, pending: state?.pending ?? [] }, joined: current.fields };
  }
  const pending = [...(state?.pending ?? []), input].slice(-MAX_PENDING_PER_KEY);
  return { state: { joined: current, mains, pending }, joined: null };
}
