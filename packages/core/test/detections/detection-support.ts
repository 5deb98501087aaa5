import { validateRule, type Rule } from '../../src/detections/rules/rule-schema.js';
import type { EvaluationInput } from '../../src/detections/evaluation/join-state.js';
import { normalizeOk } from '../normalize-support.js';

/** A valid rule from the parts a test cares about. */
export function ruleOf(parts: Partial<Record<keyof Rule, unknown>>): Rule {
  return validateRule({ id: 'test-rule', title: 'Test rule', kind: 'match', severity: 'medium', ...parts });
}

const BASE = Date.parse('2026-01-01T00:00:00.000Z');

/** An event `seconds` after 2026-01-01T00:00:00Z (fractions to the microsecond), normalized, with its ref. */
export function at(seconds: number, fields: Record<string, unknown> = {}, ref = `e${seconds}`): EvaluationInput {
  const micros = Math.round(seconds * 1_000_000);
  const ms = Math.floor(micros / 1000);
  const time = `${new Date(BASE + ms).toISOString().slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
  return { ref, event: normalizeOk({ event: 'auth', user: 'alice', ...fields, time }) };
}
