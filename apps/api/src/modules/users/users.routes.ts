import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { CreatedInvite, InviteBody, UpdateUserBody, UserView } from './users.schemas.js';
import { inviteUser, presentUser } from './users.usecases.js';

export type UsersRoutesDeps = { users: Repositories['users']; auditLog: Repositories['auditLog']; publicUrl: string; now: () => Date };

const tags = ['users'];

export const usersRoutes: FastifyPluginAsyncTypebox<{ deps: UsersRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/users', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Dashboard users of this tenant', response: { 200: Type.Object({ data: Type.Array(UserView) }), ...errorResponses(400, 401, 403, 503) } },
  }, async (req) => ({ data: (await deps.users.list({ tenantId: authOf(req).tenantId })).map(presentUser) }));

  app.post('/v1/users/invites', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Invite a user: returns a link (shown once) that sets the password; re-inviting a pending user issues a new link',
      body: InviteBody, response: { 201: CreatedInvite, ...errorResponses(400, 401, 403, 409, 413, 415, 503) },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    const { user, invite } = await inviteUser(deps.users, {
      tenantId: auth.tenantId, email: req.body.email, role: req.body.role, name: req.body.name?.trim() || null,
      invitedByUserId: auth.userId, publicUrl: deps.publicUrl, now: deps.now(),
    });
    await recordAudit(deps.auditLog, req, { action: 'user.invite', targetType: 'user', targetId: user.id, details: { email: user.email, role: user.role } });
    return reply.code(201).send({ user: presentUser(user), invite: { url: invite.url, expiresAt: invite.expiresAt.toISOString() } });
  });

  app.patch('/v1/users/:id', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Change a user\'s role, or disable (sign out everywhere, refuse sign-in) or enable them',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), body: UpdateUserBody, response: { 200: UserView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
    },
  }, async (req) => {
    const auth = authOf(req);
    const result = await deps.users.update({ tenantId: auth.tenantId, id: req.params.id, role: req.body.role, disabled: req.body.disabled, now: deps.now() });
    if (result === null) throw errors.userNotFound();
    if (result === 'last_admin') throw errors.conflict({ message: 'This is the last active admin; make another user admin first' });
    await recordAudit(deps.auditLog, req, { action: 'user.update', targetType: 'user', targetId: result.id, details: { ...req.body } });
    return presentUser(result);
  });
};
