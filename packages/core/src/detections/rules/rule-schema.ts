import { z } from 'zod';
import { AppError } from '../../errors.js';
import { compileRuleQuery } from '../matcher/rule-query.js';
import { detectionErrors } from '../detection-errors.js';
import { parseFieldRef } from './field-refs.js';
import { predicateFields, predicateSchema, usesFirstForKey, type Predicate } from './rule-predicates.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const RULE_KINDS = ['match', 'threshold', 'new_value'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type RuleKind = (typeof RULE_KINDS)[number];

/** An event as a sender posts it (Teleport's JSON), before normalization. */
export type RawEvent = Record<string, unknown>;

/**
 * A detection rule as data, stored per tenant and kept in git as YAML (rule-yaml.ts).
 *
 * - `query` is the search language (README "The query language"), without time ranges (rule-query.ts).
 * - `threshold` (kind threshold): `count` matches per group with event times in (t − windowSeconds, t].
 * - `newValue` (kind new_value): fires the first time the tuple of `fields` is seen for a group, after
 *   `learnDays` of only recording.
 * - `groupBy`: fields whose values make the group key (and the alert key, with the rule id).
 * - `join`: links each matching event to an earlier (or later) event matching `join.query` that has the
 *   same value of `on`, keeping its `keep` fields as `joined.<field>` for `where`; both sides wait up to
 *   `windowSeconds` for the other.
 * - `where`: predicate extensions (rule-predicates.ts), ANDed after the query.
 * - `tests`: raw events. `given` are evaluated first (their firings ignored); for match and new_value every
 *   mustMatch event fires and no mustNotMatch event does, each on its own after `given`; for threshold the
 *   mustMatch events in order fire (on the last one) and the mustNotMatch events in order never fire.
 */
export type Rule = {
  id: string;
  version: number;
  title: string;
  description: string;
  kind: RuleKind;
  severity: Severity;
  enabled: boolean;
  query: string;
  threshold?: { count: number; windowSeconds: number } | undefined;
  newValue?: { fields: string[]; learnDays: number } | undefined;
  groupBy: string[];
  join?: { on: string; query: string; keep: string[]; windowSeconds: number } | undefined;
  where: Predicate[];
  dedupWindowSeconds: number;
  mitre: string[];
  runbook: string;
  tests: { given: RawEvent[]; mustMatch: RawEvent[]; mustNotMatch: RawEvent[] };
};

const DAY = 86_400;
export const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** ATT&CK techniques (T1078, T1078.003) and tactics (TA0004). */
export const MITRE_ID = /^(?:T\d{4}(?:\.\d{3})?|TA\d{4})$/;

const rawEvent = z.record(z.string(), z.unknown()).superRefine((event, ctx) => {
  if (typeof event.event !== 'string' || event.event === '') ctx.addIssue({ code: 'custom', message: 'a test event is a Teleport event: a JSON object with a non-empty "event" type' });
});
const fieldList = (max: number) => z.array(z.string().min(1)).max(max);

const ruleObject = z.object({
  id: z.string().regex(RULE_ID, 'a slug: lower-case letters and digits in words joined by -').max(64),
  version: z.number().int().min(1).default(1),
  title: z.string().min(1).max(200),
  description: z.string().max(4_000).default(''),
  kind: z.enum(RULE_KINDS),
  severity: z.enum(SEVERITIES),
  enabled: z.boolean().default(true),
  query: z.string().min(1),
  threshold: z.object({
    count: z.number().int().min(1).max(10_000),
    windowSeconds: z.number().int().min(1).max(7 * DAY),
  }).strict().optional(),
  newValue: z.object({
    fields: fieldList(5).min(1),
    learnDays: z.number().int().min(0).max(90).default(7),
  }).strict().optional(),
  groupBy: fieldList(5).default([]),
  join: z.object({
    on: z.string().min(1),
    query: z.string().min(1),
    keep: fieldList(10).default([]),
    windowSeconds: z.number().int().min(1).max(30 * DAY).default(7 * DAY),
  }).strict().optional(),
  where: z.array(predicateSchema).max(20).default([]),
  dedupWindowSeconds: z.number().int().min(0).max(30 * DAY).default(3_600),
  mitre: z.array(z.string().regex(MITRE_ID, 'an ATT&CK technique (T1078, T1078.003) or tactic (TA0004)')).max(20).default([]),
  runbook: z.string().max(20_000).default(''),
  tests: z.object({
    given: z.array(rawEvent).max(100).default([]),
    mustMatch: z.array(rawEvent).max(100).default([]),
    mustNotMatch: z.array(rawEvent).max(100).default([]),
  }).strict().default({ given: [], mustMatch: [], mustNotMatch: [] }),
}).strict();

export const ruleSchema = ruleObject.superRefine((rule, ctx) => checkRule(rule as Rule, ctx));

type Issue = { path: (string | number)[]; message: string };

/** The checks a schema cannot express: kinds and their settings, field references, queries. */
function checkRule(r: Rule, ctx: z.RefinementCtx): void {
  const issue = ({ path, message }: Issue) => ctx.addIssue({ code: 'custom', path, message });
  if (r.kind === 'threshold' && !r.threshold) issue({ path: ['threshold'], message: 'a threshold rule needs threshold: { count, windowSeconds }' });
  if (r.kind !== 'threshold' && r.threshold) issue({ path: ['threshold'], message: `threshold is only for kind threshold, not ${r.kind}` });
  if (r.kind === 'new_value' && !r.newValue) issue({ path: ['newValue'], message: 'a new_value rule needs newValue: { fields }' });
  if (r.kind !== 'new_value' && r.newValue) issue({ path: ['newValue'], message: `newValue is only for kind new_value, not ${r.kind}` });

  const kept = new Set(r.join?.keep ?? []);
  const checkRef = (text: string, path: (string | number)[], { joinedAllowed }: { joinedAllowed: boolean }) => {
    const parsed = parseFieldRef(text);
    if (typeof parsed === 'string') return issue({ path, message: parsed });
    if (parsed.kind !== 'joined') return;
    if (!joinedAllowed) return issue({ path, message: `"${text}": joined. fields are only for where` });
    if (!r.join) return issue({ path, message: `"${text}" needs a join` });
    if (!kept.has(parsed.field)) issue({ path, message: `"${text}": add "${parsed.field}" to join.keep` });
  };
  r.groupBy.forEach((f, i) => checkRef(f, ['groupBy', i], { joinedAllowed: false }));
  r.newValue?.fields.forEach((f, i) => checkRef(f, ['newValue', 'fields', i], { joinedAllowed: false }));
  if (r.join) {
    checkRef(r.join.on, ['join', 'on'], { joinedAllowed: false });
    r.join.keep.forEach((f, i) => checkRef(f, ['join', 'keep', i], { joinedAllowed: false }));
    checkQuery(r.join.query, ['join', 'query'], issue);
  }
  r.where.forEach((p, i) => {
    predicateFields(p).forEach((f) => checkRef(f, ['where', i], { joinedAllowed: true }));
    if (usesFirstForKey(p) && !r.join) issue({ path: ['where', i], message: 'firstForKey counts events sharing the join key; it needs a join' });
    queriesOf(p).forEach((q) => checkQuery(q, ['where', i, 'query'], issue));
  });
  checkQuery(r.query, ['query'], issue);
}

function checkQuery(text: string, path: (string | number)[], issue: (i: Issue) => void) {
  try {
    compileRuleQuery(text, { field: path.join('.') });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    issue({ path, message: err.message.replace(`${path.join('.')}: `, '') });
  }
}

const queriesOf = (p: Predicate): string[] =>
  'query' in p ? [p.query] : 'anyOf' in p ? p.anyOf.flatMap(queriesOf) : 'not' in p ? queriesOf(p.not) : [];

export type RuleIssue = { field: string; path: (string | number)[]; message: string };

/** Validates a rule object (defaults filled); the issues, each with its dotted field, or the rule. */
export function checkRuleObject(input: unknown): { ok: true; rule: Rule } | { ok: false; issues: RuleIssue[] } {
  const result = ruleSchema.safeParse(input);
  if (result.success) return { ok: true, rule: result.data as Rule };
  return {
    ok: false,
    issues: result.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { field: path.join('.') || '(rule)', path, message: i.message };
    }),
  };
}

/** A valid rule, or `rule.invalid` naming the first problem's field (all problems in details.issues). */
export function validateRule(input: unknown): Rule {
  const checked = checkRuleObject(input);
  if (checked.ok) return checked.rule;
  const [first] = checked.issues;
  throw detectionErrors.ruleInvalid({
    message: `${first!.field}: ${first!.message}`,
    details: { field: first!.field, issues: checked.issues.map(({ field, message }) => ({ field, message })) },
  });
}
