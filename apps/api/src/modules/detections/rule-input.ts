import { detectionErrors, errors, isAppError, parseRuleYaml, validateRule, type Rule } from '@tai/core';
import { parseDocument, isMap } from 'yaml';

// GET /v1/rules/export is a route of its own, so a rule of that id could never be read back.
const RESERVED_RULE_IDS = new Set(['export']);

const invalid = (field: string, message: string) => detectionErrors.ruleInvalid({ message: `${field}: ${message}`, details: { field, issues: [{ field, message }] } });

/**
 * A rule from a request body: a JSON object, or YAML text (its errors name line and column). A missing
 * id is taken from `ruleId` (the path); a different one is refused. `expectVersion` (JSON only) is not
 * part of the rule and is returned apart.
 */
export function ruleFromBody(body: unknown, { ruleId }: { ruleId?: string } = {}): { rule: Rule; expectVersion: number | undefined } {
  let rule: Rule;
  let expectVersion: number | undefined;
  if (typeof body === 'string') {
    rule = parseRuleYaml(ruleId ? withId(body, ruleId) : body);
  } else {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('(rule)', 'the body must be a rule: a JSON object, or YAML with content-type application/yaml');
    const { expectVersion: expected, ...rest } = body as Record<string, unknown>;
    if (expected !== undefined && (!Number.isInteger(expected) || (expected as number) < 1)) throw invalid('expectVersion', 'must be a version number (1 or more)');
    expectVersion = expected as number | undefined;
    rule = validateRule(ruleId && rest.id === undefined ? { ...rest, id: ruleId } : rest);
  }
  if (ruleId && rule.id !== ruleId) throw invalid('id', `the rule's id ${rule.id} differs from the path's ${ruleId}; rename by creating the new id and deleting the old`);
  checkRuleId(rule.id);
  return { rule, expectVersion };
}

export function checkRuleId(id: string): void {
  if (RESERVED_RULE_IDS.has(id)) throw invalid('id', `${id} is reserved (it is a route of the rules API); choose another id`);
}

/** Sets the id of a YAML rule that has none; a text that does not parse is left for parseRuleYaml to explain. */
function withId(text: string, ruleId: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents) || doc.has('id')) return text;
  doc.set('id', ruleId);
  return doc.toString({ lineWidth: 0 });
}

/** `If-Match: 3` (or an ETag, `"3"`, `W/"3"`): the version a save is made from. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m || Number(m[1]) < 1) throw errors.badRequest({ message: 'If-Match must be the version the change is made from (the rule\'s ETag, e.g. "3")', details: { header: 'if-match' } });
  return Number(m[1]);
}

export type RuleCheckIssue = { field: string; message: string; line?: number | null; column?: number | null };

/** The issues of a `rule.invalid` error, each with its field (and place in the YAML). */
export function issuesOf(err: unknown): RuleCheckIssue[] | null {
  if (!isAppError(err) || err.code !== 'rule.invalid') return null;
  const d = err.details ?? {};
  if (Array.isArray(d.issues)) return d.issues as RuleCheckIssue[];
  return [{ field: typeof d.field === 'string' ? d.field : '(rule)', message: err.message, line: (d.line as number | null | undefined) ?? null, column: (d.column as number | null | undefined) ?? null }];
}
