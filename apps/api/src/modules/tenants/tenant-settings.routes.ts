import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkSilenceLayer, errors, SILENCE_DEFAULTS } from '@tai/core';
import type { Repositories, TenantSettingsRow } from '@tai/db';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { TenantSettings, UpdateTenantSettingsBody } from './tenant-settings.schemas.js';

export type TenantSettingsRoutesDeps = { tenants: Pick<Repositories['tenants'], 'getSettings' | 'updateSettings'>; auditLog: Repositories['auditLog'] };

const tags = ['tenant'];
const present = (row: TenantSettingsRow) => ({ ...row, silenceDefaults: { ...SILENCE_DEFAULTS } });

export const tenantSettingsRoutes: FastifyPluginAsyncTypebox<{ deps: TenantSettingsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/tenant/settings', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'This tenant\'s settings: how long its events are kept, and the bounds of a source\'s learned silence threshold', response: { 200: TenantSettings, ...errorResponses(400, 401, 503) } },
  }, async (req) => {
    const settings = await deps.tenants.getSettings({ tenantId: authOf(req).tenantId });
    if (!settings) throw errors.unauthenticated();
    return present(settings);
  });

  app.patch('/v1/tenant/settings', {
    config: { minRole: 'admin' },
    schema: {
      tags,
      summary: 'Change this tenant\'s settings; a shorter retention deletes the older events from the next retention run on, new silence bounds apply to every source without its own from the next monitor run',
      body: UpdateTenantSettingsBody, response: { 200: TenantSettings, ...errorResponses(400, 401, 403, 413, 415, 503) },
    },
  }, async (req) => {
    const auth = authOf(req);
    const changes = req.body;
    if (changes.silenceFloorSeconds !== undefined || changes.silenceCeilingSeconds !== undefined) {
      // A bound left out keeps its value, so the pair checked is the one the tenant will have.
      const current = await deps.tenants.getSettings({ tenantId: auth.tenantId });
      if (!current) throw errors.unauthenticated();
      checkSilenceLayer('tenant', { ...current, ...changes });
    }
    const result = await deps.tenants.updateSettings({ tenantId: auth.tenantId, ...changes });
    if (!result) throw errors.unauthenticated();
    const fields = Object.keys(changes) as (keyof typeof changes)[];
    await recordAudit(deps.auditLog, req, {
      action: 'tenant.update_settings', targetType: 'tenant', targetId: auth.tenantId,
      details: Object.fromEntries(fields.map((f) => [f, { from: result.before[f], to: result.after[f] }])),
    });
    return present(result.after);
  });
};
