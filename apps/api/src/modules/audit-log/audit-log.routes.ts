import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses, PageQuery } from '../shared.schemas.js';

const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actor: Type.Object({
    keyId: Type.Union([Type.String(), Type.Null()]), keyPrefix: Type.Union([Type.String(), Type.Null()]),
    userId: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]),
  }),
  target: Type.Object({ type: Type.Union([Type.String(), Type.Null()]), id: Type.Union([Type.String(), Type.Null()]) }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const auditLogRoutes: FastifyPluginAsyncTypebox<{ deps: { auditLog: Repositories['auditLog'] } }> = async (app, { deps }) => {
  app.get('/v1/audit-log', {
    config: { minRole: 'admin' },
    schema: {
      tags: ['audit-log'], summary: 'Admin actions on this tenant, newest first',
      querystring: PageQuery, response: { 200: Type.Object({ data: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401, 403, 503) },
    },
  }, async (req) => {
    const limit = req.query.limit ?? 100;
    const rows = await deps.auditLog.list({ tenantId: authOf(req).tenantId, limit: limit + 1, before: req.query.cursor ? decodeTimeIdCursor(req.query.cursor) : null });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map((r) => ({
        id: r.id, at: r.at.toISOString(), action: r.action,
        actor: { keyId: r.actorKeyId, keyPrefix: r.actorKeyPrefix, userId: r.actorUserId, email: r.actorEmail },
        target: { type: r.targetType, id: r.targetId },
        ip: r.ip, userAgent: r.userAgent, requestId: r.requestId, details: r.details,
      })),
      nextCursor: rows.length > limit && last ? encodeTimeIdCursor({ at: last.at, id: last.id }) : null,
    };
  });
};
