import { normalizeEvent } from '../../events/normalize-event.js';
import { detectionErrors } from '../detection-errors.js';
import type { RawEvent, Rule } from '../rules/rule-schema.js';
import { compileRule, type CompiledRule } from './compiled-rule.js';
import type { EvaluationInput } from './join-state.js';
import { emptyRuleState, runRule, type RuleState } from './rule-run.js';

export type RuleTestFailure = { case: string; message: string };

/** Test events are received "now" for the normalizer; a fixed instant keeps the outcome reproducible. */
const RECEIVED_AT = new Date('2030-01-01T00:00:00.000Z');

/**
 * Runs a rule's own test cases (rule-schema.ts, `tests`) through the normalizer and the evaluator, as
 * saving a rule does. Learning (new_value) is over: tests are about what the rule fires on. Each failure
 * names its case (`mustMatch.2`) and what happened instead.
 */
export function runRuleTests(rule: Rule): RuleTestFailure[] {
  const compiled = compileRule(rule);
  const failures: RuleTestFailure[] = [];
  const inputs = (name: 'given' | 'mustMatch' | 'mustNotMatch') => rule.tests[name].flatMap((raw, i) => {
    const input = normalized(raw, `${name}.${i}`);
    if (typeof input === 'string') {
      failures.push({ case: `${name}.${i}`, message: input });
      return [];
    }
    return [input];
  });
  const given = inputs('given');
  const mustMatch = inputs('mustMatch');
  const mustNotMatch = inputs('mustNotMatch');
  if (failures.length > 0) return failures;
  const { state } = runRule(compiled, given, { state: emptyRuleState() });

  if (rule.kind === 'threshold') {
    if (mustMatch.length > 0) {
      const all = fired(compiled, state, mustMatch);
      const allButLast = fired(compiled, state, mustMatch.slice(0, -1));
      if (!all) failures.push({ case: 'mustMatch', message: `the ${mustMatch.length} events did not fire the rule (threshold ${rule.threshold!.count} in ${rule.threshold!.windowSeconds} s)` });
      else if (allButLast) failures.push({ case: 'mustMatch', message: 'the rule fired before the last event; the sequence should end with the event that reaches the threshold' });
    }
    if (mustNotMatch.length > 0 && fired(compiled, state, mustNotMatch)) failures.push({ case: 'mustNotMatch', message: 'these events together fired the rule' });
    return failures;
  }
  mustMatch.forEach((input, i) => {
    if (!fired(compiled, state, [input])) failures.push({ case: `mustMatch.${i}`, message: `${input.event.eventType} event did not fire the rule` });
  });
  mustNotMatch.forEach((input, i) => {
    if (fired(compiled, state, [input])) failures.push({ case: `mustNotMatch.${i}`, message: `${input.event.eventType} event fired the rule` });
  });
  return failures;
}

/** `rule.test_failed` listing every failing case, for refusing to save a rule whose tests fail. */
export function assertRuleTests(rule: Rule): void {
  const failures = runRuleTests(rule);
  if (failures.length === 0) return;
  throw detectionErrors.ruleTestFailed({
    message: `${failures.length} test case${failures.length === 1 ? '' : 's'} of ${rule.id} failed: ${failures.map((f) => `${f.case}: ${f.message}`).join('; ')}`,
    details: { failures },
  });
}

function fired(compiled: CompiledRule, state: RuleState, inputs: EvaluationInput[]): boolean {
  return runRule(compiled, inputs, { state }).firings.length > 0;
}

function normalized(raw: RawEvent, ref: string): EvaluationInput | string {
  const result = normalizeEvent(raw, { receivedAt: RECEIVED_AT });
  return result.ok ? { ref, event: result.event } : `the event does not normalize: ${result.message}`;
}
