import type { Condition } from '../../query/query-fields.js';
import { compileRuleQuery } from '../matcher/rule-query.js';
import type { FieldRef } from '../rules/field-refs.js';
import { predicateFields, predicateQueries } from '../rules/rule-predicates.js';
import { parseFieldRef } from '../rules/field-refs.js';
import type { CompiledRule } from './compiled-rule.js';
import { anyCandidate } from './candidate-events.js';

/**
 * The two columns of an event that cost the most to read back (the event as sent, as jsonb, and the
 * full-text column) and that few rules look at. Reading them only for the events that need them halves what
 * evaluation spends per event on reading back.
 */
export type HeavyColumn = 'raw' | 'searchText';
/** Per heavy column, the events whose value evaluation needs: true for all, false for none, or a condition. */
export type HeavyColumnReads = Record<HeavyColumn, Condition | boolean>;

const reads = new WeakMap<CompiledRule, Record<HeavyColumn, boolean>>();

const uses = (condition: Condition, kind: 'raw' | 'text'): boolean => {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.items.some((c) => uses(c, kind));
    case 'not':
      return uses(condition.item, kind);
    default:
      return condition.kind === kind;
  }
};

/**
 * Which heavy columns the rule reads, anywhere: its queries (rule, join, where), and the fields it groups,
 * compares, joins on or keeps. A join rule counts as reading both: the events it keeps waiting are stored in
 * its state whole and judged later, possibly by a newer version of the rule.
 */
export function ruleReads(compiled: CompiledRule): Record<HeavyColumn, boolean> {
  let found = reads.get(compiled);
  if (found) return found;
  const { rule } = compiled;
  const conditions = [compiled.queryCondition, ...(compiled.join ? [compiled.join.queryCondition] : []),
    ...rule.where.flatMap(predicateQueries).map((text) => compileRuleQuery(text).condition)];
  const refs: FieldRef[] = [...compiled.groupBy, ...compiled.newValue, ...(compiled.join ? [compiled.join.on, ...compiled.join.keep] : []),
    ...rule.where.flatMap(predicateFields).map((text) => parseFieldRef(text)).filter((r): r is FieldRef => typeof r !== 'string')];
  found = {
    raw: compiled.join !== null || conditions.some((c) => uses(c, 'raw')) || refs.some((r) => r.kind === 'raw'),
    searchText: compiled.join !== null || conditions.some((c) => uses(c, 'text')),
  };
  reads.set(compiled, found);
  return found;
}

/**
 * For each heavy column, the events of a batch that must come back with it: those some rule reading the
 * column can act on (its candidates, relaxed as batchCandidates relaxes them). Any other event's value
 * cannot change an outcome: a rule that reads the column matches no event outside its candidates whatever
 * the column holds, and the other rules never look at it.
 */
export function heavyColumnReads(rules: readonly CompiledRule[]): HeavyColumnReads {
  return {
    raw: anyCandidate(rules.filter((r) => ruleReads(r).raw)),
    searchText: anyCandidate(rules.filter((r) => ruleReads(r).searchText)),
  };
}
