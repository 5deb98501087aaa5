import { Document, isMap, isSeq } from 'yaml';
import type { Condition, FieldSpec, Match } from '../../query/query-fields.js';
import { compileRuleQuery } from '../matcher/rule-query.js';
import { detectionErrors } from '../detection-errors.js';
import type { Rule } from '../rules/rule-schema.js';
import { DOTTED_KEYS, FIELD_KEYS, SEVERITY_LEVEL, TACTICS } from './sigma-fields.js';
import { stableUuid } from './stable-uuid.js';

type SigmaScalar = string | number | boolean;
type SigmaMap = Record<string, SigmaScalar | SigmaScalar[]>;
/** A search identifier's content: a map (AND), a list of maps (OR), or keywords (OR). */
type Selection = { kind: 'map'; map: SigmaMap } | { kind: 'maps'; maps: SigmaMap[] } | { kind: 'keywords'; words: string[] };
type Expr = { kind: 'sel'; sel: Selection } | { kind: 'and' | 'or'; items: Expr[] } | { kind: 'not'; item: Expr };

/** The custom attribute carrying what Sigma cannot say, so that importing our own export restores it. */
export const CUSTOM_KEY = 'tai';

const unsupported = (message: string, construct: string) => detectionErrors.sigmaUnsupported({ message, details: { construct } });

/**
 * A rule as a Sigma rule (YAML): logsource product teleport, service audit; the query as selections of
 * Teleport's own field names with modifiers, and a condition; level from severity; ATT&CK tags as
 * attack.t1078 / attack.privilege_escalation; a stable UUID from the rule id. A threshold rule is a
 * collection: the detection rule (named by the rule id) and an event_count correlation over it. What
 * Sigma has no form for (joins, where, new_value, dedup, runbook) goes in the `tai` custom attribute, and
 * the rule's status is then `unsupported`: a plain Sigma tool would match more than the rule does.
 */
export function ruleToSigma(rule: Rule): string {
  const { condition } = compileRuleQuery(rule.query);
  const detection = toDetection(exportCondition(condition));
  const extras = customAttributes(rule);
  const partial = rule.join !== undefined || rule.where.length > 0 || rule.kind === 'new_value';
  const status = partial ? 'unsupported' : 'test';
  const meta = { level: SEVERITY_LEVEL[rule.severity], tags: rule.mitre.map(tagOf) };
  const base = {
    title: rule.title,
    id: stableUuid(rule.id),
    ...(rule.kind === 'threshold' ? { name: rule.id } : {}),
    status,
    ...(rule.description ? { description: rule.description } : {}),
    logsource: { product: 'teleport', service: 'audit' },
    detection,
    ...(rule.kind === 'threshold' ? {} : { ...meta, [CUSTOM_KEY]: extras }),
  };
  if (rule.kind !== 'threshold') return stringify(base);
  const correlation = {
    title: rule.title,
    id: stableUuid(`${rule.id}#correlation`),
    status,
    ...(rule.description ? { description: rule.description } : {}),
    correlation: {
      type: 'event_count',
      rules: [rule.id],
      'group-by': rule.groupBy.map(groupKeyOf),
      timespan: timespanOf(rule.threshold!.windowSeconds),
      condition: { gte: rule.threshold!.count },
    },
    ...meta,
    [CUSTOM_KEY]: extras,
  };
  return `${stringify(base)}---\n${stringify(correlation)}`;
}

function customAttributes(rule: Rule): Record<string, unknown> {
  return Object.fromEntries(Object.entries({
    rule: rule.id, version: rule.version, kind: rule.kind, enabled: rule.enabled,
    groupBy: rule.groupBy, newValue: rule.newValue, join: rule.join, where: rule.where,
    dedupWindowSeconds: rule.dedupWindowSeconds, runbook: rule.runbook,
  }).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
}

function stringify(value: Record<string, unknown>): string {
  const doc = new Document(value);
  for (const path of [['tags'], [CUSTOM_KEY, 'groupBy'], [CUSTOM_KEY, 'newValue', 'fields'], [CUSTOM_KEY, 'join', 'keep']]) {
    const node = doc.getIn(path, true);
    if (isSeq(node)) node.flow = true;
  }
  const detection = doc.get('detection', true);
  if (isMap(detection)) for (const pair of detection.items) if (isSeq(pair.value) && pair.value.items.every((i) => !isMap(i))) pair.value.flow = true;
  return doc.toString({ lineWidth: 0, blockQuote: 'literal', flowCollectionPadding: false });
}

const tagOf = (id: string) => (TACTICS[id] ? `attack.${TACTICS[id]}` : `attack.${id.toLowerCase()}`);

/** Sigma's timespan: a number and one of s, m, h, d, in the largest unit that divides the window. */
function timespanOf(seconds: number): string {
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** A groupBy field as one Teleport key (the first its field reads). */
function groupKeyOf(field: string): string {
  if (field.startsWith('raw.')) return field.slice('raw.'.length);
  const keys = FIELD_KEYS[field];
  if (!keys) throw unsupported(`groupBy ${field} has no Teleport field to name in a Sigma correlation`, `groupBy ${field}`);
  return keys[0]!;
}

function exportCondition(c: Condition): Expr {
  switch (c.kind) {
    case 'and':
    case 'or': {
      const items = c.items.map(exportCondition);
      return c.kind === 'and' ? mergeAnd(items) : mergeOr(items);
    }
    case 'not':
      return { kind: 'not', item: exportCondition(c.item) };
    case 'text':
      return { kind: 'sel', sel: { kind: 'keywords', words: [escapeValue(c.value)] } };
    case 'raw':
      return leaf([rawKey(c.path)], c.match, { cased: true, field: `raw.${c.path.join('.')}` });
    case 'field':
      return fieldLeaf(c.field, c.match);
  }
}

function fieldLeaf(field: FieldSpec, match: Match): Expr {
  const keys = FIELD_KEYS[field.name];
  if (!keys) throw unsupported(`${field.name}: has no Teleport field that holds it as Sigma would compare it${field.type === 'ip' ? ' (addr.remote carries a port)' : ''}`, `${field.name}:`);
  // Teleport's event types are lower-case and codes are compared upper-cased on both sides, so Sigma's
  // case-insensitive default means the same there; other text fields are case-sensitive here.
  const cased = (field.type === 'text' || field.type === 'code') && field.name !== 'event' && field.name !== 'code';
  return leaf(keys, match, { cased, field: field.name, bool: field.type === 'bool' });
}

function rawKey(path: readonly string[]): string {
  if (path.length === 1 && DOTTED_KEYS.has(path[0]!)) return path[0]!;
  if (path.some((p) => p.includes('.') || p.includes('|'))) throw unsupported(`raw.${path.join('.')}: a key containing a dot cannot be named in Sigma`, 'dotted raw key');
  return path.join('.');
}

function leaf(keys: readonly string[], match: Match, { cased, field, bool = false }: { cased: boolean; field: string; bool?: boolean }): Expr {
  const [modifiers, value] = modifiersAndValue(match, { field, bool });
  // Only letters have a case: `cased` on digits or paths without letters would be noise.
  const mods = [...modifiers, ...(cased && typeof value === 'string' && /\p{L}/u.test(value) ? ['cased'] : [])];
  const maps = keys.map((key) => ({ [[key, ...mods].join('|')]: value }));
  return { kind: 'sel', sel: maps.length === 1 ? { kind: 'map', map: maps[0]! } : { kind: 'maps', maps } };
}

function modifiersAndValue(match: Match, { field, bool }: { field: string; bool: boolean }): [string[], SigmaScalar] {
  switch (match.kind) {
    case 'exists':
      return [['exists'], true];
    case 'equals':
      if (bool) return [[], match.value === 'true'];
      // A raw number compares as its text here (raw.action:1); Sigma writes it as the number it is.
      if (field.startsWith('raw.') && /^-?(?:0|[1-9]\d{0,14})$/.test(match.value)) return [[], Number(match.value)];
      return [[], escapeValue(match.value)];
    case 'compare':
      if (typeof match.value !== 'number') throw unsupported(`${field}: time comparisons have no Sigma form`, 'time comparison');
      return [match.op === 'eq' ? [] : [match.op], match.value];
    case 'cidr':
      return [['cidr'], match.value];
    case 'pattern':
      return patternOf(match.pattern);
  }
}

/** A LIKE pattern (% wildcards, backslash escapes) as Sigma: contains / startswith / endswith, or * wildcards. */
function patternOf(pattern: string): [string[], string] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) part += pattern[++i];
    else if (c === '%') {
      parts.push(part);
      part = '';
    } else part += c;
  }
  parts.push(part);
  const literal = parts.map(escapeValue);
  if (literal.length === 3 && literal[0] === '' && literal[2] === '' && literal[1] !== '') return [['contains'], literal[1]!];
  if (literal.length === 2 && literal[1] === '' && literal[0] !== '') return [['startswith'], literal[0]!];
  if (literal.length === 2 && literal[0] === '' && literal[1] !== '') return [['endswith'], literal[1]!];
  return [[], literal.join('*')];
}

/** Sigma escapes its wildcards and a backslash before one; a literal * never reaches here (it is our wildcard). */
const escapeValue = (text: string): string => text.replace(/\\(?=[*?\\]|$)/g, '\\\\').replace(/\?/g, '\\?');

const isMapSel = (e: Expr): e is { kind: 'sel'; sel: { kind: 'map'; map: SigmaMap } } => e.kind === 'sel' && e.sel.kind === 'map';

/** Conditions on distinct fields ANDed together read best as one selection. */
function mergeAnd(items: Expr[]): Expr {
  const merged: Expr[] = [];
  let open: SigmaMap | null = null;
  for (const item of items) {
    const map: SigmaMap | null = isMapSel(item) ? item.sel.map : null;
    if (map && open && Object.keys(map).every((k) => !Object.hasOwn(open!, k))) {
      Object.assign(open, map);
      continue;
    }
    if (map) {
      open = { ...map };
      merged.push({ kind: 'sel', sel: { kind: 'map', map: open } });
    } else {
      merged.push(item);
      open = null;
    }
  }
  return merged.length === 1 ? merged[0]! : { kind: 'and', items: merged };
}

/** Alternatives for one field with the same modifiers are one value list. */
function mergeOr(items: Expr[]): Expr {
  const keys = items.map((i) => (isMapSel(i) && Object.keys(i.sel.map).length === 1 ? Object.keys(i.sel.map)[0]! : null));
  const value = (i: Expr) => Object.values((i as { sel: { map: SigmaMap } }).sel.map)[0]!;
  if (keys.every((k) => k !== null && k === keys[0]) && items.every((i) => !Array.isArray(value(i)))) {
    return { kind: 'sel', sel: { kind: 'map', map: { [keys[0]!]: items.map((i) => value(i) as SigmaScalar) } } };
  }
  if (items.every((i) => i.kind === 'sel' && i.sel.kind === 'keywords')) {
    return { kind: 'sel', sel: { kind: 'keywords', words: items.flatMap((i) => (i as { sel: { words: string[] } }).sel.words) } };
  }
  return { kind: 'or', items };
}

/** Names the selections (selection, or selection_1…; negated ones filter_1…) and writes the condition. */
function toDetection(expr: Expr): Record<string, unknown> {
  const detection: Record<string, unknown> = {};
  const positives = countSelections(expr, false);
  let selections = 0;
  let filters = 0;
  const body = (sel: Selection) => (sel.kind === 'map' ? sel.map : sel.kind === 'maps' ? sel.maps : sel.words);
  const write = (e: Expr, negated: boolean): string => {
    switch (e.kind) {
      case 'sel': {
        const name = negated ? `filter_${++filters}` : positives === 1 ? 'selection' : `selection_${++selections}`;
        detection[name] = body(e.sel);
        return name;
      }
      case 'not':
        return `not ${wrap(e.item, write(e.item, true), 'not')}`;
      case 'and':
        return e.items.map((i) => wrap(i, write(i, negated), 'and')).join(' and ');
      case 'or':
        return e.items.map((i) => wrap(i, write(i, negated), 'or')).join(' or ');
    }
  };
  const condition = write(expr, false);
  return { ...detection, condition };
}

function wrap(e: Expr, text: string, parent: 'and' | 'or' | 'not'): string {
  if (e.kind === 'sel' || e.kind === 'not') return text;
  if (parent === 'or' && e.kind === 'and') return text;
  return `(${text})`;
}

/** How many selections are written un-negated (negated: under a not). */
const countSelections = (e: Expr, negated: boolean): number =>
  e.kind === 'sel' ? (negated ? 0 : 1) : e.kind === 'not' ? countSelections(e.item, !negated) : e.items.reduce((n, i) => n + countSelections(i, negated), 0);
