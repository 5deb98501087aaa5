import { canonicalJson } from '../../events/canonical-json.js';
import type { MicroTime } from '../../time/micro-time.js';
import { readFieldRef, type FieldValue } from '../rules/field-refs.js';
import { eventMatches, type CompiledRule } from './compiled-rule.js';
import { alertKeyOf, type Firing } from './firing.js';
import { groupOf, keyPart } from './group-key.js';
import { priorCount, stepJoinedEvent, stepRuleEvent, type EvaluationInput, type JoinKeyState } from './join-state.js';
import { stepNewValue, type NewValueGroupState } from './new-value-set.js';
import { stepThreshold, type ThresholdGroupState } from './threshold-window.js';

/**
 * The steps of evaluating one event against one rule, each pure over the one piece of state it needs, so
 * that a caller keeping state in Postgres loads and saves one row per join key or group key:
 *
 *   1. joinKeyOf: which join key the event touches (join rules only); load that key's JoinKeyState.
 *   2. joinStep (join rules) or matchStep: the events that now match, with what their join supplies.
 *   3. for each, groupOf(event, compiled.groupBy).key: load that group's state, then kindStep.
 */

/** A matched event, ready for the rule's kind. */
export type Candidate = { input: EvaluationInput };

/** The join key an event touches, as canonical JSON of the `on` value; null when it has none (it can join nothing). */
export function joinKeyOf(compiled: CompiledRule, input: EvaluationInput): string | null {
  if (!compiled.join) return null;
  const value = readFieldRef(input.event, compiled.join.on);
  if (value === null || (Array.isArray(value) && value.length === 0)) return null;
  return canonicalJson(keyPart(compiled.join.on, value));
}

/** A rule without a join: the event itself, when it matches. */
export function matchStep(compiled: CompiledRule, input: EvaluationInput): Candidate[] {
  return eventMatches(compiled, input.event) ? [{ input }] : [];
}

/**
 * A join rule, for an event with join key `key`: a joined event is kept and releases the rule's events
 * waiting for it; a rule event joins the kept one or waits. Returns the events that match now.
 */
export function joinStep(compiled: CompiledRule, state: JoinKeyState | null, input: EvaluationInput): { state: JoinKeyState | null; candidates: Candidate[] } {
  const join = compiled.join!;
  const candidates: Candidate[] = [];
  let next = state;
  if (join.query(input.event)) {
    const fields: Record<string, FieldValue> = {};
    // Kept under the name the rule wrote in join.keep, which is how where reads them (joined.<name>).
    join.keep.forEach((ref, i) => { fields[compiled.rule.join!.keep[i]!] = readFieldRef(input.event, ref); });
    const step = stepJoinedEvent(next, { time: input.event.eventTime, fields }, { windowMicros: join.windowMicros });
    next = step.state;
    for (const waiting of step.released) {
      if (eventMatches(compiled, waiting.event, { joined: fields, prior: priorCount(next, waiting.event.eventTime) })) candidates.push({ input: waiting });
    }
  }
  // Only events the query matches wait or count; `where` is decided once the joined fields are known.
  if (compiled.query(input.event)) {
    const step = stepRuleEvent(next, input, { windowMicros: join.windowMicros });
    next = step.state;
    if (step.joined && compiled.where({ event: input.event, joined: step.joined, prior: priorCount(next, input.event.eventTime) })) candidates.push({ input });
  }
  return { state: next, candidates };
}

export type KindState = ThresholdGroupState | NewValueGroupState;

/**
 * A candidate through the rule's kind, in its group's state (null for a group not seen yet, and for
 * match rules, which keep none). `learnUntil`: new_value rules record without firing for events before it.
 */
export function kindStep(compiled: CompiledRule, state: KindState | null, candidate: Candidate, { learnUntil = null }: { learnUntil?: MicroTime | null } = {}): { state: KindState | null; firing: Firing | null } {
  const { rule } = compiled;
  const { input } = candidate;
  const group = groupOf(input.event, compiled.groupBy);
  const base = {
    ruleId: rule.id, ruleVersion: rule.version, severity: rule.severity,
    alertKey: alertKeyOf(rule.id, group.key), groupKey: group.key, group: group.values,
  };
  const time = input.event.eventTime;
  switch (rule.kind) {
    case 'match':
      return { state: null, firing: { ...base, firstTime: time, lastTime: time, count: 1, eventRefs: [input.ref], eventTimes: [time] } };
    case 'threshold': {
      const step = stepThreshold(state as ThresholdGroupState | null, { time, ref: input.ref }, rule.threshold!);
      const fired = step.fired;
      return {
        state: step.state,
        firing: fired ? { ...base, firstTime: fired.firstTime, lastTime: fired.lastTime, count: fired.matches.length, eventRefs: fired.matches.map((m) => m.ref), eventTimes: fired.matches.map((m) => m.time) } : null,
      };
    }
    case 'new_value': {
      const values: Record<string, FieldValue> = {};
      const parts = compiled.newValue.map((ref) => {
        values[ref.name] = readFieldRef(input.event, ref);
        return keyPart(ref, values[ref.name]!);
      });
      // A missing value is no value: nothing to call new, and nothing to remember.
      if (parts.some((p) => p === null)) return { state, firing: null };
      const learning = learnUntil !== null && time < learnUntil;
      const step = stepNewValue(state as NewValueGroupState | null, canonicalJson(parts), { learning });
      return {
        state: step.state,
        firing: step.fires ? { ...base, firstTime: time, lastTime: time, count: 1, eventRefs: [input.ref], eventTimes: [time], newValue: values } : null,
      };
    }
  }
}
