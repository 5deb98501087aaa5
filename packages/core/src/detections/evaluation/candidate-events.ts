import { QUERY_FIELDS, type Condition } from '../../query/query-fields.js';
import type { CompiledRule } from './compiled-rule.js';

/** What can take part in an evaluation of the rule: its query's matches, and for a join rule the other side's. */
export function ruleCandidates(compiled: CompiledRule): Condition {
  if (!compiled.join) return compiled.queryCondition;
  return { kind: 'or', items: [compiled.queryCondition, compiled.join.queryCondition] };
}

const matchesAll = (condition: Condition): boolean =>
  (condition.kind === 'and' && condition.items.every(matchesAll)) || (condition.kind === 'or' && condition.items.some(matchesAll));

/**
 * The condition with every look into `raw` (and every full-text search) taken as "may hold": true where it
 * counts for a match, false under a NOT. What it admits includes what the condition admits, and the
 * database never detoasts and walks an event's JSON to decide.
 */
function relaxed(condition: Condition, positive = true): Condition | boolean {
  switch (condition.kind) {
    case 'raw':
    case 'text':
      return positive;
    case 'field':
      return condition;
    case 'not': {
      const inner = relaxed(condition.item, !positive);
      return typeof inner === 'boolean' ? !inner : { kind: 'not', item: inner };
    }
    case 'and':
    case 'or': {
      const absorbing = condition.kind === 'or';
      const items: Condition[] = [];
      for (const item of condition.items) {
        const r = relaxed(item, positive);
        if (r === absorbing) return absorbing;
        if (typeof r !== 'boolean') items.push(r);
      }
      if (items.length === 0) return !absorbing;
      return items.length === 1 ? items[0]! : { kind: condition.kind, items };
    }
  }
}

const EVENT_TYPE = QUERY_FIELDS.find((f) => f.name === 'event')!;

/**
 * The events a batch has to read back for these rules (at least one): a superset of what any rule can act
 * on. An event outside it matches no rule's query (nor a join's), so it cannot change a firing or a rule's
 * state; the evaluator leaves it in the table and only dequeues it. Each rule adds its query relaxed to the
 * indexed columns (see relaxed); its precise query runs in memory on what comes back. The search language
 * means the same in SQL and in memory (test/detections-matcher-parity.test.ts), so reading by this condition
 * drops nothing a rule would see. Null when every event is needed.
 */
export function batchCandidates(rules: readonly CompiledRule[]): Condition | null {
  const items: Condition[] = [];
  for (const compiled of rules) {
    const r = relaxed(ruleCandidates(compiled));
    if (r === true || (typeof r !== 'boolean' && matchesAll(r))) return null;
    if (r !== false) items.push(r);
  }
  if (items.length === 0) return { kind: 'field', field: EVENT_TYPE, match: { kind: 'exists' } };
  return items.length === 1 ? items[0]! : { kind: 'or', items };
}
