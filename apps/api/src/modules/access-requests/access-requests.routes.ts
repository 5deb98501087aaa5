import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_QUERY_LENGTH } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { withSearchTimeout } from '../events/events.usecases.js';
import { getAccessRequest, listAccessRequests } from './access-requests.usecases.js';

export type AccessRequestsRoutesDeps = { repos: Pick<Repositories, 'accessRequests' | 'sessions'>; now: () => Date };

const S = Type.Union([Type.String(), Type.Null()]);
const Loose = Type.Record(Type.String(), Type.Unknown());

export const accessRequestsRoutes: FastifyPluginAsyncTypebox<{ deps: AccessRequestsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/access-requests', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['access-requests'], summary: 'Access requests with an event in the range, newest first; q keeps requests with any event matching it',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'the event search language, e.g. user:alice request_state:APPROVED role:admin' })),
        from: Type.Optional(Type.String({ maxLength: 64 })),
        to: Type.Optional(Type.String({ maxLength: 64 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        cursor: Type.Optional(Type.String({ maxLength: 1_024 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          data: Type.Array(Type.Object({
            requestId: Type.String(), firstEventAt: Type.String(), lastEventAt: Type.String(), requester: S,
            roles: Type.Union([Type.Array(Type.String()), Type.Null()]), state: S, reviews: Type.Integer(), events: Type.Integer(),
          })),
          nextCursor: S, range: Type.Object({ from: S, to: S }),
        }),
        ...errorResponses(400, 401, 422, 503),
      },
    },
  }, async (req) => withSearchTimeout(() => listAccessRequests(deps.repos.accessRequests, { tenantId: authOf(req).tenantId, input: req.query, now: deps.now() })));

  app.get('/v1/access-requests/:id', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['access-requests'], summary: 'The whole case of one access request: its life, reviews, decision, expiry, and every event and session done under it',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: {
        200: Type.Object({
          requestId: Type.String(), requester: S, roles: Type.Array(Type.String()), resources: Type.Array(Type.Unknown()), reason: S,
          suggestedReviewers: Type.Array(Type.String()), createdAt: S, reviews: Type.Array(Loose), state: S, decidedBy: S, decidedAt: S,
          selfApproved: Type.Boolean(), expiresAt: S, expired: Type.Boolean(), expiredAt: S, deletedAt: S, lifecycle: Type.Array(Loose),
          firstUsedAt: S, lastUsedAt: S,
          usage: Type.Object({ events: Type.Integer(), byType: Type.Record(Type.String(), Type.Integer()), sessions: Type.Integer(), truncated: Type.Boolean() }),
          sessions: Type.Array(Loose), events: Type.Array(Loose),
        }),
        ...errorResponses(400, 401, 404, 422, 503),
      },
    },
  }, async (req) => withSearchTimeout(() => getAccessRequest(deps.repos, { tenantId: authOf(req).tenantId, requestId: req.params.id, now: deps.now() })));
};
