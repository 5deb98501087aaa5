import { RULE_KINDS, SEVERITIES } from '@tai/core';
import { Type, type TSchema } from 'typebox';

const S = Type.Union([Type.String(), Type.Null()]);
const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

export const RuleObject = Type.Record(Type.String(), Type.Unknown(), {
  description: 'a rule (README "Detections": id, title, kind, severity, query, threshold/newValue, groupBy, join, where, tests, …); PUT also takes expectVersion',
});
const YamlText = Type.String({ description: 'the rule as its YAML file' });

/** A body that is a rule, as JSON or as YAML text (content-type application/yaml or text/yaml). */
export const RuleBody = {
  content: {
    'application/json': { schema: RuleObject },
    'application/yaml': { schema: YamlText },
    'text/yaml': { schema: YamlText },
  },
};
export const YamlStreamBody = {
  content: {
    'application/yaml': { schema: Type.String({ description: 'rules as a multi-document YAML stream (--- between documents)' }) },
    'text/yaml': { schema: Type.String() },
  },
};

/** A 200 that is JSON, or YAML text when asked for (?format=yaml|sigma, Accept: application/yaml). */
export const jsonOrYaml = (schema: TSchema, description: string) => ({
  description,
  content: { 'application/json': { schema }, 'application/yaml': { schema: Type.String({ description: 'with ?format=yaml or sigma, or Accept: application/yaml' }) } },
});
export const yamlOnly = (description: string) => ({ description, content: { 'application/yaml': { schema: Type.String() } } });

export const RuleIdParams = Type.Object({ ruleId: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64, description: 'the rule id (a slug)' }) });
export const RuleVersionParams = Type.Object({ ruleId: RuleIdParams.properties.ruleId, version: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }) });

export const FormatQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('yaml'), Type.Literal('sigma')], { description: 'json (default, or by Accept), yaml (the rule file), sigma' })),
}, { additionalProperties: false });
export const ListQuery = Type.Object({
  enabled: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  kind: Type.Optional(literals(RULE_KINDS)),
  severity: Type.Optional(literals(SEVERITIES)),
}, { additionalProperties: false });
export const TransferQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('sigma')], { description: 'yaml (our rule files, default) or sigma' })),
}, { additionalProperties: false });
export const ImportQuery = Type.Object({
  format: TransferQuery.properties.format,
  enabled: Type.Optional(Type.Boolean({ description: 'enable (true) or disable (false) every imported rule; without it each keeps its own' })),
}, { additionalProperties: false });

export const RuleMeta = Type.Object({ builtin: Type.Boolean(), edited: Type.Boolean(), enabledAt: S, updatedAt: Type.String(), updatedBy: S });
export const RuleDetail = Type.Object({ rule: RuleObject, meta: RuleMeta });
export const RuleSummary = Type.Object({
  id: Type.String(), title: Type.String(), kind: Type.String(), severity: Type.String(), enabled: Type.Boolean(), builtin: Type.Boolean(), edited: Type.Boolean(),
  version: Type.Integer(), mitre: Type.Array(Type.String()), description: Type.String(), updatedAt: Type.String(), updatedBy: S,
});
export const RuleVersionSummary = Type.Object({ version: Type.Integer(), title: Type.String(), createdAt: Type.String(), createdBy: S });
export const RuleVersionDetail = Type.Object({ rule: RuleObject, version: Type.Integer(), createdAt: Type.String(), createdBy: S });

const Issue = Type.Object({ field: Type.String(), message: Type.String(), line: Type.Optional(Type.Union([Type.Integer(), Type.Null()])), column: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) });
export const RuleCheckResult = Type.Object({
  valid: Type.Boolean(),
  issues: Type.Array(Issue, { description: 'why the rule is not valid (empty when it is)' }),
  failures: Type.Array(Type.Object({ case: Type.String(), message: Type.String() }), { description: 'its test cases that do not behave as the rule says' }),
});
export const ImportResult = Type.Object({
  imported: Type.Array(Type.Object({ id: Type.String(), version: Type.Integer(), created: Type.Boolean(), warnings: Type.Array(Type.String(), { description: 'Sigma: where the meaning shifts' }) })),
});

export const BacktestBody = Type.Object({
  rule: Type.Optional(Type.Union([RuleObject, Type.String({ maxLength: 1_048_576, description: 'the rule as YAML text' })], { description: 'a draft rule (not saved); or ruleId' })),
  ruleId: Type.Optional(RuleIdParams.properties.ruleId),
  from: Type.Optional(Type.String({ maxLength: 64, description: 'inclusive lower bound on event time, as in a search (RFC 3339, a date, -7d); default -7d' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'exclusive upper bound on event time; default now' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'firings returned at most' })),
}, { additionalProperties: false });
export const BacktestResult = Type.Object({
  range: Type.Object({ from: S, to: S }),
  events: Type.Integer({ description: 'events evaluated (those the rule\'s queries match)' }),
  truncated: Type.Boolean({ description: 'the range held more events than a backtest evaluates; narrow it' }),
  firings: Type.Array(Type.Object({
    alertKey: Type.String(), groupKey: Type.String(), group: Type.Record(Type.String(), Type.Unknown()), firstSeen: Type.String(), lastSeen: Type.String(),
    count: Type.Integer(), eventIds: Type.Array(Type.String()), newValue: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  })),
  totalFirings: Type.Integer(),
  alerts: Type.Integer({ description: 'alerts the firings would have made after dedup' }),
});
