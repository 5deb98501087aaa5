import { z } from 'zod';
import { compact, eventSummary, type Row, sessionSummary } from '../compact.js';
import { foldAccess, type AccessEvent, type AccessSession } from '../access-summary.js';
import { fitLists, fitValue } from '../output-budget.js';
import { term } from '../query-terms.js';
import type { RestQuery } from '../rest-client.js';
import { listsCursor, resumeLists } from '../tool-cursor.js';
import { ok, ToolError } from '../tool-error.js';
import { defineTool, type ToolContext } from '../tool-definition.js';
import { cursor, from, listBudget, required, to } from './common-args.js';

/** The search-language field, and the session filter, for each kind of resource. */
const RESOURCE_FIELD = { node: 'node', db: 'db', kube: 'kube_cluster', app: 'app' } as const;
const ResourceKind = z.enum(['node', 'db', 'kube', 'app']);
// Events read to find each user's first and last access and the requests they used: two pages of the API.
const SCAN_PAGES = 2;
const SCAN_PAGE_ROWS = 1_000;

const get = async (ctx: ToolContext, path: string, query: RestQuery) => ok<Row>(await ctx.rest.get(path, query, ctx.signal));
const facetValues = (body: Row, field: string) => (((body.facets ?? []) as Row[]).find((f) => f.field === field)?.values ?? []) as { value: string; count: number }[];

async function scanEvents(ctx: ToolContext, query: RestQuery): Promise<{ events: AccessEvent[]; complete: boolean }> {
  const events: AccessEvent[] = [];
  let cursorText: string | null = null;
  for (let page = 0; page < SCAN_PAGES; page++) {
    ctx.signal.throwIfAborted(); // the time budget ran out while the last page was read: read no more
    const body = await get(ctx, '/v1/events', { ...query, fields: 'time,actor,sessionId,login,accessRequests', limit: SCAN_PAGE_ROWS, ...(cursorText ? { cursor: cursorText } : {}) });
    events.push(...(body.data as AccessEvent[]));
    cursorText = typeof body.nextCursor === 'string' ? body.nextCursor : null;
    if (!cursorText) return { events, complete: true };
  }
  return { events, complete: false };
}

// A cursor is the client's to hand back: its kind is checked again, not trusted.
const resumedKind = (kind: unknown) => {
  const parsed = ResourceKind.safeParse(kind);
  if (!parsed.success) throw new ToolError('request.invalid_cursor', 'The cursor is invalid or belongs to another tool; pass the nextCursor that who_accessed returned');
  return parsed.data;
};

export const whoAccessed = defineTool({
  name: 'who_accessed',
  title: 'Who accessed a resource',
  description: 'Who accessed a node, database, Kubernetes cluster or application in the time range: per user, how many events and sessions, first and last seen, the logins used, and the access requests their certificates carried. Names take * wildcards (node prod-db-*).',
  input: z.strictObject({
    kind: ResourceKind.optional().describe('node (SSH host name or server id), db (database service or name), kube (Kubernetes cluster), app (application); required unless cursor is given'),
    name: z.string().min(1).max(500).optional().describe('The resource\'s name; * is a wildcard; required unless cursor is given'),
    from: from('-7d'), to: to(),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const resumed = resumeLists(a.cursor, 'who_accessed');
    const args = resumed
      ? { kind: resumedKind(resumed.args.kind), name: String(resumed.args.name), from: String(resumed.args.from), to: String(resumed.args.to) }
      : { kind: required(a.kind, 'kind', 'who_accessed'), name: required(a.name, 'name', 'who_accessed'), from: a.from, to: a.to };
    const q = term(RESOURCE_FIELD[args.kind], args.name);
    const range = { from: args.from, to: args.to };
    const [facets, scan, sessions] = await Promise.all([
      get(ctx, '/v1/events/facets', { q, ...range, fields: 'actor', size: 100 }),
      scanEvents(ctx, { q, ...range }),
      get(ctx, '/v1/sessions', { q, ...range, limit: 500 }),
    ]);
    const counts = new Map(facetValues(facets, 'actor').map((v) => [v.value, v.count]));
    const users = foldAccess({ events: scan.events, sessions: sessions.data as AccessSession[], eventCounts: counts });
    const skip = resumed?.offset ?? 0;
    const fitted = fitLists([{ name: 'users', items: users, offset: skip }], listBudget(ctx.budget));
    // Pinned to absolute times, so the rest of the list is of the same range.
    const pinned = { kind: args.kind, name: args.name, from: String(facets.from ?? args.from), to: String(facets.to ?? args.to) };
    return compact({
      resource: { kind: args.kind, name: args.name }, range: { from: facets.from, to: facets.to },
      distinctUsers: users.length,
      users: fitted.kept.users,
      sessionsListed: (sessions.data as unknown[]).length, moreSessions: sessions.nextCursor ? true : null,
      eventsScanned: scan.events.length,
      note: scan.complete ? null : `More than ${scan.events.length} events: first seen, logins and access requests are from the newest ${scan.events.length}; event counts are from the facets`,
      nextCursor: listsCursor('who_accessed', fitted.next?.users, pinned),
    });
  },
});

export const userActivity = defineTool({
  name: 'user_activity',
  title: 'What a user did',
  description: 'One user over a time range, in one answer: how many events of which types, the clusters, nodes and logins they used, their sign-ins (succeeded, failed, from which IPs, with which methods), their sessions, the access requests they made or reviewed, and what failed (by type, and the latest failures).',
  input: z.strictObject({
    user: z.string().min(1).max(500).describe('The Teleport user name (case is ignored)'),
    from: from('-7d'), to: to(),
  }),
  run: async (a, ctx) => {
    const user = term('user', a.user);
    const range = { from: a.from, to: a.to };
    const [histogram, facets, logins, failures, recentFailures, sessions, requests] = await Promise.all([
      get(ctx, '/v1/events/histogram', { q: user, ...range }),
      get(ctx, '/v1/events/facets', { q: user, ...range, fields: 'event_type,cluster,node,login', size: 15 }),
      get(ctx, '/v1/events/facets', { q: `${user} event:user.login`, ...range, fields: 'success,remote_ip,method', size: 10 }),
      get(ctx, '/v1/events/facets', { q: `${user} success:false`, ...range, fields: 'event_type', size: 15 }),
      get(ctx, '/v1/events', { q: `${user} success:false`, ...range, limit: 10, fields: 'time,type,code,login,clusterName,serverHostname,remoteIp,resourceName,error,message' }),
      get(ctx, '/v1/sessions', { q: user, ...range, limit: 20 }),
      get(ctx, '/v1/access-requests', { q: user, ...range, limit: 20 }),
    ]);
    const asCounts = (values: { value: string; count: number }[]) => Object.fromEntries(values.map((v) => [v.value, v.count]));
    const outcome = asCounts(facetValues(logins, 'success'));
    const failedTotal = facetValues(failures, 'event_type').reduce((sum, v) => sum + v.count, 0);
    const answer = compact({
      user: a.user, range: { from: histogram.from, to: histogram.to },
      events: compact({
        total: ((histogram.buckets ?? []) as { total: number }[]).reduce((sum, b) => sum + b.total, 0),
        byType: asCounts(facetValues(facets, 'event_type')), clusters: asCounts(facetValues(facets, 'cluster')),
        nodes: asCounts(facetValues(facets, 'node')), logins: asCounts(facetValues(facets, 'login')),
      }),
      signIns: compact({ succeeded: outcome.true ?? 0, failed: outcome.false ?? 0, fromIps: asCounts(facetValues(logins, 'remote_ip')), methods: asCounts(facetValues(logins, 'method')) }),
      sessions: compact({ listed: (sessions.data as unknown[]).length, more: sessions.nextCursor ? 'more than listed: use list_sessions' : null, items: (sessions.data as Row[]).map(sessionSummary) }),
      accessRequests: compact({ listed: (requests.data as unknown[]).length, more: requests.nextCursor ? 'more than listed: use list_access_requests' : null, items: (requests.data as Row[]).map((r) => compact(r)) }),
      failures: compact({ total: failedTotal, byType: asCounts(facetValues(failures, 'event_type')), latest: (recentFailures.data as Row[]).map((e) => eventSummary(e)) }),
    });
    return fitValue(answer, ctx.budget).value as Row;
  },
});
