import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeTimeIdCursor, encodeTimeIdCursor, errors } from '@tai/core';
import { OBJECT_STATUSES, type IngestedObjectRow, type ObjectStatus, type Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ObjectView = Type.Object({
  id: Type.String(),
  bucket: Type.String(),
  key: Type.String(),
  etag: Type.String(),
  versionId: Nullable(Type.String()),
  size: Nullable(Type.Integer()),
  via: Type.String(),
  status: Type.String({ description: 'queued, processing, done, skipped, missing or failed' }),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  format: Nullable(Type.String()),
  events: Type.Object({ total: Type.Integer(), inserted: Type.Integer(), duplicate: Type.Integer(), badRecords: Type.Integer() }),
  firstSeenAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const present = (r: IngestedObjectRow) => ({
  id: r.id, bucket: r.bucket, key: r.key, etag: r.etag, versionId: r.versionId, size: r.size, via: r.via, status: r.status,
  attempts: r.attempts, lastError: r.lastError, format: r.format,
  events: { total: r.eventsTotal, inserted: r.eventsInserted, duplicate: r.eventsDuplicate, badRecords: r.badRecords },
  firstSeenAt: r.firstSeenAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
});

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['sources'];

/** The S3 objects a source was told about: what was read, what failed and why; failed ones can be retried. */
export const objectsRoutes: FastifyPluginAsyncTypebox<{ deps: { objects: Repositories['ingestedObjects']; sources: Repositories['sources']; auditLog: Repositories['auditLog']; now: () => Date } }> = async (app, { deps }) => {
  const requireS3Source = async (tenantId: string, id: string) => {
    const source = await deps.sources.get({ tenantId, id });
    if (!source) throw errors.sourceNotFound();
    if (source.type !== 'teleport_s3') throw errors.conflict({ message: 'Only S3 sources have objects' });
    return source;
  };

  app.get('/v1/sources/:id/objects', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'Objects of an S3 source, newest first; ?status=failed lists what needs attention',
      params: Params,
      querystring: Type.Object({
        status: Type.Optional(Type.Union(OBJECT_STATUSES.map((s) => Type.Literal(s)))),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        cursor: Type.Optional(Type.String({ maxLength: 512 })),
      }),
      response: { 200: Type.Object({ data: Type.Array(ObjectView), nextCursor: Nullable(Type.String()) }), ...errorResponses(400, 401, 404, 409, 503) },
    },
  }, async (req) => {
    const { tenantId } = authOf(req);
    await requireS3Source(tenantId, req.params.id);
    const limit = req.query.limit ?? 100;
    const rows = await deps.objects.list({
      tenantId, sourceId: req.params.id, status: (req.query.status ?? null) as ObjectStatus | null, limit: limit + 1,
      before: req.query.cursor ? decodeTimeIdCursor(req.query.cursor) : null,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { data: page.map(present), nextCursor: rows.length > limit && last ? encodeTimeIdCursor({ at: last.firstSeenAt, id: last.id }) : null };
  });

  app.post('/v1/sources/:id/objects/:objectId/retry', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Queue a failed or missing object again; the worker picks it up within seconds',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), objectId: Type.String({ format: 'uuid' }) }),
      response: { 200: ObjectView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
    },
  }, async (req) => {
    const { tenantId } = authOf(req);
    await requireS3Source(tenantId, req.params.id);
    const existing = await deps.objects.get({ tenantId, id: req.params.objectId });
    if (!existing || existing.sourceId !== req.params.id) throw errors.notFound({ message: 'Object not found' });
    const row = await deps.objects.requeue({ tenantId, id: existing.id, now: deps.now() });
    if (!row) throw errors.conflict({ message: `Only failed or missing objects can be retried; this one is ${existing.status}` });
    await recordAudit(deps.auditLog, req, { action: 'source.retry_object', targetType: 'object', targetId: row.id, details: { sourceId: req.params.id, key: row.key } });
    return present(row);
  });
};
