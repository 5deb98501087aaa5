import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { ErrorResponses } from '../shared.schemas.js';

const Me = Type.Object({
  tenant: Type.Object({ id: Type.String(), name: Type.String() }),
  apiKey: Type.Object({ id: Type.String(), prefix: Type.String(), role: Type.String() }),
});

export const meRoutes: FastifyPluginAsyncTypebox<{ deps: { tenants: Repositories['tenants'] } }> = async (app, { deps }) => {
  app.get('/v1/me', {
    config: { minRole: 'reader' },
    schema: { tags: ['me'], summary: 'The tenant and key this request authenticates as', response: { 200: Me, ...ErrorResponses } },
  }, async (req) => {
    const auth = authOf(req);
    const tenant = await deps.tenants.get({ tenantId: auth.tenantId });
    if (!tenant) throw errors.unauthenticated();
    return { tenant: { id: tenant.id, name: tenant.name }, apiKey: { id: auth.keyId, prefix: auth.keyPrefix, role: auth.role } };
  });
};
