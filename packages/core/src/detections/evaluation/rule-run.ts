import type { MicroTime } from '../../time/micro-time.js';
import { microTimeOf } from '../../time/micro-time.js';
import { epochMicros } from '../micro-time-math.js';
import { groupOf } from './group-key.js';
import type { CompiledRule } from './compiled-rule.js';
import type { Firing } from './firing.js';
import type { EvaluationInput, JoinKeyState } from './join-state.js';
import { joinKeyOf, joinStep, kindStep, matchStep, type Candidate, type KindState } from './rule-steps.js';

/**
 * All the state of one rule, for evaluating in memory (backtests, rule tests) or persisting whole. A
 * caller keeping one row per key uses rule-steps.ts directly. `learnUntil` is when a new_value rule
 * stops learning (set from when it was enabled: newValueLearnUntil). JSON-safe except the pending join
 * events, whose `receivedAt` is a Date.
 */
export type RuleState = {
  /** the newest event time seen: join keys idle for longer than the join window before it are dropped */
  watermark: MicroTime | null;
  learnUntil: MicroTime | null;
  groups: Record<string, KindState>;
  joins: Record<string, JoinKeyState>;
};

export const MAX_GROUPS = 10_000;
export const MAX_JOIN_KEYS = 10_000;
// Bounding walks every key; doing it per event would make a batch quadratic.
const BOUND_EVERY = 1_024;

export const emptyRuleState = ({ learnUntil = null }: { learnUntil?: MicroTime | null } = {}): RuleState => ({ watermark: null, learnUntil, groups: {}, joins: {} });

/** When a new_value rule enabled at `enabledAt` stops learning. */
export const newValueLearnUntil = (compiled: CompiledRule, enabledAt: Date): MicroTime | null =>
  compiled.rule.newValue ? microTimeOf(new Date(enabledAt.getTime() + compiled.rule.newValue.learnDays * 86_400_000)) : null;

/**
 * Evaluates events in order, mutating a copy of `state` once for the whole batch; returns the final state
 * and every firing. The order of events is the order of arrival; event times may be in any order.
 */
export function runRule(compiled: CompiledRule, inputs: Iterable<EvaluationInput>, { state = emptyRuleState() }: { state?: RuleState } = {}): { state: RuleState; firings: Firing[] } {
  const s: RuleState = { watermark: state.watermark, learnUntil: state.learnUntil, groups: { ...state.groups }, joins: { ...state.joins } };
  const firings: Firing[] = [];
  let seen = 0;
  for (const input of inputs) {
    if (s.watermark === null || input.event.eventTime > s.watermark) s.watermark = input.event.eventTime;
    let candidates: Candidate[];
    const key = joinKeyOf(compiled, input);
    if (compiled.join) {
      if (key === null) continue;
      const step = joinStep(compiled, s.joins[key] ?? null, input);
      if (step.state) s.joins[key] = step.state;
      candidates = step.candidates;
    } else {
      candidates = matchStep(compiled, input);
    }
    for (const candidate of candidates) {
      const groupKey = groupOf(candidate.input.event, compiled.groupBy).key;
      const step = kindStep(compiled, s.groups[groupKey] ?? null, candidate, { learnUntil: s.learnUntil });
      if (step.state) s.groups[groupKey] = step.state;
      if (step.firing) firings.push(step.firing);
    }
    if (++seen % BOUND_EVERY === 0) bound(compiled, s);
  }
  bound(compiled, s);
  return { state: s, firings };
}

/** One event; the input state is left as it was. */
export function evaluateRule(compiled: CompiledRule, state: RuleState, input: EvaluationInput): { state: RuleState; firings: Firing[] } {
  return runRule(compiled, [input], { state });
}

/** Keeps the state bounded: join keys idle past the window, and the oldest groups and keys past their caps. */
function bound(compiled: CompiledRule, s: RuleState): void {
  if (compiled.join && s.watermark) {
    const horizon = epochMicros(s.watermark) - compiled.join.windowMicros;
    for (const [key, join] of Object.entries(s.joins)) {
      const newest = [join.joined?.time, ...join.mains].filter((t): t is MicroTime => !!t).sort().at(-1);
      if (!newest || epochMicros(newest) < horizon) delete s.joins[key];
    }
  }
  trim(s.joins, MAX_JOIN_KEYS);
  trim(s.groups, MAX_GROUPS);
}

/** Drops the earliest-inserted entries past `max` (insertion order approximates least recently created). */
function trim(record: Record<string, unknown>, max: number): void {
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length - max; i++) delete record[keys[i]!];
}
