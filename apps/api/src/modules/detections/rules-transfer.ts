import { AppError, assertRuleTests, detectionErrors, isAppError, parseRuleYaml, sigmaToRule, type Rule } from '@tai/core';
import type { DetectionRuleRow, Repositories } from '@tai/db';
import { ruleWrite } from './rule-rows.js';
import { ruleText, sigmaUnprocessable, storedRule } from './rule-format.js';
import { checkRuleId } from './rule-input.js';
import { yamlDocuments, type YamlDocument } from './yaml-body.js';

export const EXPORT_FILENAME = 'teleport-audit-rules.yaml';
// An import is one transaction; a stream this long is a mistake, not a rule set.
const MAX_IMPORT_RULES = 500;

/**
 * Every rule as one multi-document YAML stream. Sigma: rules Sigma cannot express are left out, and a
 * leading comment names them with the reason, so nobody mistakes the file for all of the tenant's rules.
 */
export function exportRules(rows: DetectionRuleRow[], format: 'yaml' | 'sigma'): string {
  const texts: string[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    try {
      texts.push(ruleText(storedRule(row.definition), format));
    } catch (err) {
      if (!isAppError(err)) throw err;
      skipped.push(`#   ${row.ruleId}: ${err.message.replace(/\s+/g, ' ')}`);
    }
  }
  const header = skipped.length > 0 ? `# Not exported: ${skipped.length} rule(s) Sigma cannot express:\n${skipped.join('\n')}\n` : '';
  return header + texts.join('---\n');
}

type Parsed = { number: number; rule: Rule; warnings: string[] };

/** The same error, its message and details naming the document (1-based) and the rule id, and Sigma's 400 as 422. */
function inDocument(err: unknown, number: number, ruleId: string | null): unknown {
  if (!isAppError(err)) return err;
  const where = `document ${number}${ruleId ? ` (${ruleId})` : ''}: `;
  const extra = { document: number, ruleId };
  if (err.code === 'sigma.unsupported') return sigmaUnprocessable(err, extra, where);
  return new AppError({ code: err.code, statusCode: err.statusCode, message: `${where}${err.message}`, details: { ...err.details, ...extra }, cause: err });
}

const idOf = (value: unknown): string | null => {
  const v = value as { id?: unknown; name?: unknown; tai?: { rule?: unknown } } | null;
  return typeof v?.tai?.rule === 'string' ? v.tai.rule : typeof v?.id === 'string' ? v.id : typeof v?.name === 'string' ? v.name : null;
};

/** Sigma documents as rules: a correlation belongs to the detection rule before it (as our export writes them). */
function sigmaGroups(docs: YamlDocument[]): YamlDocument[][] {
  const groups: YamlDocument[][] = [];
  for (const doc of docs) {
    const last = groups.at(-1);
    const isCorrelation = typeof doc.value === 'object' && doc.value !== null && 'correlation' in doc.value;
    if (isCorrelation && last && last.length === 1) last.push(doc);
    else groups.push([doc]);
  }
  return groups;
}

function parseStream(text: string, format: 'yaml' | 'sigma'): Parsed[] {
  const docs = yamlDocuments(text);
  if (docs.length === 0) throw detectionErrors.ruleInvalid({ message: 'the body holds no YAML document', details: { field: null } });
  if (format === 'yaml') {
    return docs.map((doc) => {
      try {
        return { number: doc.number, rule: parseRuleYaml(doc.text), warnings: [] };
      } catch (err) {
        throw inDocument(err, doc.number, idOf(doc.value));
      }
    });
  }
  return sigmaGroups(docs).map((group) => {
    const first = group[0]!;
    try {
      const imported = sigmaToRule(group.map((d) => d.content).join('\n---\n'));
      return { number: first.number, rule: imported.rule, warnings: imported.warnings };
    } catch (err) {
      throw inDocument(err, first.number, idOf(group.at(-1)!.value));
    }
  });
}

/**
 * Imports a YAML stream of rules (our files, or Sigma rules): every rule is validated and its tests run
 * before any is saved, then all are saved in one transaction. All or nothing; an error names the document.
 */
export async function importRules(
  deps: { detectionRules: Repositories['detectionRules']; now: () => Date },
  { tenantId, text, format, enabled, updatedBy }: { tenantId: string; text: string; format: 'yaml' | 'sigma'; enabled: boolean | undefined; updatedBy: string },
) {
  const parsed = parseStream(text, format);
  if (parsed.length > MAX_IMPORT_RULES) throw detectionErrors.ruleInvalid({ message: `an import takes at most ${MAX_IMPORT_RULES} rules; this stream has ${parsed.length}`, details: { field: null } });
  const seen = new Map<string, number>();
  const rules = parsed.map(({ number, rule }) => {
    const final = enabled === undefined ? rule : { ...rule, enabled };
    try {
      if (seen.has(rule.id)) throw detectionErrors.ruleInvalid({ message: `id ${rule.id} is used by document ${seen.get(rule.id)} too`, details: { field: 'id' } });
      seen.set(rule.id, number);
      checkRuleId(rule.id);
      assertRuleTests(final);
    } catch (err) {
      throw inDocument(err, number, rule.id);
    }
    return final;
  });
  const rows = await deps.detectionRules.saveMany({ tenantId, rules: rules.map(ruleWrite), updatedBy, now: deps.now() });
  return {
    imported: rows.map((row, i) => ({ id: row.ruleId, version: row.version, created: row.version === 1, warnings: parsed[i]!.warnings })),
  };
}
