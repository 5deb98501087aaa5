import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';

const Me = Type.Object({
  tenant: Type.Object({ id: Type.String(), name: Type.String() }),
  role: Type.String({ description: 'admin or reader (an analyst user has the reader role)' }),
  apiKey: Type.Union([Type.Object({ id: Type.String(), prefix: Type.String(), role: Type.String() }), Type.Null()], { description: 'null for a signed-in user' }),
  user: Type.Union([Type.Object({ id: Type.String(), email: Type.String() }), Type.Null()], { description: 'null for an API key' }),
});

export const meRoutes: FastifyPluginAsyncTypebox<{ deps: { tenants: Repositories['tenants'] } }> = async (app, { deps }) => {
  app.get('/v1/me', {
    config: { minRole: 'reader' },
    schema: { tags: ['me'], summary: 'The tenant and the key or user this request authenticates as', response: { 200: Me, ...errorResponses(400, 401, 503) } },
  }, async (req) => {
    const auth = authOf(req);
    const tenant = await deps.tenants.get({ tenantId: auth.tenantId });
    if (!tenant) throw errors.unauthenticated();
    return {
      tenant: { id: tenant.id, name: tenant.name },
      role: auth.role,
      apiKey: auth.keyId && auth.keyPrefix ? { id: auth.keyId, prefix: auth.keyPrefix, role: auth.role } : null,
      user: auth.userId && auth.email ? { id: auth.userId, email: auth.email } : null,
    };
  });
};
