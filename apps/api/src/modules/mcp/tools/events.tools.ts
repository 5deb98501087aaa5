import { z } from 'zod';
import { compact, eventSummary, type Row } from '../compact.js';
import { clipStrings, fitLists, fitValue, jsonLength } from '../output-budget.js';
import { term, joinQuery } from '../query-terms.js';
import { segment } from '../rest-client.js';
import { pinRange, restPage } from '../rest-page.js';
import { ok } from '../tool-error.js';
import { defineTool } from '../tool-definition.js';
import { cursor, defined, from, GROUP_FIELDS, id, limit, listBudget, name, query, SEARCH_FIELDS, to } from './common-args.js';

// The longest a field of get_event may be (dbQuery, command, message…).
const EVENT_FIELD_CHARS = 2_000;
const INTERVALS = ['auto', '1m', '5m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', '7d'] as const;

export const searchEvents = defineTool({
  name: 'search_events',
  title: 'Search audit events',
  description: 'Search the Teleport audit events with the query language. Returns how many events match in the range and the count per event type, then the newest events as compact summaries (no raw event unless include_raw). For "how many / which kinds" questions prefer event_histogram or top_values; for one user\'s overview use user_activity; for sessions use list_sessions.',
  input: z.strictObject({
    query: query(),
    user: name('Only events by this user (the query\'s user: field)'),
    node: name('Only events on this node host name or server id'),
    cluster: name('Only events of this Teleport cluster'),
    event: z.string().max(200).optional().describe('Only this event type, e.g. user.login, session.start, session.* for a family'),
    from: from('-24h'), to: to(),
    order: z.enum(['desc', 'asc']).default('desc').describe('newest first (default) or oldest first'),
    limit: limit(25, 200),
    include_raw: z.boolean().default(false).describe('Also return each event exactly as Teleport sent it (much longer)'),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const q = joinQuery(a.query, [a.user && term('user', a.user), a.node && term('node', a.node), a.cluster && term('cluster', a.cluster), a.event && term('event', a.event)]);
    const args = defined({ q, from: a.from, to: a.to, order: a.order, fields: a.include_raw ? `${SEARCH_FIELDS},raw` : SEARCH_FIELDS });
    // Both requests at once, and awaited together: a failed page must not leave the count's rejection unhandled.
    const [page, counts] = await Promise.all([
      restPage({
        tool: 'search_events', ctx, path: '/v1/events', args, cursor: a.cursor, limit: a.limit, maxRestLimit: 1_000, budget: listBudget(ctx.budget),
        summarize: (row) => eventSummary(row, { raw: 'raw' in row }), pin: pinRange,
      }),
      a.cursor ? null : ctx.rest.get('/v1/events/histogram', defined({ q, from: a.from, to: a.to, group_by: 'event_type', top: 10 }), ctx.signal).then((res) => ok<Row>(res)),
    ]);
    const groups = (counts?.groups ?? []) as { key: string; total: number }[];
    return compact({
      range: page.body.range,
      total: counts ? groups.reduce((sum, g) => sum + g.total, 0) : null,
      byType: counts ? Object.fromEntries(groups.map((g) => [g.key, g.total])) : null,
      returned: page.items.length,
      events: page.items,
      nextCursor: page.nextCursor,
    });
  },
});

export const eventHistogram = defineTool({
  name: 'event_histogram',
  title: 'Events over time',
  description: 'Count matching events per time bucket (zero-filled, UTC-aligned), optionally split by a field (its top values plus "other"). Answers "when", "how often" and "what changed" questions: e.g. failed logins per hour this week (query event:user.login success:false, from -7d, interval 1h).',
  input: z.strictObject({
    query: query(),
    from: from('-24h'), to: to(),
    interval: z.enum(INTERVALS).default('auto').describe('Bucket width; auto picks the finest that gives at most about 120 buckets'),
    group_by: z.enum(GROUP_FIELDS).optional().describe('Split each bucket by this field'),
    top: z.number().int().min(1).max(20).default(5).describe('With group_by: how many top values get their own count (the rest is "other")'),
  }),
  run: async (a, ctx) => {
    const body = ok<Row>(await ctx.rest.get('/v1/events/histogram', defined({ q: a.query, from: a.from, to: a.to, interval: a.interval, group_by: a.group_by, top: a.top }), ctx.signal));
    const buckets = ((body.buckets ?? []) as { start: string; total: number; counts: Record<string, number> }[]).map((b) => {
      const counts = Object.fromEntries(Object.entries(b.counts ?? {}).filter(([, n]) => n > 0));
      return a.group_by && b.total > 0 ? { start: b.start, total: b.total, counts } : { start: b.start, total: b.total };
    });
    const groups = (body.groups ?? []) as { key: string; total: number }[];
    const fitted = fitLists([{ name: 'buckets', items: buckets, offset: 0 }], listBudget(ctx.budget));
    return compact({
      from: body.from, to: body.to, interval: body.interval, groupBy: body.groupBy, countedFrom: body.source,
      total: buckets.reduce((sum, b) => sum + b.total, 0),
      groups: a.group_by ? Object.fromEntries(groups.map((g) => [g.key, g.total])) : null,
      buckets: fitted.kept.buckets,
      bucketsOmitted: fitted.next ? buckets.length - fitted.kept.buckets!.length : null,
      note: fitted.next ? 'Too many buckets for one answer: the later ones are left out; use a coarser interval or a shorter range' : null,
    });
  },
});

export const topValues = defineTool({
  name: 'top_values',
  title: 'Top values of fields',
  description: 'The most frequent values of fields among the matching events (facets), with counts and how many distinct values there are. E.g. "failed logins by IP" = query event:user.login success:false, fields [remote_ip]; "who ran curl" = query "curl", fields [actor].',
  input: z.strictObject({
    query: query(),
    fields: z.array(z.enum(GROUP_FIELDS)).min(1).max(8).default(['event_type', 'actor', 'cluster', 'remote_ip', 'login', 'node']).describe('Fields to count'),
    from: from('-24h'), to: to(),
    size: z.number().int().min(1).max(50).default(10).describe('Values per field'),
  }),
  run: async (a, ctx) => {
    const body = ok<Row>(await ctx.rest.get('/v1/events/facets', defined({ q: a.query, from: a.from, to: a.to, fields: a.fields.join(','), size: a.size }), ctx.signal));
    const facets = ((body.facets ?? []) as Row[]).map((f) => ({ field: f.field, distinct: f.distinct, exact: f.exact, values: f.values }));
    const fitted = fitLists([{ name: 'facets', items: facets, offset: 0 }], listBudget(ctx.budget));
    return compact({
      range: { from: body.from, to: body.to },
      facets: fitted.kept.facets,
      note: facets.some((f) => f.exact === false) ? `Facets with exact: false were counted over the newest ${body.sampled} matches` : null,
    });
  },
});

export const getEvent = defineTool({
  name: 'get_event',
  title: 'One event',
  description: 'One event by its id (the id field of search results and case listings): every normalized field, and with include_raw the event exactly as received.',
  input: z.strictObject({
    id: id('The event id, e.g. ev_mpukawii_t'),
    include_raw: z.boolean().default(false).describe('Also return the raw event as Teleport sent it'),
  }),
  run: async (a, ctx) => {
    const body = ok<{ event: Row; fields: Row; raw: unknown }>(await ctx.rest.get(`/v1/events/${segment(a.id, 'id')}`, {}, ctx.signal));
    const summary = { id: body.event.id, ...eventSummary(body.fields ?? {}) };
    // A database query or a command line can be megabytes; the start of it is what a reader needs.
    const event = clipStrings(summary, EVENT_FIELD_CHARS) as Row;
    const fieldsClipped = jsonLength(event) < jsonLength(summary) ? `fields longer than ${EVENT_FIELD_CHARS} characters were cut; include_raw gives the raw event, also size-bounded` : null;
    if (!a.include_raw) return compact({ event, fieldsClipped });
    const raw = fitValue(body.raw, listBudget(ctx.budget) - jsonLength(event));
    return compact({ event, fieldsClipped, raw: raw.value, rawClipped: raw.clipped || null });
  },
});
