import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_QUERY_LENGTH, resolveTimeRange, uuidv7 } from '@tai/core';
import type { Repositories, SearchOrder } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { csvLine } from './export-format.js';
import { parseFields, searchCondition } from './search-plan.js';

export type ExportRoutesDeps = { eventSearch: Repositories['eventSearch']; auditLog: Repositories['auditLog']; now: () => Date };

const CSV_DEFAULT_FIELDS = ['time', 'type', 'code', 'success', 'actor', 'login', 'clusterName', 'serverHostname', 'remoteIp', 'sessionId', 'command', 'resourceName', 'error'] as const;

/**
 * GET /v1/events/export: every matching event, streamed from one database cursor (constant memory, no page
 * cap), NDJSON of the raw events or CSV of chosen fields. The answer is chunked; it is complete when it ends
 * with its trailers, `X-Export-Complete: true` and `X-Export-Rows`. A download cut short has neither (and no
 * final chunk), and a client that goes away stops the query.
 */
export const exportRoutes: FastifyPluginAsyncTypebox<{ deps: ExportRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/events/export', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['events'], summary: 'Stream every matching event as NDJSON (raw events) or CSV (chosen fields)',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH })),
        from: Type.Optional(Type.String({ maxLength: 64 })),
        to: Type.Optional(Type.String({ maxLength: 64 })),
        format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('csv')], { default: 'ndjson' })),
        fields: Type.Optional(Type.String({ maxLength: 1_000, description: `CSV columns (default ${CSV_DEFAULT_FIELDS.join(',')})` })),
        order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')])),
      }, { additionalProperties: false }),
      response: { 200: { description: 'the events, chunked, with X-Export-Complete and X-Export-Rows trailers', content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses(400, 401, 503) },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    const now = deps.now();
    const format = req.query.format ?? 'ndjson';
    const condition = searchCondition(req.query, now);
    const range = resolveTimeRange(req.query, now);
    const fields = format === 'csv' ? parseFields(req.query.fields, CSV_DEFAULT_FIELDS) : [];
    const order: SearchOrder = req.query.order ?? 'desc';
    await recordAudit(deps.auditLog, req, { action: 'events.export', targetType: 'events', targetId: format, details: { q: req.query.q ?? '', from: range.from, to: range.to, format } });

    const batches = deps.eventSearch.stream({ tenantId: auth.tenantId, condition, range, order, fields }, { rawText: format === 'ndjson' });
    let rows = 0;
    let complete = false;
    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield csvLine(fields);
      for await (const batch of batches) {
        rows += batch.length;
        yield format === 'csv'
          ? (batch as Record<string, unknown>[]).map((row) => csvLine(fields.map((f) => row[f]))).join('')
          : `${(batch as string[]).join('\n')}\n`;
      }
      complete = true;
    }
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="teleport-events-${stamp}.${format}"`)
      .header('x-export-id', uuidv7())
      .trailer('x-export-complete', async () => String(complete))
      .trailer('x-export-rows', async () => String(rows));
    const body = Readable.from(lines());
    // A client that goes away must end the generator (closing the cursor, freeing the connection) now, not never.
    reply.raw.once('close', () => {
      if (!complete) body.destroy();
    });
    return reply.send(body);
  });
};
