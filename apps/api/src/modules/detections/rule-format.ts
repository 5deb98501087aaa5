import { AppError, checkRuleObject, isAppError, ruleToSigma, ruleToYaml, type Rule } from '@tai/core';
import type { DetectionRuleRow } from '@tai/db';

export type RuleFormat = 'json' | 'yaml' | 'sigma';
export const YAML_CONTENT_TYPE = 'application/yaml; charset=utf-8';

/** A stored definition as a Rule (defaults filled); one an older release stored that no longer validates, as it is. */
export function storedRule(definition: Record<string, unknown>): Rule {
  const checked = checkRuleObject(definition);
  return checked.ok ? checked.rule : (definition as unknown as Rule);
}

/**
 * `sigma.unsupported` is a 400 where it judges a Sigma file someone sent; here the request is fine and the
 * rule is what Sigma cannot say (or the Sigma what we cannot evaluate), so it is answered 422, code kept.
 */
export function sigmaUnprocessable(err: unknown, extra: Record<string, unknown> = {}, prefix = ''): unknown {
  if (!isAppError(err) || err.code !== 'sigma.unsupported') return err;
  return new AppError({ code: err.code, statusCode: 422, message: `${prefix}${err.message}`, details: { ...err.details, ...extra }, cause: err });
}

/** The rule as its YAML file or as a Sigma rule (a collection of two documents for a threshold rule). */
export function ruleText(rule: Rule, format: 'yaml' | 'sigma'): string {
  if (format === 'yaml') return ruleToYaml(rule);
  try {
    return ruleToSigma(rule);
  } catch (err) {
    throw sigmaUnprocessable(err);
  }
}

export const ruleMeta = (row: DetectionRuleRow) => ({
  builtin: row.builtin, edited: row.edited, enabledAt: row.enabledAt?.toISOString() ?? null, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy,
});

export const presentRule = (row: DetectionRuleRow) => ({ rule: row.definition, meta: ruleMeta(row) });

export function presentRuleSummary(row: DetectionRuleRow) {
  const d = row.definition;
  return {
    id: row.ruleId, title: row.title, kind: row.kind, severity: row.severity, enabled: row.enabled, builtin: row.builtin, edited: row.edited, version: row.version,
    mitre: Array.isArray(d.mitre) ? d.mitre.map(String) : [], description: typeof d.description === 'string' ? d.description : '',
    updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy,
  };
}
