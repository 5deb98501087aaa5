import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, MAX_QUERY_LENGTH, resolveTimeRange, type MicroTime } from '@tai/core';
import { GROUPINGS, type Grouping, type Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { withSearchTimeout } from './events.usecases.js';
import { bucketSeconds, buildHistogram, INTERVALS } from './histogram.js';
import { searchCondition } from './search-plan.js';

export type AggregatesRoutesDeps = { eventAggregates: Repositories['eventAggregates']; now: () => Date };

const GROUP_NAMES = Object.keys(GROUPINGS) as Grouping[];
/** The column names of the events table are accepted for the groupings too (cluster_name for cluster). */
const GROUP_ALIASES: Record<string, Grouping> = { cluster_name: 'cluster', server_hostname: 'node', event_code: 'code', source_id: 'source', session_id: 'session', user: 'actor', kubernetes_cluster: 'kube_cluster', db_name: 'db', app_name: 'app', ip: 'remote_ip', type: 'event_type' };
const grouping = (name: string): Grouping | null => (GROUP_NAMES as string[]).includes(name) ? name as Grouping : GROUP_ALIASES[name] ?? null;

const common = {
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'the search language, as for GET /v1/events' })),
  from: Type.Optional(Type.String({ maxLength: 64, description: 'RFC 3339, a date, now, or relative (-24h); default -24h' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'default now' })),
};

const S = Type.Union([Type.String(), Type.Null()]);

/** A bounded range: the histogram needs both ends; the default is the last 24 hours. */
function boundedRange(input: { from?: string; to?: string }, now: Date): { from: MicroTime; to: MicroTime } {
  const range = resolveTimeRange({ from: input.from ?? '-24h', to: input.to ?? 'now' }, now);
  return { from: range.from!, to: range.to! };
}

export const aggregatesRoutes: FastifyPluginAsyncTypebox<{ deps: AggregatesRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/events/histogram', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['events'], summary: 'Matching events per time bucket, optionally split by a field (top N plus "other"), zero-filled',
      querystring: Type.Object({
        ...common,
        interval: Type.Optional(Type.String({ maxLength: 8, description: `auto (default) or ${INTERVALS.join(', ')}` })),
        group_by: Type.Optional(Type.String({ maxLength: 40, description: `${GROUP_NAMES.join(', ')}` })),
        top: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          interval: Type.String(), from: Type.String(), to: Type.String(), groupBy: S, source: Type.String({ description: 'rollup (hourly counts kept at ingest) or events' }),
          groups: Type.Array(Type.Object({ key: Type.String(), total: Type.Integer() })),
          buckets: Type.Array(Type.Object({ start: Type.String(), total: Type.Integer(), counts: Type.Record(Type.String(), Type.Integer()) })),
        }),
        ...errorResponses(400, 401, 422, 503),
      },
    },
  }, async (req) => {
    const now = deps.now();
    const condition = searchCondition(req.query, now);
    const range = boundedRange(req.query, now);
    const group = req.query.group_by ? grouping(req.query.group_by) : null;
    if (req.query.group_by && !group) throw errors.badRequest({ message: `group_by must be one of ${GROUP_NAMES.join(', ')}`, details: { parameter: 'group_by' } });
    const { name, seconds } = bucketSeconds(req.query.interval ?? 'auto', range);
    const { rows, source } = await withSearchTimeout(() => deps.eventAggregates.count({ tenantId: authOf(req).tenantId, condition, range, group, bucketSeconds: seconds }));
    const histogram = buildHistogram({ rows, range, seconds, name, top: req.query.top ?? 10, grouped: group !== null });
    return { ...histogram, from: range.from, to: range.to, groupBy: group, source };
  });

  app.get('/v1/events/facets', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['events'], summary: 'Top values of fields among the matching events, with how many distinct values there are',
      querystring: Type.Object({
        ...common,
        fields: Type.Optional(Type.String({ maxLength: 400, description: `comma-separated: ${GROUP_NAMES.join(', ')} (default event_type,actor,cluster,remote_ip,login,node)` })),
        size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          from: S, to: S,
          sampled: Type.Integer({ description: 'how many of the newest matches the inexact facets were counted over' }),
          facets: Type.Array(Type.Object({
            field: Type.String(), distinct: Type.Integer(), exact: Type.Boolean({ description: 'false when counted over the newest matches only' }),
            values: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })),
          })),
        }),
        ...errorResponses(400, 401, 422, 503),
      },
    },
  }, async (req) => {
    const now = deps.now();
    const condition = searchCondition(req.query, now);
    const range = resolveTimeRange(req.query, now);
    const names = (req.query.fields ?? 'event_type,actor,cluster,remote_ip,login,node').split(',').map((f) => f.trim()).filter(Boolean);
    const fields = names.map((n) => grouping(n));
    if (fields.some((f) => f === null) || fields.length === 0) {
      throw errors.badRequest({ message: `fields are ${GROUP_NAMES.join(', ')}; unknown: ${names.filter((n) => !grouping(n)).join(', ')}`, details: { parameter: 'fields' } });
    }
    const result = await withSearchTimeout(() => deps.eventAggregates.facets({ tenantId: authOf(req).tenantId, condition, range, fields: [...new Set(fields as Grouping[])], size: req.query.size ?? 10, sample: FACET_SAMPLE }));
    return { from: range.from, to: range.to, ...result };
  });
};

/** Facets of fields the rollups do not keep are counted over the newest this many matches. */
export const FACET_SAMPLE = 20_000;
