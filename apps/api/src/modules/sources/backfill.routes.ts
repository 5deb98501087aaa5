import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BACKFILL_MAX_DAYS, backfillPrefixes, checkBackfillScope, errors, uuidv7 } from '@tai/core';
import type { BackfillRunRow, Repositories, SourceRow } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
// No `format: 'date'`: checkBackfillScope's messages say which date is wrong and why, ajv's only "must match format".
const DateString = (description: string) => Type.String({ maxLength: 32, description: `YYYY-MM-DD (UTC); ${description}`, examples: ['2024-05-01'] });

const RunView = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  status: Type.String({ description: 'queued, listing, done or failed' }),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  prefix: Nullable(Type.String()),
  objects: Type.Object({
    listed: Type.Integer(),
    queued: Type.Integer({ description: 'handed to the object jobs; follow them with GET /v1/sources/{id}/objects' }),
    skipped: Type.Integer({ description: 'already ingested, or not event objects (recordings, folder markers)' }),
  }),
  progress: Type.Object({
    prefixesTotal: Type.Integer({ description: 'key prefixes to list: one per date of a range, else one' }),
    prefixesDone: Type.Integer(),
    currentPrefix: Nullable(Type.String()),
  }),
  lastError: Nullable(Type.String()),
  requestedByKeyId: Type.Union([Type.String(), Type.Null()]),
  requestedByUserId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const sourcePrefixOf = (source: SourceRow): string | null => {
  const prefix = (source.config as { prefix?: unknown }).prefix;
  return typeof prefix === 'string' && prefix !== '' ? prefix : null;
};

function present(run: BackfillRunRow, source: SourceRow) {
  const prefixes = backfillPrefixes({ sourcePrefix: sourcePrefixOf(source), scope: { from: run.fromDate, to: run.toDate, prefix: run.prefix } });
  const at = run.continuation ? Math.max(0, prefixes.indexOf(run.continuation.prefix)) : 0;
  return {
    id: run.id, sourceId: run.sourceId, status: run.status, from: run.fromDate, to: run.toDate, prefix: run.prefix,
    objects: { listed: run.objectsListed, queued: run.objectsQueued, skipped: run.objectsSkipped },
    progress: {
      prefixesTotal: prefixes.length,
      prefixesDone: run.status === 'done' ? prefixes.length : at,
      currentPrefix: run.status === 'listing' ? (prefixes[at] ?? null) : null,
    },
    lastError: run.lastError, requestedByKeyId: run.requestedByKeyId, requestedByUserId: run.requestedByUserId,
    createdAt: run.createdAt.toISOString(), startedAt: run.startedAt?.toISOString() ?? null, finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['sources'];

/**
 * Backfill of an S3 source (s3-ingest.md §5.10): objects written before notifications were wired, or whose
 * messages expired on the queue. The API only records the run; the worker lists and queues, resumably.
 */
export const backfillRoutes: FastifyPluginAsyncTypebox<{ deps: { backfills: Repositories['backfillRuns']; sources: Repositories['sources']; auditLog: Repositories['auditLog'] } }> = async (app, { deps }) => {
  const requireS3Source = async (tenantId: string, id: string) => {
    const source = await deps.sources.get({ tenantId, id });
    if (!source) throw errors.sourceNotFound();
    if (source.type !== 'teleport_s3') throw errors.conflict({ message: 'Only S3 sources can be backfilled' });
    return source;
  };

  app.post('/v1/sources/:id/backfill', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'List the bucket and queue every event object not ingested yet: a date range of EAS folders, a prefix, or (neither) the whole source prefix',
      params: Params,
      body: Type.Object({
        from: Type.Optional(DateString('first UTC date folder, <prefix>/<YYYY-MM-DD>/; needs to')),
        to: Type.Optional(DateString(`last date folder, inclusive; at most ${BACKFILL_MAX_DAYS} days after from`)),
        prefix: Type.Optional(Type.String({ maxLength: 1024, description: "any key prefix inside the source's prefix; not with from/to" })),
      }, { additionalProperties: false }),
      response: { 201: RunView, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    const source = await requireS3Source(auth.tenantId, req.params.id);
    const checked = checkBackfillScope({ sourcePrefix: sourcePrefixOf(source), ...req.body });
    if ('error' in checked) throw errors.badRequest({ message: checked.error, details: { field: checked.field } });
    const { scope } = checked;
    const run = await deps.backfills.create({
      tenantId: auth.tenantId, id: uuidv7(), sourceId: source.id, requestedByKeyId: auth.keyId, requestedByUserId: auth.userId, fromDate: scope.from, toDate: scope.to, prefix: scope.prefix,
    });
    await recordAudit(deps.auditLog, req, { action: 'source.backfill', targetType: 'backfill', targetId: run.id, details: { sourceId: source.id, ...scope } });
    return reply.code(201).send(present(run, source));
  });

  app.get('/v1/sources/:id/backfills', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'Backfills of an S3 source, newest first, with progress',
      params: Params,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
      response: { 200: Type.Object({ data: Type.Array(RunView) }), ...errorResponses(400, 401, 404, 409, 503) },
    },
  }, async (req) => {
    const { tenantId } = authOf(req);
    const source = await requireS3Source(tenantId, req.params.id);
    const runs = await deps.backfills.list({ tenantId, sourceId: source.id, limit: req.query.limit ?? 50 });
    return { data: runs.map((run) => present(run, source)) };
  });

  app.get('/v1/sources/:id/backfills/:runId', {
    config: { minRole: 'reader' },
    schema: {
      tags, summary: 'One backfill and its progress',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), runId: Type.String({ format: 'uuid' }) }),
      response: { 200: RunView, ...errorResponses(400, 401, 404, 409, 503) },
    },
  }, async (req) => {
    const { tenantId } = authOf(req);
    const source = await requireS3Source(tenantId, req.params.id);
    const run = await deps.backfills.get({ tenantId, sourceId: source.id, id: req.params.runId });
    if (!run) throw errors.notFound({ message: 'Backfill not found' });
    return present(run, source);
  });
};
