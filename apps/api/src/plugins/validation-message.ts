/** The parts of an ajv error this needs. */
export type ValidationIssue = { instancePath: string; schemaPath: string; keyword: string; message?: string | undefined; params: Record<string, unknown> };

const BRANCH = /^#\/anyOf\/(\d+)\//;

/**
 * One readable message for a failed schema. A body that is one of several shapes (a union told apart by a
 * constant such as `type`) fails in every shape at once; the shapes whose constant did not match are noise,
 * so only the chosen shape's problems are kept, or, when no constant matched, the allowed values are named.
 */
export function validationMessage(issues: readonly ValidationIssue[], context: string): string {
  const where = (issue: ValidationIssue) => `${context}${issue.instancePath}`;
  const branches = new Map<number, ValidationIssue[]>();
  const plain: ValidationIssue[] = [];
  for (const issue of issues) {
    if (issue.keyword === 'discriminator') {
      const tag = String(issue.params.tag ?? 'type');
      return issue.params.error === 'mapping'
        ? `${context}${issue.instancePath}/${tag} ${JSON.stringify(issue.params.tagValue)} is not one of the allowed values (the API documentation at /docs lists them)`
        : `${context}${issue.instancePath}/${tag} is required and must be a string`;
    }
    const match = BRANCH.exec(issue.schemaPath);
    if (match) {
      const list = branches.get(Number(match[1])) ?? [];
      list.push(issue);
      branches.set(Number(match[1]), list);
    } else if (issue.keyword !== 'anyOf') {
      plain.push(issue);
    }
  }
  let kept = [...plain];
  if (branches.size > 0) {
    const mismatched = (list: ValidationIssue[]) => list.some((i) => i.keyword === 'const');
    const chosen = [...branches.values()].filter((list) => !mismatched(list));
    if (chosen.length > 0) {
      kept.push(...chosen.flat());
    } else {
      const constIssues = [...branches.values()].flat().filter((i) => i.keyword === 'const');
      const allowed = [...new Set(constIssues.map((i) => JSON.stringify(i.params.allowedValue)))];
      return `${where(constIssues[0]!)} must be one of ${allowed.join(', ')}`;
    }
  }
  if (kept.length === 0) kept = issues.filter((i) => i.keyword !== 'anyOf');
  const parts = [...new Set(kept.map((issue) => `${where(issue)} ${issue.message ?? 'is invalid'}`))];
  return parts.join(', ');
}

/** The first offending field as a dotted path (`config.bucket`), for clients that point at it; null for the whole body. */
export function validationField(issues: readonly ValidationIssue[]): string | null {
  const issue = issues.find((i) => i.keyword !== 'anyOf' && !(BRANCH.test(i.schemaPath) && i.keyword === 'const')) ?? issues[0];
  if (!issue) return null;
  const segments = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') segments.push(issue.params.missingProperty);
  if (issue.keyword === 'discriminator' && typeof issue.params.tag === 'string') segments.push(issue.params.tag);
  return segments.length ? segments.join('.') : null;
}
