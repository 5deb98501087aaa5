import { loadBuiltinPack, type Rule } from '@tai/core';
import type { Repositories, RuleWrite } from '@tai/db';

/** A validated rule as the rules repository writes it. */
export const ruleWrite = (rule: Rule): RuleWrite => ({
  ruleId: rule.id, title: rule.title, kind: rule.kind, severity: rule.severity, enabled: rule.enabled, definition: rule as unknown as Record<string, unknown>,
});

let pack: Rule[] | null = null;
/** The built-in pack, read once per process (its files ship beside the bundle). */
export const builtinPack = (): Rule[] => (pack ??= loadBuiltinPack());

/** Installs the built-in rules the tenant does not have yet (new tenants get the whole pack, enabled). */
export const installBuiltinPack = (repos: Pick<Repositories, 'detectionRules'>, { tenantId, now }: { tenantId: string; now: Date }): Promise<number> =>
  repos.detectionRules.installBuiltins({ tenantId, rules: builtinPack().map(ruleWrite), now });
