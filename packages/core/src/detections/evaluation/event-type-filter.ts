import type { Condition } from '../../query/query-fields.js';
import type { CompiledRule } from './compiled-rule.js';

/**
 * The event types a condition can match, or null when it may match any. Most rules name their event types
 * (`event:session.command ...`), so a batch evaluates each rule only on events of those types: the
 * predicates would refuse the others anyway, at a cost per rule and event.
 */
export function eventTypesOf(condition: Condition): Set<string> | null {
  switch (condition.kind) {
    case 'field':
      return condition.field.columns.length === 1 && condition.field.columns[0] === 'event_type' && condition.match.kind === 'equals'
        ? new Set([condition.match.value]) : null;
    case 'and': {
      // Every item must hold: the narrowest item that names types bounds the whole.
      let narrowest: Set<string> | null = null;
      for (const item of condition.items) {
        const types = eventTypesOf(item);
        if (types && (!narrowest || types.size < narrowest.size)) narrowest = types;
      }
      return narrowest;
    }
    case 'or': {
      const union = new Set<string>();
      for (const item of condition.items) {
        const types = eventTypesOf(item);
        if (!types) return null;
        types.forEach((t) => union.add(t));
      }
      return union;
    }
    default:
      return null;
  }
}

/** The types a rule needs to see: its query's and, for a join rule, its joined events' too; null for all. */
export function ruleEventTypes(compiled: CompiledRule): Set<string> | null {
  const own = eventTypesOf(compiled.queryCondition);
  if (!compiled.join) return own;
  const joined = eventTypesOf(compiled.join.queryCondition);
  return own && joined ? new Set([...own, ...joined]) : null;
}
