import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectionErrors } from './detection-errors.js';
import { parseRuleYaml } from './rules/rule-yaml.js';
import type { Rule } from './rules/rule-schema.js';

/**
 * Where the built-in Teleport pack's YAML files are. A bundle (scripts/build.mjs) moves this module, so a
 * production build copies the folder next to the bundle or passes its own `dir`.
 */
export const BUILTIN_PACK_DIR = fileURLToPath(new URL('./pack/', import.meta.url));

export type RuleFile = { name: string; text: string };

/** Rules from their files: each file is `<id>.yaml`, ids unique; errors name the file. */
export function parseRulePack(files: readonly RuleFile[]): Rule[] {
  const seen = new Set<string>();
  return files.map(({ name, text }) => {
    let rule: Rule;
    try {
      rule = parseRuleYaml(text);
    } catch (err) {
      throw Object.assign(err as Error, { message: `${name}: ${(err as Error).message}` });
    }
    if (name !== `${rule.id}.yaml`) throw detectionErrors.ruleInvalid({ message: `${name}: a rule file is named after its id (${rule.id}.yaml)`, details: { field: 'id', file: name } });
    if (seen.has(rule.id)) throw detectionErrors.ruleInvalid({ message: `${name}: rule id ${rule.id} is used twice`, details: { field: 'id', file: name } });
    seen.add(rule.id);
    return rule;
  });
}

/** The built-in pack, in file-name order. */
export function loadBuiltinPack({ dir = BUILTIN_PACK_DIR }: { dir?: string } = {}): Rule[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  return parseRulePack(names.map((name) => ({ name, text: readFileSync(`${dir}/${name}`, 'utf8') })));
}
