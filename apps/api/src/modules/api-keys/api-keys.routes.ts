import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { ApiKeyId, ApiKeyList, ApiKeyView, CreateApiKeyBody, CreatedApiKey } from './api-keys.schemas.js';
import { issueApiKey, presentApiKey } from './api-keys.usecases.js';

export type ApiKeysRoutesDeps = { apiKeys: Repositories['apiKeys']; auditLog: Repositories['auditLog']; now: () => Date };

const tags = ['api-keys'];

export const apiKeysRoutes: FastifyPluginAsyncTypebox<{ deps: ApiKeysRoutesDeps }> = async (app, { deps }) => {
  app.post('/v1/api-keys', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Create an API key; the secret is returned once', body: CreateApiKeyBody, response: { 201: CreatedApiKey, ...errorResponses(400, 401, 403, 413, 415, 503) } },
  }, async (req, reply) => {
    const auth = authOf(req);
    const created = await issueApiKey(deps.apiKeys, { tenantId: auth.tenantId, name: req.body.name, role: req.body.role, createdByKeyId: auth.keyId });
    await recordAudit(deps.auditLog, req, { action: 'api_key.create', targetType: 'api_key', targetId: created.apiKey.id, details: { name: req.body.name, role: req.body.role } });
    return reply.code(201).send(created);
  });

  app.get('/v1/api-keys', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'List API keys (never their secrets)', response: { 200: ApiKeyList, ...errorResponses(400, 401, 403, 503) } },
  }, async (req) => ({ data: (await deps.apiKeys.list({ tenantId: authOf(req).tenantId })).map(presentApiKey) }));

  app.get('/v1/api-keys/:id', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Get an API key', params: ApiKeyId, response: { 200: ApiKeyView, ...errorResponses(400, 401, 403, 404, 503) } },
  }, async (req) => {
    const row = await deps.apiKeys.get({ tenantId: authOf(req).tenantId, id: req.params.id });
    if (!row) throw errors.apiKeyNotFound();
    return presentApiKey(row);
  });

  app.delete('/v1/api-keys/:id', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Revoke an API key; it stops working at once', params: ApiKeyId, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409, 503) } },
  }, async (req, reply) => {
    const auth = authOf(req);
    // Revoking the key in hand would lock the caller out mid-session; use another admin key for that.
    if (req.params.id === auth.keyId) throw errors.conflict({ message: 'A key cannot revoke itself; use another admin key' });
    const row = await deps.apiKeys.revoke({ tenantId: auth.tenantId, id: req.params.id, now: deps.now() });
    if (!row) throw errors.apiKeyNotFound({ message: 'API key not found or already revoked' });
    await recordAudit(deps.auditLog, req, { action: 'api_key.revoke', targetType: 'api_key', targetId: req.params.id });
    return reply.code(204).send(null);
  });
};
