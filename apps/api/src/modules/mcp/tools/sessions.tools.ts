import { z } from 'zod';
import { commandSummary, compact, eventSummary, type Row, sessionSummary } from '../compact.js';
import { fitLists, fitPart, jsonLength } from '../output-budget.js';
import { joinQuery, term } from '../query-terms.js';
import { segment } from '../rest-client.js';
import { pinRange, restPage } from '../rest-page.js';
import { listsCursor, resumeLists } from '../tool-cursor.js';
import { ok } from '../tool-error.js';
import { defineTool } from '../tool-definition.js';
import { cursor, defined, from, idOrCursor, limit, listBudget, name, required, to } from './common-args.js';

// Shares of get_session's answer; its commands, transfers and events get the rest.
const PARTICIPANTS_CHARS = 3_000;
const ACCESS_REQUESTS_CHARS = 1_000;
const MISSING_RANGES_CHARS = 1_000;

export const listSessions = defineTool({
  name: 'list_sessions',
  title: 'List sessions',
  description: 'Sessions (ssh, kubernetes, database, app, desktop) active in the time range, newest first: who started and joined them, login, node, cluster, start, end, duration, and status (complete; incomplete: an event is missing; open: no end yet; abandoned: no end and silent for 24 h). "Sessions of alice on prod in the last 24 h" = user alice, cluster prod*, from -24h. Use get_session for one session\'s commands.',
  input: z.strictObject({
    query: z.string().max(4_000).optional().describe('Session filter: user: (started or joined), initiator:, login:, node:, cluster:, kube_cluster:, db:, app:, desktop:, sid:, complete:true|false, status:complete|incomplete|open|abandoned, "free text"; AND, OR, NOT'),
    user: name('Only sessions this user started or joined'),
    node: name('Only sessions on this node'),
    cluster: name('Only sessions of this cluster, e.g. prod*'),
    login: name('Only sessions with this OS or database login, e.g. root'),
    status: z.enum(['complete', 'incomplete', 'open', 'abandoned']).optional().describe('Only sessions in this state'),
    from: from('-24h'), to: to(),
    limit: limit(25, 100),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const q = joinQuery(a.query, [a.user && term('user', a.user), a.node && term('node', a.node), a.cluster && term('cluster', a.cluster), a.login && term('login', a.login), a.status && term('status', a.status)]);
    const page = await restPage({
      tool: 'list_sessions', ctx, path: '/v1/sessions', args: defined({ q, from: a.from, to: a.to }), cursor: a.cursor, limit: a.limit, maxRestLimit: 500,
      budget: listBudget(ctx.budget), summarize: sessionSummary, pin: pinRange,
    });
    return compact({ range: page.body.range, returned: page.items.length, sessions: page.items, nextCursor: page.nextCursor, more: page.nextCursor ? 'more sessions: call again with nextCursor' : null });
  },
});

export const getSession = defineTool({
  name: 'get_session',
  title: 'One session',
  description: 'One session\'s whole story: who (initiator, participants with join and leave times, moderated), where (node, cluster, login), when (start, end, duration), what (commands with exit codes, file transfers, port forwards, data sent and received), the access requests it ran under, and completeness (the ei ranges of events that never arrived). include_events adds its event stream in order.',
  input: z.strictObject({
    session_id: idOrCursor('The session id (sid), a UUID'),
    include_events: z.boolean().default(false).describe('Also list the session\'s events in order (long)'),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const resumed = resumeLists(a.cursor, 'get_session');
    const sessionId = resumed ? String(resumed.args.session_id) : required(a.session_id, 'session_id', 'get_session');
    const withEvents = resumed ? resumed.args.include_events === true : a.include_events;
    const skip = resumed?.offsets ?? {};
    const body = ok<Row>(await ctx.rest.get(`/v1/sessions/${segment(sessionId, 'session_id')}`, {}, ctx.signal));
    const lists = [
      { name: 'commands', items: ((body.commands ?? []) as Row[]).map(commandSummary), offset: skip.commands ?? 0 },
      { name: 'fileTransfers', items: ((body.fileTransfers ?? []) as Row[]).map((f) => compact(f, new Set(['success']))), offset: skip.fileTransfers ?? 0 },
      { name: 'portForwards', items: ((body.portForwards ?? []) as Row[]).map((p) => compact(p)), offset: skip.portForwards ?? 0 },
      ...(withEvents ? [{ name: 'events', items: ((body.events ?? []) as Row[]).map((e) => eventSummary(e)), offset: skip.events ?? 0 }] : []),
    ];
    const completeness = (body.completeness ?? {}) as Row;
    const participants = fitPart(((body.participants ?? []) as Row[]).map((p) => compact(p)), PARTICIPANTS_CHARS, 300);
    const header = compact({
      session: sessionSummary((body.session ?? {}) as Row),
      participants: participants.items, participantsOmitted: participants.omitted,
      moderated: body.moderated || null,
      accessRequests: fitPart((body.accessRequests ?? []) as unknown[], ACCESS_REQUESTS_CHARS).items,
      dataTransferred: body.dataTransferred,
      completeness: compact({ complete: completeness.missingIndices === 0 && completeness.hasEnd === true, hasEnd: completeness.hasEnd, highestIndex: completeness.highestIndex, eventsIndexed: completeness.indexedEvents, missingEvents: completeness.missingIndices, missingRanges: fitPart((completeness.missingRanges ?? []) as unknown[], MISSING_RANGES_CHARS).items }),
      counts: { commands: lists[0]!.items.length, fileTransfers: lists[1]!.items.length, portForwards: lists[2]!.items.length, ...(withEvents ? { events: lists[3]!.items.length } : {}) },
    });
    // The lists get what the rest of the answer left.
    const fitted = fitLists(lists, listBudget(ctx.budget) - jsonLength(header));
    return compact({
      ...header,
      ...fitted.kept,
      eventsTruncated: withEvents && body.truncated === true ? true : null,
      nextCursor: listsCursor('get_session', fitted.next, { session_id: sessionId, include_events: withEvents }),
    });
  },
});
