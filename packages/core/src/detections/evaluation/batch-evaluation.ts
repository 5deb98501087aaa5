import type { MicroTime } from '../../time/micro-time.js';
import { epochMicros } from '../micro-time-math.js';
import type { CompiledRule } from './compiled-rule.js';
import type { Firing } from './firing.js';
import { ruleEventTypes } from './event-type-filter.js';
import { groupOf } from './group-key.js';
import type { EvaluationInput, JoinKeyState } from './join-state.js';
import { joinKeyOf, joinStep, kindStep, matchStep, type Candidate, type KindState } from './rule-steps.js';

/**
 * Evaluating a batch of committed events against every enabled rule of a tenant, with the rules' state kept
 * one row per key (a group of a threshold or new_value rule, a join key of a join rule) in a store the caller
 * loads before and saves after. The caller's steps:
 *
 *   1. joinKeysToLoad(rules, inputs): load those join rows;
 *   2. groupKeysToLoad(rules, inputs, joins): load those group rows (they include the groups of join events
 *      the loaded rows hold, which this batch may release);
 *   3. evaluateBatch(...): the firings, and every row that changed, to save in the same transaction.
 */

export type StateScope = 'group' | 'join';
export type StateRef = { ruleId: string; scope: StateScope; key: string };
export type BatchRule = { compiled: CompiledRule; learnUntil: MicroTime | null };
/** Loaded rows, by stateId. A key absent here has no state yet. */
export type StateStore = Map<string, unknown>;
export type ChangedState = StateRef & { state: unknown; expiresAt: MicroTime | null };

export const stateId = ({ ruleId, scope, key }: StateRef): string => `${ruleId}\u0000${scope}\u0000${key}`;

const needsGroupState = (compiled: CompiledRule) => compiled.rule.kind !== 'match';

const typeFilters = new WeakMap<CompiledRule, Set<string> | null>();
/** A batch's events by type, in batch order, made once per batch rather than once per rule and pass (the inputs of a batch do not change while it is evaluated). */
const byTypeOf = new WeakMap<readonly EvaluationInput[], Map<string, EvaluationInput[]>>();
const NONE: readonly EvaluationInput[] = [];

/** The batch's events this rule can act on (by event type, see event-type-filter.ts), in batch order. */
function relevant(compiled: CompiledRule, inputs: readonly EvaluationInput[]): readonly EvaluationInput[] {
  if (!typeFilters.has(compiled)) typeFilters.set(compiled, ruleEventTypes(compiled));
  const types = typeFilters.get(compiled)!;
  if (!types) return inputs;
  let byType = byTypeOf.get(inputs);
  if (!byType) {
    byType = new Map();
    for (const input of inputs) {
      const list = byType.get(input.event.eventType);
      if (list) list.push(input);
      else byType.set(input.event.eventType, [input]);
    }
    byTypeOf.set(inputs, byType);
  }
  const present = [...types].filter((type) => byType.has(type));
  if (present.length === 0) return NONE;
  if (present.length === 1) return byType.get(present[0]!)!;
  return inputs.filter((input) => types.has(input.event.eventType));
}

export function joinKeysToLoad(rules: readonly BatchRule[], inputs: readonly EvaluationInput[]): StateRef[] {
  const refs = new Map<string, StateRef>();
  for (const { compiled } of rules) {
    if (!compiled.join) continue;
    for (const input of relevant(compiled, inputs)) {
      if (!compiled.query(input.event) && !compiled.join.query(input.event)) continue;
      const key = joinKeyOf(compiled, input);
      if (key === null) continue;
      const ref: StateRef = { ruleId: compiled.rule.id, scope: 'join', key };
      refs.set(stateId(ref), ref);
    }
  }
  return [...refs.values()];
}

/** Groups the batch may touch: those of its events, and those of join events waiting in the loaded join rows. */
export function groupKeysToLoad(rules: readonly BatchRule[], inputs: readonly EvaluationInput[], joins: StateStore): StateRef[] {
  const refs = new Map<string, StateRef>();
  for (const { compiled } of rules) {
    if (!needsGroupState(compiled)) continue;
    const add = (input: EvaluationInput) => {
      const ref: StateRef = { ruleId: compiled.rule.id, scope: 'group', key: groupOf(input.event, compiled.groupBy).key };
      refs.set(stateId(ref), ref);
    };
    // Only events the query matches reach a group (where is decided with them, not before).
    relevant(compiled, inputs).forEach((input) => { if (compiled.query(input.event)) add(input); });
    if (!compiled.join) continue;
    for (const [id, state] of joins) {
      if (id.startsWith(`${compiled.rule.id}\u0000join\u0000`)) (state as JoinKeyState).pending.forEach(add);
    }
  }
  return [...refs.values()];
}

/**
 * Runs the batch in arrival order through every rule. `store` is read and updated in place (so a key
 * touched twice in the batch sees its own update); the rows that changed are returned once each.
 */
export function evaluateBatch({ rules, inputs, store }: { rules: readonly BatchRule[]; inputs: readonly EvaluationInput[]; store: StateStore }): { firings: Firing[]; changed: ChangedState[] } {
  const firings: Firing[] = [];
  const changed = new Map<string, ChangedState>();
  const save = (ref: StateRef, state: unknown, expiresAt: MicroTime | null) => {
    const id = stateId(ref);
    store.set(id, state);
    changed.set(id, { ...ref, state, expiresAt });
  };
  for (const { compiled, learnUntil } of rules) {
    const ruleId = compiled.rule.id;
    for (const input of relevant(compiled, inputs)) {
      let candidates: Candidate[];
      if (compiled.join) {
        const key = joinKeyOf(compiled, input);
        if (key === null) continue;
        const ref: StateRef = { ruleId, scope: 'join', key };
        const before = (store.get(stateId(ref)) ?? null) as JoinKeyState | null;
        const step = joinStep(compiled, before, input);
        if (step.state && step.state !== before) save(ref, step.state, joinExpiry(step.state, compiled.join.windowMicros));
        candidates = step.candidates;
      } else {
        candidates = matchStep(compiled, input);
      }
      for (const candidate of candidates) {
        if (!needsGroupState(compiled)) {
          const step = kindStep(compiled, null, candidate, { learnUntil });
          if (step.firing) firings.push(step.firing);
          continue;
        }
        const ref: StateRef = { ruleId, scope: 'group', key: groupOf(candidate.input.event, compiled.groupBy).key };
        const before = (store.get(stateId(ref)) ?? null) as KindState | null;
        const step = kindStep(compiled, before, candidate, { learnUntil });
        if (step.state && step.state !== before) save(ref, step.state, groupExpiry(compiled, step.state));
        if (step.firing) firings.push(step.firing);
      }
    }
  }
  return { firings, changed: [...changed.values()] };
}

const addMicros = (time: MicroTime, micros: number): MicroTime => {
  const total = epochMicros(time) + micros;
  const millis = Math.floor(total / 1000);
  return `${new Date(millis).toISOString().slice(0, 23)}${String(total - millis * 1000).padStart(3, '0')}Z` as MicroTime;
};

const newest = (times: readonly MicroTime[]): MicroTime | null => times.reduce<MicroTime | null>((a, t) => (a === null || t > a ? t : a), null);

/** A join key can still join until a window after its newest event. */
function joinExpiry(state: JoinKeyState, windowMicros: number): MicroTime | null {
  const last = newest([...(state.joined ? [state.joined.time] : []), ...state.mains, ...state.pending.map((p) => p.event.eventTime)]);
  return last === null ? null : addMicros(last, windowMicros);
}

/** A threshold window matters until a window after its newest match; a new_value set never expires by time. */
function groupExpiry(compiled: CompiledRule, state: KindState): MicroTime | null {
  if (compiled.rule.kind !== 'threshold' || !('matches' in state)) return null;
  const last = newest(state.matches.map((m) => m.time));
  return last === null ? null : addMicros(last, compiled.rule.threshold!.windowSeconds * 1_000_000);
}
