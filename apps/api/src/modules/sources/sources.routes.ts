import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeTimeIdCursor, errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses, PageQuery } from '../shared.schemas.js';
import { s3SourceSetup } from './s3-setup.js';
import { webhookSetupSnippets } from './setup-snippets.js';
import { s3NotificationWarnings } from './s3-notification-warnings.js';
import { CreateSourceBody, RejectPage, S3SetupView, RotateQuery, SetupSnippetsView, SourceCreated, SourceDetail, SourceId, SourceList, SourceView, SourceWithSecret, UpdateSourceBody } from './sources.schemas.js';
import { createSource, presentSource, rotateSourceToken, sourceHealth, updateSource, type SourcesDeps } from './sources.usecases.js';
import { encodeRejectCursor, presentReject } from './rejects.presenter.js';

export type SourcesRoutesDeps = SourcesDeps & { auditLog: Repositories['auditLog']; ingestRejects: Repositories['ingestRejects']; objects: Repositories['ingestedObjects']; findings: Repositories['sourceFindings']; s3Service: { workerRoleArn: string | null; topicArn: string | null } };

const tags = ['sources'];

export const sourcesRoutes: FastifyPluginAsyncTypebox<{ deps: SourcesRoutesDeps }> = async (app, { deps }) => {
  app.post('/v1/sources', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Create a source; a webhook source returns its URL and token once', body: CreateSourceBody, response: { 201: SourceCreated, ...errorResponses(400, 401, 403, 409, 413, 415, 503) } },
  }, async (req, reply) => {
    const { tenantId } = authOf(req);
    const created = await createSource(deps, { tenantId, body: req.body });
    await recordAudit(deps.auditLog, req, { action: 'source.create', targetType: 'source', targetId: created.source.id, details: { type: req.body.type, name: req.body.name } });
    const warnings = created.source.type === 'teleport_s3' ? s3NotificationWarnings(created.source.config, deps.s3Service) : [];
    return reply.code(201).send({ ...created, warnings });
  });

  app.get('/v1/sources', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'List sources', response: { 200: SourceList, ...errorResponses(400, 401, 503) } },
  }, async (req) => {
    const rows = await deps.sources.list({ tenantId: authOf(req).tenantId });
    const now = deps.now();
    return { data: rows.map((row) => presentSource(row, now)) };
  });

  app.get('/v1/sources/:id', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'Get a source with its health: last event, volume, rejects, warnings and open completeness findings', params: SourceId, response: { 200: SourceDetail, ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => {
    const row = await deps.sources.get({ tenantId: authOf(req).tenantId, id: req.params.id });
    if (!row) throw errors.sourceNotFound();
    return { ...presentSource(row, deps.now()), health: await sourceHealth(deps, row) };
  });

  app.get('/v1/sources/:id/rejects', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'What this source sent that could not be stored as events, newest first', params: SourceId, querystring: PageQuery, response: { 200: RejectPage, ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => {
    const { tenantId } = authOf(req);
    if (!(await deps.sources.get({ tenantId, id: req.params.id }))) throw errors.sourceNotFound();
    const limit = req.query.limit ?? 100;
    const rows = await deps.ingestRejects.list({ tenantId, sourceId: req.params.id, limit: limit + 1, before: req.query.cursor ? decodeTimeIdCursor(req.query.cursor) : null });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { data: page.map(presentReject), nextCursor: rows.length > limit && last ? encodeRejectCursor(last) : null };
  });

  app.get('/v1/sources/:id/setup', {
    config: { minRole: 'reader' },
    schema: {
      tags,
      summary: 'Webhook sources: sender configuration (Event Handler, Fluentd, Fluent Bit, Vector, curl; the token shows as <WEBHOOK_TOKEN>). S3 sources: IAM trust and permission policies with the ExternalId, and the bucket notification',
      params: SourceId, response: { 200: Type.Union([SetupSnippetsView, S3SetupView]), ...errorResponses(400, 401, 404, 503) },
    },
  }, async (req) => {
    const row = await deps.sources.get({ tenantId: authOf(req).tenantId, id: req.params.id });
    if (!row) throw errors.sourceNotFound();
    if (row.type === 'teleport_s3') {
      const c = row.config as Record<string, string | undefined>;
      return s3SourceSetup(
        { bucket: c.bucket!, prefix: c.prefix ?? null, region: c.region ?? null, roleArn: c.roleArn ?? null, kmsKeyArn: c.kmsKeyArn ?? null, queueUrl: c.queueUrl ?? null, externalId: c.externalId! },
        deps.s3Service,
      );
    }
    return webhookSetupSnippets({ publicUrl: deps.publicUrl, token: null });
  });

  app.patch('/v1/sources/:id', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Rename a source or replace its config', params: SourceId, body: UpdateSourceBody, response: { 200: SourceView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) } },
  }, async (req) => {
    const source = await updateSource(deps, { tenantId: authOf(req).tenantId, id: req.params.id, changes: req.body });
    await recordAudit(deps.auditLog, req, { action: 'source.update', targetType: 'source', targetId: source.id, details: { fields: Object.keys(req.body) } });
    return source;
  });

  app.delete('/v1/sources/:id', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Delete a source; its token stops working, its events are kept', params: SourceId, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) } },
  }, async (req, reply) => {
    const deleted = await deps.sources.delete({ tenantId: authOf(req).tenantId, id: req.params.id });
    if (!deleted) throw errors.sourceNotFound();
    await recordAudit(deps.auditLog, req, { action: 'source.delete', targetType: 'source', targetId: req.params.id });
    return reply.code(204).send(null);
  });

  app.post('/v1/sources/:id/rotate-token', {
    config: { minRole: 'admin' },
    schema: {
      tags,
      summary: 'Issue a new webhook token; the old one keeps working for the overlap window (default 24 h)',
      params: SourceId, querystring: RotateQuery, response: { 200: SourceWithSecret, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
    },
  }, async (req) => {
    const rotated = await rotateSourceToken(deps, { tenantId: authOf(req).tenantId, id: req.params.id, force: req.query.force === true });
    await recordAudit(deps.auditLog, req, {
      action: 'source.rotate_token', targetType: 'source', targetId: req.params.id,
      details: { force: req.query.force === true, previousTokenValidUntil: rotated.source.webhook?.previousTokenValidUntil ?? null },
    });
    return rotated;
  });
};
