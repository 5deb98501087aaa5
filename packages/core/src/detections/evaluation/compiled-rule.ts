import type { NormalizedEvent } from '../../events/normalized-event.js';
import type { EventPredicate } from '../matcher/condition-predicate.js';
import type { Condition } from '../../query/query-fields.js';
import { compileRuleQuery } from '../matcher/rule-query.js';
import { parseFieldRef, type FieldRef, type FieldValue } from '../rules/field-refs.js';
import { compileWhere, type CompiledPredicate } from '../rules/rule-predicates.js';
import type { Rule } from '../rules/rule-schema.js';
import { SECOND_MICROS } from '../micro-time-math.js';

export type CompiledJoin = { on: FieldRef; query: EventPredicate; queryCondition: Condition; keep: FieldRef[]; windowMicros: number };

/** A validated rule with its queries and field references compiled once, for evaluating many events. */
export type CompiledRule = {
  rule: Rule;
  query: EventPredicate;
  queryCondition: Condition;
  where: CompiledPredicate;
  groupBy: FieldRef[];
  newValue: FieldRef[];
  join: CompiledJoin | null;
};

export function compileRule(rule: Rule): CompiledRule {
  const query = compileRuleQuery(rule.query);
  const joinQuery = rule.join ? compileRuleQuery(rule.join.query, { field: 'join.query' }) : null;
  return {
    rule,
    query: query.predicate,
    queryCondition: query.condition,
    where: compileWhere(rule.where),
    groupBy: rule.groupBy.map(ref),
    newValue: (rule.newValue?.fields ?? []).map(ref),
    join: rule.join
      ? { on: ref(rule.join.on), query: joinQuery!.predicate, queryCondition: joinQuery!.condition, keep: rule.join.keep.map(ref), windowMicros: rule.join.windowSeconds * SECOND_MICROS }
      : null,
  };
}

/** Whether one event satisfies the rule's query and `where`, given what its join supplies. */
export function eventMatches(compiled: CompiledRule, event: NormalizedEvent, { joined = null, prior = 0 }: { joined?: Record<string, FieldValue> | null; prior?: number } = {}): boolean {
  return compiled.query(event) && compiled.where({ event, joined, prior });
}

function ref(text: string): FieldRef {
  const parsed = parseFieldRef(text);
  if (typeof parsed === 'string') throw new Error(`unvalidated rule: ${parsed}`);
  return parsed;
}
