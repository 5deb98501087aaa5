import { parseAllDocuments } from 'yaml';
import { AppError } from '../../errors.js';
import { detectionErrors } from '../detection-errors.js';
import { MITRE_ID, validateRule, type Rule, type Severity } from '../rules/rule-schema.js';
import { CUSTOM_KEY } from './sigma-export.js';
import { DOTTED_KEYS, KEY_FIELD, LEVEL_SEVERITY, TACTICS } from './sigma-fields.js';
import { searchIdentifier } from './sigma-selection.js';
import { parseSigmaCondition, type SigmaCondition } from './sigma-condition.js';
import { isRecord } from './sigma-selection.js';
import { queryText, rawField, type QueryTree } from './query-text.js';

export type SigmaImport = { rule: Rule; warnings: string[] };

const unsupported = (message: string, construct: string) => detectionErrors.sigmaUnsupported({ message, details: { construct } });
const invalid = (message: string, field: string | null = null) => detectionErrors.sigmaInvalid({ message, details: { field } });

const TACTIC_IDS = new Map(Object.entries(TACTICS).map(([id, name]) => [name, id]));

/**
 * A Sigma rule for Teleport (logsource product teleport, Teleport's field names) as a rule here, with
 * warnings where the meaning shifts (case: Sigma compares case-insensitively, most text fields here do
 * not). Supported: selections as maps (AND) and lists (OR), keywords, the modifiers contains, startswith,
 * endswith, all, cased, exists, cidr (on addr.remote / addr.local), gt/gte/lt/lte, neq; conditions with
 * and/or/not, `1 of` / `all of` patterns and them; a collection of a rule and an event_count correlation
 * over it (a threshold rule). Anything else is `sigma.unsupported`, naming the construct. Our own export's
 * `tai` attribute restores what Sigma cannot carry (joins, where, new_value, dedup, runbook).
 */
export function sigmaToRule(text: string): SigmaImport {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw invalid('the Sigma text is empty');
  const values: Record<string, unknown>[] = docs.map((doc, i) => {
    const error = doc.errors[0];
    if (error) throw invalid(`document ${i + 1}: ${error.message.split('\n')[0]}`);
    const value = doc.toJS();
    if (!isRecord(value)) throw invalid(`document ${i + 1} is not a map`);
    return value;
  });
  const detections = values.filter((v) => 'detection' in v);
  const correlations = values.filter((v) => 'correlation' in v);
  if (values.some((v) => v.action === 'global' || v.action === 'repeat')) throw unsupported('Sigma 1 rule collections (action: global / repeat) are not supported; write each rule in full', 'action');
  if (detections.length !== 1 || correlations.length > 1 || detections.length + correlations.length !== values.length) {
    throw unsupported(`a collection of ${detections.length} detection rule(s) and ${correlations.length} correlation(s) is not supported; import one rule, optionally with one event_count correlation over it`, 'collection');
  }
  const base = detections[0]!;
  const correlation = correlations[0] ?? null;
  const outer = correlation ?? base;
  checkLogsource(base.logsource);

  const warnings: string[] = [];
  const detection = base.detection;
  if (!isRecord(detection)) throw invalid('detection must be a map of search identifiers and a condition', 'detection');
  if ('timeframe' in detection) throw unsupported('timeframe (Sigma 1 aggregation) is not supported; use a threshold rule (or a Sigma correlation with timespan)', 'timeframe');
  const identifiers = Object.keys(detection).filter((k) => k !== 'condition');
  const conditions = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string')) throw invalid('detection.condition must be a string (or a list of them)', 'detection.condition');
  const trees = conditions.map((c) => parseSigmaCondition(c as string, identifiers));
  const cache = new Map<string, QueryTree>();
  const selection = (name: string) => {
    if (!cache.has(name)) cache.set(name, searchIdentifier(name, detection[name], warnings));
    return cache.get(name)!;
  };
  const toTree = (c: SigmaCondition): QueryTree =>
    c.kind === 'ref' ? selection(c.name) : c.kind === 'not' ? { kind: 'not', item: toTree(c.item) } : { kind: c.kind, items: c.items.map(toTree) };
  const query = queryText(trees.length === 1 ? toTree(trees[0]!) : { kind: 'or', items: trees.map(toTree) });

  const custom = isRecord(outer[CUSTOM_KEY]) ? outer[CUSTOM_KEY] : {};
  const threshold = correlation ? thresholdOf(correlation, base) : null;
  const kind = threshold ? 'threshold' : custom.kind === 'new_value' ? 'new_value' : 'match';
  const input = {
    id: typeof custom.rule === 'string' ? custom.rule : idOf(outer),
    ...(typeof custom.version === 'number' ? { version: custom.version } : {}),
    title: typeof outer.title === 'string' ? outer.title : invalidTitle(),
    ...(typeof outer.description === 'string' ? { description: outer.description } : {}),
    kind,
    severity: severityOf(outer.level, warnings),
    query,
    ...(threshold ? { threshold: threshold.threshold } : {}),
    groupBy: Array.isArray(custom.groupBy) ? custom.groupBy : threshold?.groupBy ?? [],
    ...pick(custom, ['enabled', 'newValue', 'join', 'where', 'dedupWindowSeconds', 'runbook']),
    ...(kind !== 'new_value' ? { newValue: undefined } : {}),
    mitre: mitreOf(outer.tags),
  };
  try {
    return { rule: validateRule(input), warnings };
  } catch (err) {
    if (err instanceof AppError && err.code === 'rule.invalid') throw unsupported(`the converted rule is not valid here: ${err.message}`, String(err.details?.field ?? 'rule'));
    throw err;
  }
}

function checkLogsource(logsource: unknown): void {
  if (!isRecord(logsource) || typeof logsource.product !== 'string') throw unsupported('logsource product is missing; only rules for logsource product teleport can be imported', 'logsource');
  if (logsource.product.toLowerCase() !== 'teleport') throw unsupported(`logsource product '${logsource.product}' is not Teleport`, 'logsource.product');
  if (logsource.service !== undefined && String(logsource.service).toLowerCase() !== 'audit') throw unsupported(`logsource service '${String(logsource.service)}' is not Teleport's audit log`, 'logsource.service');
}

/** An event_count correlation over the detection rule, with a gte (or gt) count: a threshold rule. */
function thresholdOf(correlation: Record<string, unknown>, base: Record<string, unknown>) {
  const c = correlation.correlation;
  if (!isRecord(c)) throw invalid('correlation must be a map', 'correlation');
  if (c.type !== 'event_count') throw unsupported(`correlation type '${String(c.type)}' is not supported; only event_count (a threshold rule)`, 'correlation.type');
  const rules = Array.isArray(c.rules) ? c.rules : [];
  if (rules.length !== 1 || (rules[0] !== base.name && rules[0] !== base.id)) throw unsupported('an event_count correlation must count the one detection rule of the file (by its name or id)', 'correlation.rules');
  const condition = isRecord(c.condition) ? c.condition : {};
  const count = typeof condition.gte === 'number' ? condition.gte : typeof condition.gt === 'number' ? condition.gt + 1 : null;
  if (count === null || Object.keys(condition).length !== 1) throw unsupported('a correlation condition other than one gte or gt is not supported', 'correlation.condition');
  const groupBy = (Array.isArray(c['group-by']) ? c['group-by'] : []).map((k) => {
    const key = String(k);
    return KEY_FIELD.get(key) ?? rawField(DOTTED_KEYS.has(key) ? [key] : key.split('.'));
  });
  return { threshold: { count, windowSeconds: timespanSeconds(c.timespan) }, groupBy };
}

function timespanSeconds(value: unknown): number {
  const m = typeof value === 'string' ? /^(\d+)([smhd])$/.exec(value) : null;
  if (!m) throw invalid(`timespan ${String(value)} is not a number and one of s, m, h, d`, 'correlation.timespan');
  return Number(m[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function severityOf(level: unknown, warnings: string[]): Severity {
  if (level === undefined) return 'medium';
  const severity = LEVEL_SEVERITY[String(level).toLowerCase()];
  if (severity) return severity;
  warnings.push(`level ${String(level)} is not a Sigma level; medium is used`);
  return 'medium';
}

/** attack.t1078 → T1078, attack.t1078.003 → T1078.003, attack.privilege_escalation → TA0004; other tags are not ATT&CK. */
function mitreOf(tags: unknown): string[] {
  const out = new Set<string>();
  for (const tag of Array.isArray(tags) ? tags : []) {
    const m = /^attack\.(.+)$/i.exec(String(tag));
    if (!m) continue;
    const id = m[1]!.toUpperCase();
    if (MITRE_ID.test(id)) out.add(id);
    else if (TACTIC_IDS.has(m[1]!.toLowerCase())) out.add(TACTIC_IDS.get(m[1]!.toLowerCase())!);
  }
  return [...out];
}

/** A rule id from the Sigma rule: its name, else its title as a slug, else its id. */
function idOf(doc: Record<string, unknown>): string {
  for (const candidate of [doc.name, doc.title]) {
    const slug = typeof candidate === 'string' ? candidate.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '') : '';
    if (slug) return slug;
  }
  return `sigma-${String(doc.id ?? 'rule').toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 12) || 'rule'}`;
}

const invalidTitle = (): never => { throw invalid('a Sigma rule needs a title', 'title'); };
const pick = (source: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
