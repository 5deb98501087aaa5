import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, resolveTimeRange, validateRule, type Rule } from '@tai/core';
import type { Repositories } from '@tai/db';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { withSearchTimeout } from '../events/events.usecases.js';
import { errorResponses } from '../shared.schemas.js';
import { actorName } from './actor.js';
import { backtestRule } from './backtest.js';
import { storedRule, YAML_CONTENT_TYPE } from './rule-format.js';
import { ruleFromBody } from './rule-input.js';
import { BacktestBody, BacktestResult, ImportQuery, ImportResult, RuleBody, RuleCheckResult, TransferQuery, YamlStreamBody, yamlOnly } from './rules.schemas.js';
import { checkRule } from './rules.usecases.js';
import { EXPORT_FILENAME, exportRules, importRules } from './rules-transfer.js';
import { registerYamlBody } from './yaml-body.js';

export type RulesTransferRoutesDeps = {
  detectionRules: Repositories['detectionRules'];
  detectionBacktest: Repositories['detectionBacktest'];
  apiKeys: Pick<Repositories['apiKeys'], 'get'>;
  auditLog: Repositories['auditLog'];
  now: () => Date;
};

const tags = ['rules'];

// The id is in the body, not the path: an unknown one is a bad request, not a missing resource.
async function savedDefinition(deps: RulesTransferRoutesDeps, tenantId: string, ruleId: string) {
  const row = await deps.detectionRules.get({ tenantId, ruleId });
  if (!row) throw errors.badRequest({ message: `ruleId: the tenant has no rule ${ruleId}`, details: { field: 'ruleId' } });
  return row.definition;
}

/** Checking, exporting, importing and backtesting rules: the detection-as-code side of the rules API. */
export const rulesTransferRoutes: FastifyPluginAsyncTypebox<{ deps: RulesTransferRoutesDeps }> = async (app, { deps }) => {
  registerYamlBody(app);

  app.post('/v1/rules/test', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'Validates a rule (JSON or YAML) and runs its tests, without saving it; 200 either way', body: RuleBody,
      response: { 200: RuleCheckResult, ...errorResponses(400, 401, 403, 413, 415, 503) },
    },
  }, async (req) => checkRule(req.body));

  app.get('/v1/rules/export', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'Every rule of the tenant as one multi-document YAML stream (our rule files, or Sigma: rules it cannot express are named in a leading comment)', querystring: TransferQuery,
      response: { 200: yamlOnly(`an attachment, ${EXPORT_FILENAME}`), ...errorResponses(400, 401, 503) },
    },
  }, async (req, reply) => {
    const rows = await deps.detectionRules.list({ tenantId: authOf(req).tenantId });
    return reply.type(YAML_CONTENT_TYPE).header('content-disposition', `attachment; filename=${EXPORT_FILENAME}`).send(exportRules(rows, req.query.format ?? 'yaml') as never);
  });

  app.post('/v1/rules/import', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Imports a YAML stream of rules (ours, or Sigma rules for Teleport): each validated and tested, then all saved in one transaction, or none; errors name the document',
      querystring: ImportQuery, body: YamlStreamBody, response: { 200: ImportResult, ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
    },
  }, async (req) => {
    if (typeof req.body !== 'string') throw errors.unsupportedMediaType({ message: 'Send the rules as a YAML stream with content-type application/yaml (or text/yaml)' });
    const auth = authOf(req);
    const format = req.query.format ?? 'yaml';
    const result = await importRules(deps, { tenantId: auth.tenantId, text: req.body, format, enabled: req.query.enabled, updatedBy: await actorName(deps.apiKeys, auth) });
    await recordAudit(deps.auditLog, req, { action: 'rule.import', targetType: 'rule', targetId: 'import', details: { format, rules: result.imported.map((r) => `${r.id}@${r.version}`) } });
    return result;
  });

  app.post('/v1/rules/backtest', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'Runs a rule (a draft, or a saved one by id) over stored events of a past range, as the worker would have: its firings and the alerts they would have made',
      body: BacktestBody, response: { 200: BacktestResult, ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
    },
  }, async (req) => {
    const { tenantId } = authOf(req);
    const { rule: draft, ruleId, from, to, limit } = req.body;
    if ((draft === undefined) === (ruleId === undefined)) throw errors.badRequest({ message: 'Give either rule (a draft) or ruleId (a saved rule)', details: { field: 'rule' } });
    const rule: Rule = draft !== undefined
      ? (typeof draft === 'string' ? ruleFromBody(draft).rule : validateRule(draft))
      : validateRule(storedRule(await savedDefinition(deps, tenantId, ruleId!)));
    const range = resolveTimeRange({ from: from ?? '-7d', to: to ?? 'now' }, deps.now());
    return withSearchTimeout(() => backtestRule({ scan: deps.detectionBacktest.scan }, { tenantId, rule, range, limit: limit ?? 100 }));
  });
};
