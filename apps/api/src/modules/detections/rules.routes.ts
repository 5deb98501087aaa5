import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { detectionErrors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { actorName } from './actor.js';
import { installBuiltinPack } from './rule-rows.js';
import { presentRule, presentRuleSummary, ruleText, storedRule, YAML_CONTENT_TYPE, type RuleFormat } from './rule-format.js';
import { FormatQuery, jsonOrYaml, ListQuery, RuleBody, RuleDetail, RuleIdParams, RuleSummary, RuleVersionDetail, RuleVersionParams, RuleVersionSummary } from './rules.schemas.js';
import { getRuleRow, listRules, saveRule, setRuleEnabled } from './rules.usecases.js';
import { registerYamlBody, wantsYaml } from './yaml-body.js';

export type RulesRoutesDeps = {
  detectionRules: Repositories['detectionRules'];
  apiKeys: Pick<Repositories['apiKeys'], 'get'>;
  auditLog: Repositories['auditLog'];
  now: () => Date;
};

const tags = ['rules'];
const formatOf = (query: { format?: RuleFormat | undefined }, accept: string | undefined): RuleFormat => query.format ?? (wantsYaml(accept) ? 'yaml' : 'json');

export const rulesRoutes: FastifyPluginAsyncTypebox<{ deps: RulesRoutesDeps }> = async (app, { deps }) => {
  registerYamlBody(app);

  app.get('/v1/rules', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'The tenant\'s detection rules, by id', querystring: ListQuery, response: { 200: Type.Object({ data: Type.Array(RuleSummary) }), ...errorResponses(400, 401, 503) } },
  }, async (req) => ({ data: (await listRules(deps, { tenantId: authOf(req).tenantId, filter: req.query })).map(presentRuleSummary) }));

  app.get('/v1/rules/:ruleId', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'One rule with who changed it when; as its YAML file (?format=yaml or Accept: application/yaml) or as Sigma (?format=sigma)', params: RuleIdParams, querystring: FormatQuery,
      response: { 200: jsonOrYaml(RuleDetail, 'the rule; ETag is its version, for If-Match'), ...errorResponses(400, 401, 404, 422, 503) },
    },
  }, async (req, reply) => {
    const row = await getRuleRow(deps, { tenantId: authOf(req).tenantId, ruleId: req.params.ruleId });
    void reply.header('etag', `"${row.version}"`);
    const format = formatOf(req.query, req.headers.accept);
    if (format === 'json') return presentRule(row);
    return reply.type(YAML_CONTENT_TYPE).send(ruleText(storedRule(row.definition), format) as never);
  });

  app.put('/v1/rules/:ruleId', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Creates or replaces a rule (JSON or YAML): validated, its tests run, saved as a new version; If-Match or expectVersion refuses a stale edit',
      params: RuleIdParams, body: RuleBody,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 64, description: 'the version (ETag) the change was made from' })) }),
      response: { 200: RuleDetail, 201: RuleDetail, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    const { row, created } = await saveRule(deps, { tenantId: auth.tenantId, ruleId: req.params.ruleId, body: req.body, ifMatch: req.headers['if-match'], updatedBy: await actorName(deps.apiKeys, auth) });
    await recordAudit(deps.auditLog, req, { action: created ? 'rule.create' : 'rule.update', targetType: 'rule', targetId: row.ruleId, details: { version: row.version } });
    void reply.header('etag', `"${row.version}"`);
    return reply.code(created ? 201 : 200).send(presentRule(row));
  });

  app.patch('/v1/rules/:ruleId', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Turns a rule on or off (no new version; turning a new_value rule on starts its learning again)', params: RuleIdParams,
      body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: RuleDetail, ...errorResponses(400, 401, 403, 404, 413, 415, 503) },
    },
  }, async (req) => {
    const auth = authOf(req);
    const row = await setRuleEnabled(deps, { tenantId: auth.tenantId, ruleId: req.params.ruleId, enabled: req.body.enabled, updatedBy: await actorName(deps.apiKeys, auth) });
    await recordAudit(deps.auditLog, req, { action: 'rule.set_enabled', targetType: 'rule', targetId: row.ruleId, details: { enabled: row.enabled } });
    return presentRule(row);
  });

  app.delete('/v1/rules/:ruleId', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Deletes a rule with its versions and state (a built-in one comes back with POST /v1/rules/builtin/install)', params: RuleIdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) } },
  }, async (req, reply) => {
    if (!(await deps.detectionRules.delete({ tenantId: authOf(req).tenantId, ruleId: req.params.ruleId }))) throw detectionErrors.ruleNotFound();
    await recordAudit(deps.auditLog, req, { action: 'rule.delete', targetType: 'rule', targetId: req.params.ruleId });
    return reply.code(204).send(null);
  });

  app.post('/v1/rules/builtin/install', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Installs the built-in rules the tenant does not have (deleted ones); existing rules are left as they are', response: { 200: Type.Object({ installed: Type.Integer() }), ...errorResponses(400, 401, 403, 413, 415, 503) } },
  }, async (req) => {
    const installed = await installBuiltinPack(deps, { tenantId: authOf(req).tenantId, now: deps.now() });
    await recordAudit(deps.auditLog, req, { action: 'rule.install_builtin', targetType: 'rule', targetId: 'builtin-pack', details: { installed } });
    return { installed };
  });

  app.get('/v1/rules/:ruleId/versions', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'Every saved version of a rule, newest first', params: RuleIdParams, response: { 200: Type.Object({ data: Type.Array(RuleVersionSummary) }), ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => {
    const tenantId = authOf(req).tenantId;
    const rows = await deps.detectionRules.versions({ tenantId, ruleId: req.params.ruleId });
    if (rows.length === 0) await getRuleRow(deps, { tenantId, ruleId: req.params.ruleId });
    return { data: rows.map((r) => ({ version: r.version, title: String(r.definition.title ?? ''), createdAt: r.createdAt.toISOString(), createdBy: r.createdBy })) };
  });

  app.get('/v1/rules/:ruleId/versions/:version', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'One version of a rule, as it was saved (also as YAML or Sigma)', params: RuleVersionParams, querystring: FormatQuery,
      response: { 200: jsonOrYaml(RuleVersionDetail, 'the version'), ...errorResponses(400, 401, 404, 422, 503) },
    },
  }, async (req, reply) => {
    const row = await deps.detectionRules.getVersion({ tenantId: authOf(req).tenantId, ruleId: req.params.ruleId, version: req.params.version });
    if (!row) throw detectionErrors.ruleNotFound({ message: `Rule ${req.params.ruleId} has no version ${req.params.version}` });
    const format = formatOf(req.query, req.headers.accept);
    if (format === 'json') return { rule: row.definition, version: row.version, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy };
    return reply.type(YAML_CONTENT_TYPE).send(ruleText(storedRule(row.definition), format) as never);
  });
};
