import { assertRuleTests, detectionErrors, errors, runRuleTests, type Rule } from '@tai/core';
import type { DetectionRuleRow, Repositories } from '@tai/db';
import { ruleWrite } from './rule-rows.js';
import { ifMatchVersion, issuesOf, ruleFromBody, type RuleCheckIssue } from './rule-input.js';

export type RulesDeps = { detectionRules: Repositories['detectionRules']; now: () => Date };

export type RuleListFilter = { enabled?: 'true' | 'false' | undefined; kind?: string | undefined; severity?: string | undefined };

export async function listRules(deps: RulesDeps, { tenantId, filter }: { tenantId: string; filter: RuleListFilter }): Promise<DetectionRuleRow[]> {
  const rows = await deps.detectionRules.list({ tenantId });
  return rows.filter((r) => (filter.enabled === undefined || String(r.enabled) === filter.enabled)
    && (!filter.kind || r.kind === filter.kind) && (!filter.severity || r.severity === filter.severity));
}

export async function getRuleRow(deps: RulesDeps, { tenantId, ruleId }: { tenantId: string; ruleId: string }): Promise<DetectionRuleRow> {
  const row = await deps.detectionRules.get({ tenantId, ruleId });
  if (!row) throw detectionErrors.ruleNotFound();
  return row;
}

/**
 * Creates or replaces a rule from a PUT: validated, its own tests run (a rule whose tests fail is not
 * saved), and saved as a new version unless the version it was made from (If-Match or expectVersion)
 * is no longer the stored one.
 */
export async function saveRule(deps: RulesDeps, { tenantId, ruleId, body, ifMatch, updatedBy }: { tenantId: string; ruleId: string; body: unknown; ifMatch: string | undefined; updatedBy: string }) {
  const headerVersion = ifMatchVersion(ifMatch);
  const { rule, expectVersion: bodyVersion } = ruleFromBody(body, { ruleId });
  if (headerVersion !== undefined && bodyVersion !== undefined && headerVersion !== bodyVersion) {
    throw errors.badRequest({ message: `If-Match (${headerVersion}) and expectVersion (${bodyVersion}) disagree`, details: { field: 'expectVersion' } });
  }
  const expectVersion = headerVersion ?? bodyVersion;
  assertRuleTests(rule);
  const saved = await deps.detectionRules.save({ tenantId, rule: ruleWrite(rule), builtin: false, updatedBy, now: deps.now(), expectVersion });
  if (!saved.row) {
    throw errors.conflict({ message: `The rule is at version ${saved.conflict}, not ${expectVersion}: someone saved it meanwhile; start again from version ${saved.conflict}`, details: { currentVersion: saved.conflict } });
  }
  // Deleting a rule deletes its versions, so version 1 is always a creation.
  return { row: saved.row, created: saved.row.version === 1 };
}

export async function setRuleEnabled(deps: RulesDeps, { tenantId, ruleId, enabled, updatedBy }: { tenantId: string; ruleId: string; enabled: boolean; updatedBy: string }) {
  const row = await deps.detectionRules.setEnabled({ tenantId, ruleId, enabled, updatedBy, now: deps.now() });
  if (!row) throw detectionErrors.ruleNotFound();
  return row;
}

export type RuleCheck = { valid: boolean; issues: RuleCheckIssue[]; failures: Array<{ case: string; message: string }> };

/** What saving would say of a rule, without saving it: its issues, or its failing test cases. */
export function checkRule(body: unknown): RuleCheck {
  let rule: Rule;
  try {
    rule = ruleFromBody(body).rule;
  } catch (err) {
    const issues = issuesOf(err);
    if (!issues) throw err;
    return { valid: false, issues, failures: [] };
  }
  const failures = runRuleTests(rule);
  return { valid: failures.length === 0, issues: [], failures };
}
