import type { Condition } from '../../query/query-fields.js';
import { compileRuleQuery } from '../matcher/rule-query.js';
import { parseFieldRef, type FieldRef } from '../rules/field-refs.js';
import { predicateFields, predicateQueries } from '../rules/rule-predicates.js';
import type { CompiledRule } from './compiled-rule.js';
import { anyCandidate } from './candidate-events.js';

/**
 * Which columns of its events a batch reads back. An event row has about sixty columns and a rule looks at
 * a few; reading, sending and parsing the others was most of what evaluation spent per event. Columns are
 * the table's (snake case), as FieldSpec and columnValue name them.
 *
 *   columns     read for every event read back: what the enabled rules look at, and what evaluation itself
 *               uses (event type and time, the cluster for emailDomain)
 *   whole       the events read with every column: the candidates of join rules, whose waiting events are
 *               kept in their state whole and judged later, perhaps by a newer version of the rule
 *   raw, search_text   the two heavy columns, only for the candidates of the rules that read them (and whole)
 *
 * Where a column is not read it comes back null. No outcome changes: a rule matches no event outside its
 * candidates whatever that event's columns hold, and inside them it finds every column it reads.
 */
export type ColumnReads = { columns: ReadonlySet<string>; whole: Condition | boolean; raw: Condition | boolean; searchText: Condition | boolean };

export const ALWAYS_READ: readonly string[] = ['event_type', 'event_time', 'received_at', 'cluster_name', 'parse_warnings'];

type RuleColumns = { columns: Set<string>; raw: boolean; searchText: boolean };
const cache = new WeakMap<CompiledRule, RuleColumns>();

function addCondition(condition: Condition, into: RuleColumns): void {
  switch (condition.kind) {
    case 'and':
    case 'or':
      condition.items.forEach((c) => addCondition(c, into));
      return;
    case 'not':
      addCondition(condition.item, into);
      return;
    case 'field':
      condition.field.columns.forEach((c) => into.columns.add(c));
      return;
    case 'raw':
      into.raw = true;
      return;
    case 'text':
      into.searchText = true;
  }
}

function addRef(ref: FieldRef, into: RuleColumns): void {
  if (ref.kind === 'raw') into.raw = true;
  else if (ref.kind === 'field') ref.spec.columns.forEach((c) => into.columns.add(c));
  // joined.<field>: read from the joined event's kept fields, which its join.keep refs read
}

/**
 * What the rule reads of an event, anywhere: its queries (rule, join, where), and the fields it groups,
 * compares, counts new values of, joins on or keeps. A join rule reads raw and the full text as well (see whole).
 */
export function ruleColumns(compiled: CompiledRule): RuleColumns {
  let found = cache.get(compiled);
  if (found) return found;
  const { rule } = compiled;
  found = { columns: new Set(), raw: compiled.join !== null, searchText: compiled.join !== null };
  const conditions = [compiled.queryCondition, ...(compiled.join ? [compiled.join.queryCondition] : []),
    ...rule.where.flatMap(predicateQueries).map((text) => compileRuleQuery(text).condition)];
  for (const condition of conditions) addCondition(condition, found);
  const refs = [...compiled.groupBy, ...compiled.newValue, ...(compiled.join ? [compiled.join.on, ...compiled.join.keep] : []),
    ...rule.where.flatMap(predicateFields).map((text) => parseFieldRef(text)).filter((r): r is FieldRef => typeof r !== 'string')];
  for (const ref of refs) addRef(ref, found);
  cache.set(compiled, found);
  return found;
}

/** The columns a batch evaluated by these rules reads back, and for which events (see ColumnReads). */
export function columnReads(rules: readonly CompiledRule[]): ColumnReads {
  const columns = new Set(ALWAYS_READ);
  for (const compiled of rules) ruleColumns(compiled).columns.forEach((c) => columns.add(c));
  return {
    columns,
    whole: anyCandidate(rules.filter((r) => r.join !== null)),
    raw: anyCandidate(rules.filter((r) => ruleColumns(r).raw)),
    searchText: anyCandidate(rules.filter((r) => ruleColumns(r).searchText)),
  };
}
