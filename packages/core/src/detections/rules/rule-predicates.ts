import { z } from 'zod';
import { canonicalJson } from '../../events/canonical-json.js';
import { parseEventTime } from '../../events/event-time.js';
import type { NormalizedEvent } from '../../events/normalized-event.js';
import { compileRuleQuery } from '../matcher/rule-query.js';
import { epochMicros, SECOND_MICROS } from '../micro-time-math.js';
import { isDestructiveSql } from './destructive-sql.js';
import { emailInClusterDomain } from './email-domain.js';
import { parseFieldRef, readFieldRef, type FieldRef, type FieldValue } from './field-refs.js';

/**
 * Predicate extensions: what a rule needs that the search language cannot say, each small, typed and
 * named, ANDed after the query (`where:` is a list). The SQL backtest must either support each one or
 * filter the query's rows through `compileWhere` in memory.
 *
 *   query            a further search-language condition (useful inside anyOf / not)
 *   fieldsEqual      two fields of the event are set and equal: [user, joined.user]
 *   fieldsDiffer     two fields are set and differ
 *   durationAtLeast  `to` − `from`, both times, is at least `seconds`: certificate or access lifetimes
 *   contains         the field is, or is an array holding, one of `values` exactly (a literal `*`)
 *   anyBits          the integer field has one of `mask`'s bits set: file modes
 *   emailDomain      the email's domain is (matchesCluster: true) or is not (false) the cluster's domain
 *   destructiveSql   the field holds DROP, TRUNCATE or DELETE without WHERE
 *   firstForKey      no earlier event of this rule shares the join key (join rules only)
 *   anyOf, not       combinators
 */
export type Predicate =
  | { query: string }
  | { fieldsEqual: [string, string] }
  | { fieldsDiffer: [string, string] }
  | { durationAtLeast: { from: string; to: string; seconds: number } }
  | { contains: { field: string; values: (string | number | boolean)[] } }
  | { anyBits: { field: string; mask: number } }
  | { emailDomain: { field: string; matchesCluster: boolean } }
  | { destructiveSql: { field: string } }
  | { firstForKey: true }
  | { anyOf: Predicate[] }
  | { not: Predicate };

export const PREDICATE_NAMES = ['query', 'fieldsEqual', 'fieldsDiffer', 'durationAtLeast', 'contains', 'anyBits', 'emailDomain', 'destructiveSql', 'firstForKey', 'anyOf', 'not'] as const;

const fieldName = z.string().min(1);
const pair = z.tuple([fieldName, fieldName]);

export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.object({
    query: z.string().min(1),
    fieldsEqual: pair,
    fieldsDiffer: pair,
    durationAtLeast: z.object({ from: fieldName, to: fieldName, seconds: z.number().int().positive() }).strict(),
    contains: z.object({ field: fieldName, values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }).strict(),
    anyBits: z.object({ field: fieldName, mask: z.number().int().positive() }).strict(),
    emailDomain: z.object({ field: fieldName, matchesCluster: z.boolean() }).strict(),
    destructiveSql: z.object({ field: fieldName }).strict(),
    firstForKey: z.literal(true),
    anyOf: z.array(predicateSchema).min(1),
    not: predicateSchema,
  }).partial().strict().superRefine((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length !== 1) ctx.addIssue({ code: 'custom', message: `a predicate is exactly one of ${PREDICATE_NAMES.join(', ')}; got ${keys.length === 0 ? 'none' : keys.join(' and ')}` });
  }) as unknown as z.ZodType<Predicate>,
);

/** What a predicate sees: the event, the joined event's kept fields, and how many earlier events share the join key. */
export type PredicateInput = { event: NormalizedEvent; joined: Record<string, FieldValue> | null; prior: number };
export type CompiledPredicate = (input: PredicateInput) => boolean;

/** The field references a predicate reads, for validation (unknown fields, joined.* without a join). */
export function predicateFields(p: Predicate): string[] {
  if ('fieldsEqual' in p) return p.fieldsEqual;
  if ('fieldsDiffer' in p) return p.fieldsDiffer;
  if ('durationAtLeast' in p) return [p.durationAtLeast.from, p.durationAtLeast.to];
  if ('contains' in p) return [p.contains.field];
  if ('anyBits' in p) return [p.anyBits.field];
  if ('emailDomain' in p) return [p.emailDomain.field];
  if ('destructiveSql' in p) return [p.destructiveSql.field];
  if ('anyOf' in p) return p.anyOf.flatMap(predicateFields);
  if ('not' in p) return predicateFields(p.not);
  return [];
}

export const usesFirstForKey = (p: Predicate): boolean =>
  'firstForKey' in p || ('anyOf' in p && p.anyOf.some(usesFirstForKey)) || ('not' in p && usesFirstForKey(p.not));

/** Compiles a `where` list (ANDed). Field references must have been validated (rule-schema.ts). */
export function compileWhere(where: readonly Predicate[]): CompiledPredicate {
  const items = where.map(compilePredicate);
  return (input) => items.every((item) => item(input));
}

function compilePredicate(p: Predicate): CompiledPredicate {
  if ('query' in p) {
    const { predicate } = compileRuleQuery(p.query, { field: 'where.query' });
    return ({ event }) => predicate(event);
  }
  if ('fieldsEqual' in p || 'fieldsDiffer' in p) {
    const equal = 'fieldsEqual' in p;
    const [a, b] = (equal ? p.fieldsEqual : p.fieldsDiffer).map(ref);
    return ({ event, joined }) => {
      const left = readFieldRef(event, a!, joined);
      const right = readFieldRef(event, b!, joined);
      if (left === null || right === null) return false;
      return (canonicalJson(left) === canonicalJson(right)) === equal;
    };
  }
  if ('durationAtLeast' in p) {
    const from = ref(p.durationAtLeast.from);
    const to = ref(p.durationAtLeast.to);
    const atLeast = p.durationAtLeast.seconds * SECOND_MICROS;
    return ({ event, joined }) => {
      const start = timeOf(readFieldRef(event, from, joined));
      const end = timeOf(readFieldRef(event, to, joined));
      return start !== null && end !== null && end - start >= atLeast;
    };
  }
  if ('contains' in p) {
    const field = ref(p.contains.field);
    const values = p.contains.values;
    return ({ event, joined }) => {
      const value = readFieldRef(event, field, joined);
      return Array.isArray(value) ? value.some((v) => values.includes(v as string)) : values.includes(value as string);
    };
  }
  if ('anyBits' in p) {
    const field = ref(p.anyBits.field);
    const mask = p.anyBits.mask;
    return ({ event, joined }) => {
      const value = readFieldRef(event, field, joined);
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && (BigInt(value) & BigInt(mask)) !== 0n;
    };
  }
  if ('emailDomain' in p) {
    const field = ref(p.emailDomain.field);
    const expected = p.emailDomain.matchesCluster;
    return ({ event, joined }) => emailInClusterDomain(readFieldRef(event, field, joined), event.clusterName) === expected;
  }
  if ('destructiveSql' in p) {
    const field = ref(p.destructiveSql.field);
    return ({ event, joined }) => {
      const value = readFieldRef(event, field, joined);
      return typeof value === 'string' && isDestructiveSql(value);
    };
  }
  if ('firstForKey' in p) return ({ prior }) => prior === 0;
  if ('anyOf' in p) {
    const items = p.anyOf.map(compilePredicate);
    return (input) => items.some((item) => item(input));
  }
  const inner = compilePredicate(p.not);
  return (input) => !inner(input);
}

function ref(text: string): FieldRef {
  const parsed = parseFieldRef(text);
  if (typeof parsed === 'string') throw new Error(`unvalidated field reference: ${parsed}`);
  return parsed;
}

/** Microseconds since the epoch of a time value (a column's MicroTime, or an RFC 3339 string in raw); Go's zero time is no time. */
function timeOf(value: FieldValue): number | null {
  const parsed = parseEventTime(value);
  return parsed.time === null ? null : epochMicros(parsed.time);
}
