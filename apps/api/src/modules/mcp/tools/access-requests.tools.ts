import { z } from 'zod';
import { compact, eventSummary, type Row, sessionSummary } from '../compact.js';
import { clipStrings, fitLists, fitPart, jsonLength } from '../output-budget.js';
import { joinQuery, term } from '../query-terms.js';
import { segment } from '../rest-client.js';
import { pinRange, restPage } from '../rest-page.js';
import { listsCursor, resumeLists } from '../tool-cursor.js';
import { ok } from '../tool-error.js';
import { defineTool } from '../tool-definition.js';
import { cursor, defined, from, idOrCursor, limit, listBudget, name, query, required, to } from './common-args.js';

// Shares of get_access_request's answer; its sessions and events get the rest.
const REVIEWS_CHARS = 3_000;
const LIFECYCLE_CHARS = 2_000;
const TEXT_CHARS = 1_000;

export const listAccessRequests = defineTool({
  name: 'list_access_requests',
  title: 'List access requests',
  description: 'Access requests with an event in the time range, newest first: requester, roles, state (PENDING, APPROVED, DENIED…), number of reviews and events. The query keeps requests with any event matching it. Use get_access_request for one request\'s whole case.',
  input: z.strictObject({
    query: query(),
    user: name('Only requests with an event by this user (the requester, a reviewer)'),
    state: z.string().max(40).optional().describe('Only requests with an event in this state, e.g. APPROVED, DENIED, PENDING'),
    role: name('Only requests for this role'),
    from: from('-7d'), to: to(),
    limit: limit(25, 100),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const q = joinQuery(a.query, [a.user && term('user', a.user), a.state && term('request_state', a.state), a.role && term('role', a.role)]);
    const page = await restPage({
      tool: 'list_access_requests', ctx, path: '/v1/access-requests', args: defined({ q, from: a.from, to: a.to }), cursor: a.cursor, limit: a.limit, maxRestLimit: 500,
      budget: listBudget(ctx.budget), summarize: (r) => compact(r), pin: pinRange,
    });
    return compact({ range: page.body.range, returned: page.items.length, accessRequests: page.items, nextCursor: page.nextCursor });
  },
});

export const getAccessRequest = defineTool({
  name: 'get_access_request',
  title: 'One access request: the whole case',
  description: 'Everything about one access request in one answer: who asked for which roles or resources and why, each review (reviewer, proposed state, reason), the decision and who made it, whether the requester approved it themself, expiry, and everything done under it: the sessions it enabled and every event whose certificate carried it, with counts by event type. The events list is cut to the size bound with a cursor.',
  input: z.strictObject({
    request_id: idOrCursor('The access request id (a UUID)'),
    include_events: z.boolean().default(true).describe('List the events done under it (default true); counts by type are always given'),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const resumed = resumeLists(a.cursor, 'get_access_request');
    const requestId = resumed ? String(resumed.args.request_id) : required(a.request_id, 'request_id', 'get_access_request');
    const withEvents = resumed ? resumed.args.include_events === true : a.include_events;
    const skip = resumed?.offsets ?? {};
    const c = ok<Row>(await ctx.rest.get(`/v1/access-requests/${segment(requestId, 'request_id')}`, {}, ctx.signal));
    const reviews = fitPart(((c.reviews ?? []) as Row[]).map((r) => compact(r)), REVIEWS_CHARS);
    const lifecycle = fitPart(((c.lifecycle ?? []) as Row[]).map((e) => compact(e)), LIFECYCLE_CHARS, 300);
    const header = compact(resumed ? { requestId: c.requestId, requester: c.requester, state: c.state, usage: c.usage } : clipStrings({
      requestId: c.requestId, requester: c.requester, roles: c.roles, resources: c.resources, reason: c.reason, suggestedReviewers: c.suggestedReviewers,
      createdAt: c.createdAt, state: c.state, decidedBy: c.decidedBy, decidedAt: c.decidedAt, selfApproved: c.selfApproved,
      expiresAt: c.expiresAt, expired: c.expired, expiredAt: c.expiredAt, deletedAt: c.deletedAt,
      reviews: reviews.items, reviewsOmitted: reviews.omitted, lifecycle: lifecycle.items, lifecycleOmitted: lifecycle.omitted,
      firstUsedAt: c.firstUsedAt, lastUsedAt: c.lastUsedAt, usage: c.usage,
    }, TEXT_CHARS) as Row);
    // The sessions and events get what the rest of the answer left.
    const fitted = fitLists([
      { name: 'sessions', items: ((c.sessions ?? []) as Row[]).map(sessionSummary), offset: skip.sessions ?? 0 },
      ...(withEvents ? [{ name: 'events', items: ((c.events ?? []) as Row[]).map((e) => eventSummary(e)), offset: skip.events ?? 0 }] : []),
    ], listBudget(ctx.budget) - jsonLength(header));
    return compact({
      ...header,
      ...fitted.kept,
      nextCursor: listsCursor('get_access_request', fitted.next, { request_id: requestId, include_events: withEvents }),
    });
  },
});
