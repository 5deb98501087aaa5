import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { detectionErrors } from '../detection-errors.js';
import { checkRuleObject, type Rule } from './rule-schema.js';

/**
 * A rule from its YAML file, or `rule.invalid` whose message starts with where the problem is
 * (`line 12, column 5: threshold.count: …`) and whose details carry field, line and column. YAML 1.2
 * core schema: `on`, `yes` and dates stay strings, as rule and event fields need.
 */
export function parseRuleYaml(text: string): Rule {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0];
    throw detectionErrors.ruleInvalid({
      // prettyErrors adds the position and a snippet to the message; the first line without them is the reason.
      message: `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      details: { field: null, line: pos?.line ?? null, column: pos?.col ?? null },
    });
  }
  const checked = checkRuleObject(doc.toJS({ maxAliasCount: 50 }));
  if (checked.ok) return checked.rule;
  const issues = checked.issues.map((issue) => {
    const pos = positionOf(doc, issue.path, lineCounter);
    return { field: issue.field, message: issue.message, line: pos?.line ?? null, column: pos?.col ?? null };
  });
  const first = issues[0]!;
  throw detectionErrors.ruleInvalid({
    message: `${first.line ? `line ${first.line}, column ${first.column}: ` : ''}${first.field}: ${first.message}`,
    details: { field: first.field, line: first.line, column: first.column, issues },
  });
}

/**
 * The position of the deepest part of `path` that exists: a scalar value itself, the key of a map or
 * list value (where the eye looks for `threshold:`), or the map that lacks a key.
 */
function positionOf(doc: Document, path: (string | number)[], lineCounter: LineCounter) {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      const node = (isScalar(pair?.value) ? pair!.value : pair?.key) as Node | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]);
    } else if (isSeq(parent) && typeof key === 'number') {
      const node = parent.items[key] as Node | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]);
    }
  }
  const root = doc.contents as Node | null;
  return root?.range ? lineCounter.linePos(root.range[0]) : null;
}

/** The keys of a rule file, in the order they are written: what it is, what it matches, how it alerts, its tests. */
const KEY_ORDER: (keyof Rule)[] = ['id', 'version', 'title', 'description', 'kind', 'severity', 'enabled', 'query', 'threshold', 'newValue', 'groupBy', 'join', 'where', 'dedupWindowSeconds', 'mitre', 'runbook', 'tests'];

/**
 * A rule as its YAML file: keys in KEY_ORDER, empty optional parts left out, multi-line text as literal
 * blocks, lists of names and each test event on one line (events read like the JSON lines they come from).
 * parseRuleYaml(ruleToYaml(rule)) equals the rule.
 */
export function ruleToYaml(rule: Rule): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = rule[key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'tests') {
      const tests = Object.fromEntries(Object.entries(rule.tests).filter(([, events]) => events.length > 0));
      if (Object.keys(tests).length > 0) ordered.tests = tests;
      continue;
    }
    ordered[key] = value;
  }
  const doc = new Document(ordered);
  // Short lists of names read best on one line: groupBy: [user], mitre: [T1078, TA0004].
  for (const path of [['groupBy'], ['mitre'], ['newValue', 'fields'], ['join', 'keep']]) {
    const node = doc.getIn(path, true);
    if (isSeq(node)) node.flow = true;
  }
  const tests = doc.get('tests', true);
  if (isMap(tests)) {
    for (const pair of tests.items) {
      if (isSeq(pair.value)) for (const event of pair.value.items) if (isMap(event)) event.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0, blockQuote: 'literal', flowCollectionPadding: true });
}
