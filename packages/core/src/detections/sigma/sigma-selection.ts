/** Sigma search identifiers (maps, lists, keywords, field|modifier: value) as trees of search-language terms. */
import { QUERY_FIELDS, type FieldSpec } from '../../query/query-fields.js';
import { detectionErrors } from '../detection-errors.js';
import { DOTTED_KEYS, KEY_FIELD } from './sigma-fields.js';
import { freeText, rawField, term, type QueryTree } from './query-text.js';

const unsupported = (message: string, construct: string) => detectionErrors.sigmaUnsupported({ message, details: { construct } });
const invalid = (message: string, field: string | null = null) => detectionErrors.sigmaInvalid({ message, details: { field } });

const FIELD_SPECS = new Map(QUERY_FIELDS.map((f) => [f.name, f]));
const SUPPORTED_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all', 'cased', 'exists', 'cidr', 'gt', 'gte', 'lt', 'lte', 'neq']);
const WHY_NOT: Record<string, string> = {
  re: 'the search language has no regular expressions',
  fieldref: 'comparing two fields is a where: fieldsEqual in a rule; add it after import',
  expand: 'placeholders need values this service does not have',
};

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One search identifier: a map (AND), a list of maps (OR), a list of keywords (OR), a keyword. */
export function searchIdentifier(name: string, value: unknown, warnings: string[]): QueryTree {
  if (typeof value === 'string' || typeof value === 'number') return freeText(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalid(`search identifier ${name} is an empty list`, `detection.${name}`);
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) return { kind: 'or', items: value.map((v) => freeText(String(v))) };
    if (value.every(isRecord)) return { kind: 'or', items: value.map((m) => selectionMap(name, m, warnings)) };
    throw unsupported(`search identifier ${name} mixes keywords and maps`, 'mixed list');
  }
  if (isRecord(value)) return selectionMap(name, value, warnings);
  throw invalid(`search identifier ${name} must be a map, a list or a keyword`, `detection.${name}`);
}

function selectionMap(name: string, map: Record<string, unknown>, warnings: string[]): QueryTree {
  const items = Object.entries(map).map(([key, value]) => fieldCondition(name, key, value, warnings));
  return items.length === 1 ? items[0]! : { kind: 'and', items };
}

type Target = { field: string; spec: FieldSpec | null };

/** `field|mod|mod: value(s)` as a condition on the search field (or raw path) that holds Teleport's key. */
function fieldCondition(name: string, key: string, value: unknown, warnings: string[]): QueryTree {
  const [fieldKey, ...modifiers] = key.split('|');
  for (const m of modifiers) {
    if (!SUPPORTED_MODIFIERS.has(m)) throw unsupported(`Sigma modifier '${m}' is not supported${WHY_NOT[m] ? `: ${WHY_NOT[m]}` : ''}`, `|${m}`);
  }
  const has = (m: string) => modifiers.includes(m);
  const values = Array.isArray(value) ? value : [value];
  if (fieldKey === '') {
    // '|all': keywords that must all appear.
    if (!values.every((v) => typeof v === 'string')) throw invalid(`${name}: keywords must be strings`, `detection.${name}`);
    return { kind: has('all') ? 'and' : 'or', items: values.map((v) => freeText(v as string)) };
  }
  const target = targetOf(fieldKey!, { cidr: has('cidr') });
  const one = (v: unknown): QueryTree => valueCondition(target, fieldKey!, v, modifiers, warnings);
  if (values.length === 0) throw invalid(`${name}: ${key} has an empty list`, `detection.${name}`);
  if (has('all') && values.length < 2) throw invalid(`${name}: the all modifier needs a list of values`, `detection.${name}`);
  const items = values.map(one);
  const joined: QueryTree = items.length === 1 ? items[0]! : { kind: has('all') ? 'and' : 'or', items };
  return has('neq') ? { kind: 'not', item: joined } : joined;
}

function targetOf(key: string, { cidr }: { cidr: boolean }): Target {
  if (cidr) {
    if (key === 'addr.remote' || key === 'identity.client_ip') return { field: 'ip', spec: FIELD_SPECS.get('ip')! };
    if (key === 'addr.local') return { field: 'local_ip', spec: FIELD_SPECS.get('local_ip')! };
    throw unsupported(`the cidr modifier on ${key} is not supported; only on addr.remote, addr.local and identity.client_ip`, '|cidr');
  }
  const field = KEY_FIELD.get(key);
  if (field) return { field, spec: FIELD_SPECS.get(field)! };
  const path = DOTTED_KEYS.has(key) ? [key] : key.split('.');
  if (path.some((p) => p === '')) throw invalid(`field name ${key} has an empty part`);
  return { field: rawField(path), spec: null };
}

function valueCondition(target: Target, key: string, value: unknown, modifiers: string[], warnings: string[]): QueryTree {
  const has = (m: string) => modifiers.includes(m);
  const { field, spec } = target;
  if (has('exists')) {
    if (typeof value !== 'boolean') throw invalid(`${key}|exists takes true or false`);
    return value ? term(field, '*') : { kind: 'not', item: term(field, '*') };
  }
  // Teleport leaves empty fields out (omitempty), so Sigma's null and '' both mean "absent" here.
  if (value === null || value === '') return { kind: 'not', item: term(field, '*') };
  const comparison = ['gt', 'gte', 'lt', 'lte'].find(has);
  if (comparison) {
    if (typeof value !== 'number' || !(spec === null || spec.type === 'int')) throw unsupported(`|${comparison} on ${key} compares numbers only`, `|${comparison}`);
    return term(field, String(value), { gt: '>', gte: '>=', lt: '<', lte: '<=' }[comparison]);
  }
  if (has('cidr')) return term(field, String(value));
  if (typeof value === 'boolean' || typeof value === 'number') {
    if ((has('contains') || has('startswith') || has('endswith'))) throw unsupported(`${key}: contains, startswith and endswith take text`, 'modifier on a number');
    return term(field, String(value));
  }
  if (typeof value !== 'string') throw invalid(`${key}: a value is a string, a number, a boolean or null`);
  let text = wildcardsOf(value, key);
  if (has('contains')) text = `*${text}*`;
  else if (has('startswith')) text = `${text}*`;
  else if (has('endswith')) text = `*${text}`;
  caseWarning({ key, spec, cased: has('cased'), value, warnings });
  return term(field, text);
}

/** Sigma's string syntax in ours: `*` stays a wildcard; `?` (one character) and a literal `*` have no form here. */
function wildcardsOf(value: string, key: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (value[i + 1] === '*' || value[i + 1] === '?' || value[i + 1] === '\\')) {
      const escaped = value[++i]!;
      if (escaped === '*') throw unsupported(`${key}: a literal * cannot be searched for (in the search language * is always a wildcard)`, 'literal *');
      out += escaped;
    } else if (c === '?') {
      throw unsupported(`${key}: the Sigma wildcard ? (any one character) is not supported; use *`, '? wildcard');
    } else {
      out += c;
    }
  }
  return out;
}

function caseWarning({ key, spec, cased, value, warnings }: { key: string; spec: FieldSpec | null; cased: boolean; value: string; warnings: string[] }) {
  if (!/\p{L}/u.test(value)) return;
  const insensitive = spec !== null && (spec.type === 'ci-text' || spec.name === 'event' || spec.name === 'code');
  if (!cased && !insensitive) warnings.push(`${key}: compared case-sensitively here, where Sigma's default is case-insensitive`);
  if (cased && spec?.type === 'ci-text') warnings.push(`${key}: compared ignoring case here, although the rule says cased`);
}

