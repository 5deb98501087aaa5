/** The parts of an ajv error this needs; parentSchema is there when ajv runs with `verbose` (app.ts). */
export type ValidationIssue = {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string | undefined;
  params: Record<string, unknown>;
  parentSchema?: unknown;
};

/** What a client is told: one readable message, the offending field as a dotted path, and what would be allowed. */
export type ValidationExplanation = { message: string; field: string | null; allowed?: unknown[] };

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)',
  object: 'an object', array: 'an array', null: 'null',
};

const FORMAT_NAMES: Record<string, string> = { uuid: 'a UUID', 'date-time': 'an RFC 3339 date-time, e.g. 2026-05-31T18:00:00Z', email: 'an email address', uri: 'a URL' };

const segmentsOf = (instancePath: string) => instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
const dotted = (segments: string[]) => (segments.length ? segments.join('.') : null);
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * One readable message for a failed schema, instead of ajv's `must be equal to constant` once per branch of a
 * union: a union of literals names its allowed values, an unknown property names itself (and the known ones),
 * a wrong type names the expected one. A body that is one of several shapes reports the chosen shape's problem.
 */
export function explainValidation(issues: readonly ValidationIssue[], context: string): ValidationExplanation {
  const where = (instancePath: string) => `${context}${instancePath}`;

  const discriminator = issues.find((i) => i.keyword === 'discriminator');
  if (discriminator) {
    const tag = String(discriminator.params.tag ?? 'type');
    const allowed = discriminatorValues(discriminator.parentSchema, tag);
    const values = allowed.length ? allowed.map(shown).join(', ') : null;
    const field = dotted([...segmentsOf(discriminator.instancePath), tag]);
    const at = `${where(discriminator.instancePath)}/${tag}`;
    const message = discriminator.params.error === 'mapping'
      ? `${at} ${JSON.stringify(discriminator.params.tagValue)} ${values ? `must be one of: ${values}` : 'is not one of the allowed values (the API documentation at /docs lists them)'}`
      : `${at} is required${values ? ` and must be one of: ${values}` : ' and must be a string'}`;
    return { message, field, ...(allowed.length ? { allowed } : {}) };
  }

  // The outermost union decides: its branches' issues are all ajv reports (it stops at the first failure).
  const union = issues.filter((i) => i.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
  if (union) return explainUnion(union, issues, context);

  const issue = issues[0];
  if (!issue) return { message: `${context} is invalid`, field: null };
  return explainOne(issue, context);
}

function explainUnion(union: ValidationIssue, issues: readonly ValidationIssue[], context: string): ValidationExplanation {
  const prefix = `${union.schemaPath.replace(/\/anyOf$/, '')}/anyOf/`;
  const branches = new Map<number, ValidationIssue[]>();
  for (const issue of issues) {
    if (!issue.schemaPath.startsWith(prefix)) continue;
    const index = Number(issue.schemaPath.slice(prefix.length).split('/')[0]);
    branches.set(index, [...(branches.get(index) ?? []), issue]);
  }
  const lists = [...branches.values()];
  const field = dotted(segmentsOf(union.instancePath));
  const at = `${context}${union.instancePath}`;

  // Every branch refused the value itself (a constant or a type): it is one of a list of values or types.
  const simple = lists.length > 0 && lists.every((list) => list.length === 1 && list[0]!.instancePath === union.instancePath && ['const', 'enum', 'type'].includes(list[0]!.keyword));
  if (simple) {
    const consts = lists.flatMap(([i]) => (i!.keyword === 'const' ? [i!.params.allowedValue] : i!.keyword === 'enum' ? (i!.params.allowedValues as unknown[]) : []));
    const types = lists.flatMap(([i]) => (i!.keyword === 'type' ? [String(i!.params.type)] : []));
    if (types.length === 0) return { message: `${at} must be one of: ${consts.map(shown).join(', ')}`, field, allowed: consts };
    const alternatives = [...new Set([...consts.map((v) => JSON.stringify(v)), ...types.flatMap((t) => t.split(',')).map((t) => TYPE_NAMES[t] ?? t)])];
    return { message: `${at} must be ${alternatives.join(' or ')}`, field, ...(consts.length ? { allowed: consts } : {}) };
  }

  // Shapes told apart by a constant deeper down (`type`): the shapes whose constant did not match are noise.
  const mismatched = (list: ValidationIssue[]) => list.some((i) => i.keyword === 'const' && i.instancePath !== union.instancePath);
  const chosen = lists.find((list) => !mismatched(list));
  if (chosen) return explainValidation(chosen, context);
  const constIssues = lists.flat().filter((i) => i.keyword === 'const');
  const first = constIssues[0];
  if (!first) return { message: `${at} ${union.message ?? 'is invalid'}`, field };
  const allowed = [...new Map(constIssues.map((i) => [JSON.stringify(i.params.allowedValue), i.params.allowedValue])).values()];
  return { message: `${context}${first.instancePath} must be one of: ${allowed.map(shown).join(', ')}`, field: dotted(segmentsOf(first.instancePath)), allowed };
}

function explainOne(issue: ValidationIssue, context: string): ValidationExplanation {
  const segments = segmentsOf(issue.instancePath);
  const at = `${context}${issue.instancePath}`;
  switch (issue.keyword) {
    case 'additionalProperties': {
      const name = String(issue.params.additionalProperty);
      const path = [...segments, name].join('.');
      const known = Object.keys((issue.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const noun = context === 'querystring' ? 'parameter' : 'field';
      return { message: `unknown ${noun} '${path}'${known.length ? `; the known ${noun}s${segments.length ? ` of ${segments.join('.')}` : ''} are: ${known.join(', ')}` : ''}`, field: path };
    }
    case 'required': {
      const name = String(issue.params.missingProperty);
      return { message: `${at} must have required property '${name}'`, field: [...segments, name].join('.') };
    }
    case 'type': {
      const types = String(issue.params.type).split(',').map((t) => TYPE_NAMES[t] ?? t);
      return { message: `${at} must be ${types.join(' or ')}`, field: dotted(segments) };
    }
    case 'enum': {
      const allowed = issue.params.allowedValues as unknown[];
      return { message: `${at} must be one of: ${allowed.map(shown).join(', ')}`, field: dotted(segments), allowed };
    }
    case 'format': {
      const format = String(issue.params.format);
      return { message: `${at} must be ${FORMAT_NAMES[format] ?? `in the format "${format}"`}`, field: dotted(segments) };
    }
    case 'const':
      return { message: `${at} must be ${shown(issue.params.allowedValue)}`, field: dotted(segments), allowed: [issue.params.allowedValue] };
    default:
      return { message: `${at} ${issue.message ?? 'is invalid'}`, field: dotted(segments) };
  }
}

/** The tag values of a discriminated oneOf (`type`: teleport_webhook, teleport_s3), read from the schema itself. */
function discriminatorValues(schema: unknown, tag: string): unknown[] {
  const shapes = (schema as { oneOf?: unknown[] } | undefined)?.oneOf ?? [];
  return shapes.flatMap((shape) => {
    const property = (shape as { properties?: Record<string, { const?: unknown; enum?: unknown[] }> }).properties?.[tag];
    return property?.const !== undefined ? [property.const] : property?.enum ?? [];
  });
}
