// Reading a rule's YAML text just enough for the editor: its id (the path it is saved under), a template
// for a new rule, and the list's filter. Pure: tested in test/dashboard-detections-models.test.ts.
import type { RuleSummary } from '../../api/detections-types.js';

/** The rule id the API accepts: a slug of at most 64 characters. */
export const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The top-level `id:` of a rule file, or null. Only a plain or quoted scalar on its own line counts:
 * the API parses the YAML properly and refuses a rule whose id differs from the path's.
 */
export function ruleIdOfYaml(text: string): string | null {
  for (const line of text.split('\n')) {
    const m = /^id:\s*(?:"([^"]*)"|'([^']*)'|([^\s#"']+))\s*(?:#.*)?$/.exec(line.replace(/\r$/, ''));
    if (m) return (m[1] ?? m[2] ?? m[3] ?? '').trim() || null;
  }
  return null;
}

export const NEW_RULE_TEMPLATE = `id: my-new-rule
title: What the rule finds, in a few words
description: |
  Why it matters, and what an analyst should know before acting on it.
kind: match
severity: medium
query: event:session.start login:root
groupBy: [user, node]
dedupWindowSeconds: 3600
mitre: []
runbook: |
  1. First thing to check.
tests:
  mustMatch:
    - { event: session.start, code: T2000I, user: alice, login: root, server_hostname: web-1, time: "2024-01-01T00:00:00Z" }
  mustNotMatch:
    - { event: session.start, code: T2000I, user: alice, login: alice, server_hostname: web-1, time: "2024-01-01T00:00:00Z" }
`;

/** Rules whose title, id, kind, severity or MITRE ids contain every word of the filter (case-insensitive). */
export function filterRules(rules: RuleSummary[], filter: string): RuleSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rules;
  return rules.filter((r) => {
    const text = [r.title, r.id, r.kind, r.severity, ...r.mitre, r.builtin ? 'built-in' : 'custom', r.enabled ? 'enabled' : 'disabled'].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Where line `line` (1-based), column `column` (1-based) starts in the text, for putting the cursor on an issue. */
export function offsetOf(text: string, line: number, column = 1): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + Math.max(0, column - 1), end === -1 ? text.length : end);
}

type Issue = { field: string; message: string; line?: number | null; column?: number | null };

/**
 * The issues of a refused save (400 rule.invalid), as POST /v1/rules/test lists them: details.issues when
 * the API gave them, else the one field (or place in the YAML) it named.
 */
export function issuesOfError(message: string, details: Record<string, unknown> | undefined): Issue[] {
  const d = details ?? {};
  if (Array.isArray(d.issues) && d.issues.length > 0) return d.issues as Issue[];
  return [{ field: typeof d.field === 'string' ? d.field : '(rule)', message, line: typeof d.line === 'number' ? d.line : null, column: typeof d.column === 'number' ? d.column : null }];
}
