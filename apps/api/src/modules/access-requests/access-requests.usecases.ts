import { buildAccessRequestCase, decodeListCursor, encodeListCursor, errors, fingerprintOf, formatEventId, microTimeToDate, resolveTimeRange, type RequestEvent } from '@tai/core';
import { DEFAULT_EVENT_FIELDS, type FoundEvent, type Repositories } from '@tai/db';
import { searchCondition } from '../events/search-plan.js';
import { presentSession } from '../sessions/sessions.usecases.js';

/** The case lists at most this many events done under a request (with `truncated` when there were more). */
export const CASE_EVENT_LIMIT = 5_000;

export async function listAccessRequests(repo: Repositories['accessRequests'], { tenantId, input, now }: { tenantId: string; input: { q?: string; from?: string; to?: string; limit?: number; cursor?: string }; now: Date }) {
  const condition = searchCondition({ q: input.q }, now);
  const fp = fingerprintOf({ q: input.q ?? '', from: input.from ?? null, to: input.to ?? null });
  const after = input.cursor ? decodeListCursor(input.cursor, fp) : null;
  const range = after ? after.range : resolveTimeRange(input, now);
  const limit = input.limit ?? 100;
  const rows = await repo.list({ tenantId, condition, range, after: after && { firstEventAt: after.at, requestId: after.key }, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > limit && last ? encodeListCursor({ at: last.firstEventAt, key: last.requestId, range }, fp) : null, range };
}

const withId = (found: FoundEvent): Record<string, unknown> & { id: string; time: string } =>
  ({ ...found.fields, id: formatEventId({ eventTime: microTimeToDate(found.time), id: found.rowId }), time: found.time });

/**
 * The whole case of one access request in one answer: its life (created, reviewed, decided, expired), every
 * event done under it, and the sessions those events belong to (teleport#43282: "every session an access
 * request enabled").
 */
export async function getAccessRequest(repos: Pick<Repositories, 'accessRequests' | 'sessions'>, { tenantId, requestId, now }: { tenantId: string; requestId: string; now: Date }) {
  const { own, used } = await repos.accessRequests.caseEvents({ tenantId, requestId, fields: DEFAULT_EVENT_FIELDS, limit: CASE_EVENT_LIMIT + 1 });
  if (own.length === 0 && used.length === 0) throw errors.accessRequestNotFound();
  const lifecycle: RequestEvent[] = own.map(withId).map((e) => ({
    id: e.id, time: e.time, type: e.type as string, actor: e.actor as string | null, roles: e.roles as string[] | null,
    requestState: e.requestState as string | null, raw: e.raw as Record<string, unknown>,
  }));
  const events = used.slice(0, CASE_EVENT_LIMIT).map(withId);
  const sessionIds = [...new Set(events.map((e) => e.sessionId).filter((s): s is string => typeof s === 'string'))];
  const sessions = await repos.sessions.getMany({ tenantId, sessionIds });
  const byType = new Map<string, number>();
  for (const e of events) byType.set(e.type as string, (byType.get(e.type as string) ?? 0) + 1);
  return {
    requestId,
    ...buildAccessRequestCase(lifecycle, now),
    firstUsedAt: events[0]?.time ?? null,
    lastUsedAt: events.at(-1)?.time ?? null,
    usage: { events: events.length, byType: Object.fromEntries([...byType].sort((a, b) => b[1] - a[1])), sessions: sessions.length, truncated: used.length > CASE_EVENT_LIMIT },
    sessions: sessions.map((s) => presentSession(s, now)),
    events,
  };
}
