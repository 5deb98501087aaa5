import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_QUERY_LENGTH } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { withSearchTimeout } from '../events/events.usecases.js';
import { getSession, listSessions } from './sessions.usecases.js';

export type SessionsRoutesDeps = { sessions: Repositories['sessions']; now: () => Date };

const S = Type.Union([Type.String(), Type.Null()]);
const Session = Type.Object({
  sessionId: Type.String(), kind: Type.String({ description: 'ssh, kubernetes, database, app or desktop' }),
  start: Type.String(), end: S, lastEventAt: Type.String(), durationSeconds: Type.Union([Type.Number(), Type.Null()]),
  initiator: S, participants: Type.Array(Type.String()), login: S, node: S, serverId: S, cluster: S, kubernetesCluster: S, db: S, app: S, desktop: S,
  eventCount: Type.Integer(),
  status: Type.String({ description: 'complete, incomplete (an ei is missing), open (no end yet) or abandoned (no end, silent for 24 h)' }),
  completeness: Type.Object({ hasEnd: Type.Boolean(), highestIndex: Type.Union([Type.Integer(), Type.Null()]), missingIndices: Type.Integer() }),
});
const Loose = Type.Record(Type.String(), Type.Unknown());

export const sessionsRoutes: FastifyPluginAsyncTypebox<{ deps: SessionsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/sessions', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['sessions'], summary: 'Sessions active in the time range, newest first: who, where, when, and whether their event stream is complete',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'user:alice node:prod-* login:root cluster: kube_cluster: db: app: sid: complete:false status:abandoned "free text"' })),
        from: Type.Optional(Type.String({ maxLength: 64 })),
        to: Type.Optional(Type.String({ maxLength: 64 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        cursor: Type.Optional(Type.String({ maxLength: 1_024 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(Session), nextCursor: S, range: Type.Object({ from: S, to: S }) }), ...errorResponses(400, 401, 422, 503) },
    },
  }, async (req) => withSearchTimeout(() => listSessions(deps.sessions, { tenantId: authOf(req).tenantId, input: req.query, now: deps.now() })));

  app.get('/v1/sessions/:sid', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['sessions'], summary: 'One session: participants, commands, file transfers, port forwards, data, access requests, completeness (missing ei ranges), and its events in order',
      params: Type.Object({ sid: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: {
        200: Type.Object({
          session: Session,
          participants: Type.Array(Loose), commands: Type.Array(Loose), fileTransfers: Type.Array(Loose), portForwards: Type.Array(Loose),
          dataTransferred: Type.Object({ txBytes: Type.Integer(), rxBytes: Type.Integer() }),
          accessRequests: Type.Array(Type.String()), moderated: Type.Boolean(),
          started: Type.Union([Loose, Type.Null()]), ended: Type.Union([Loose, Type.Null()]),
          completeness: Type.Object({
            highestIndex: Type.Union([Type.Integer(), Type.Null()]), indexedEvents: Type.Integer(), missingIndices: Type.Integer(),
            missingRanges: Type.Array(Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 }), { description: 'closed ranges of missing ei, e.g. [[3, 3], [7, 12]]' }),
            hasEnd: Type.Boolean(),
          }),
          events: Type.Array(Loose), truncated: Type.Boolean(),
        }),
        ...errorResponses(400, 401, 404, 422, 503),
      },
    },
  }, async (req) => withSearchTimeout(() => getSession(deps.sessions, { tenantId: authOf(req).tenantId, sessionId: req.params.sid, now: deps.now() })));
};
