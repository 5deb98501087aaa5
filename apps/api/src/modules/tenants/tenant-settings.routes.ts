import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { TenantSettings, UpdateTenantSettingsBody } from './tenant-settings.schemas.js';

export type TenantSettingsRoutesDeps = { tenants: Pick<Repositories['tenants'], 'getSettings' | 'updateSettings'>; auditLog: Repositories['auditLog'] };

const tags = ['tenant'];

export const tenantSettingsRoutes: FastifyPluginAsyncTypebox<{ deps: TenantSettingsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/tenant/settings', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'This tenant\'s settings: how long its events are kept', response: { 200: TenantSettings, ...errorResponses(400, 401, 503) } },
  }, async (req) => {
    const settings = await deps.tenants.getSettings({ tenantId: authOf(req).tenantId });
    if (!settings) throw errors.unauthenticated();
    return settings;
  });

  app.patch('/v1/tenant/settings', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Change this tenant\'s settings; a shorter retention deletes the older events from the next retention run on',
      body: UpdateTenantSettingsBody, response: { 200: TenantSettings, ...errorResponses(400, 401, 403, 413, 415, 503) },
    },
  }, async (req) => {
    const auth = authOf(req);
    const result = await deps.tenants.updateSettings({ tenantId: auth.tenantId, retentionDays: req.body.retentionDays });
    if (!result) throw errors.unauthenticated();
    await recordAudit(deps.auditLog, req, {
      action: 'tenant.update_settings', targetType: 'tenant', targetId: auth.tenantId,
      details: { retentionDays: { from: result.before.retentionDays, to: result.after.retentionDays } },
    });
    return result.after;
  });
};
