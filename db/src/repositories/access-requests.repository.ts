import type { Condition, MicroTime, TimeRange } from '@tai/core';
import { sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { conditionSql, timeRangeSql } from '../search/condition-sql.js';
import { microText, projection, type EventField } from '../search/event-projection.js';
import { presentRow, searchTransaction } from './event-search.repository.js';

export type AccessRequestSummary = {
  requestId: string;
  firstEventAt: MicroTime;
  lastEventAt: MicroTime;
  requester: string | null;
  roles: string[] | null;
  state: string | null;
  reviews: number;
  events: number;
};

// event_type LIKE 'access_request.%' as a range on the "C"-collated column: LIKE is not leakproof, so under
// row-level security only the range reaches the type index.
const REQUEST_EVENT = sql`e.event_type >= 'access_request.' AND e.event_type < 'access_request/'`;

export type AccessRequestsRepository = ReturnType<typeof createAccessRequestsRepository>;

/** Access requests, derived from their own events (request_id) and the events done under them (access_requests). */
export const createAccessRequestsRepository = ({ client }: { client: DbClient }) => ({
  /** Requests with an event in the range, newest first; `condition` keeps requests with any event matching it. */
  list: ({ tenantId, condition, range, after, limit }: { tenantId: string; condition: Condition | null; range: TimeRange; after: { firstEventAt: MicroTime; requestId: string } | null; limit: number }) =>
    searchTransaction(client, tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`
        SELECT * FROM (
          SELECT e.request_id AS "requestId", ${microText(sql`min(e.event_time)`)} AS "firstEventAt", ${microText(sql`max(e.event_time)`)} AS "lastEventAt",
                 min(e.event_time) AS first_at,
                 (array_agg(coalesce(e.raw->>'user', e.actor) ORDER BY e.event_time) FILTER (WHERE e.event_type = 'access_request.create'))[1] AS requester,
                 (array_agg(to_jsonb(e.roles) ORDER BY e.event_time) FILTER (WHERE e.event_type = 'access_request.create'))[1] AS roles,
                 (array_agg(e.request_state ORDER BY e.event_time DESC) FILTER (WHERE e.request_state IS NOT NULL))[1] AS state,
                 count(*) FILTER (WHERE e.event_type = 'access_request.review') AS reviews,
                 count(*) AS events
            FROM teleport_audit_events e
           WHERE e.tenant_id = ${tenantId}::uuid AND e.request_id IS NOT NULL AND ${REQUEST_EVENT} AND ${timeRangeSql(range)}
           GROUP BY e.request_id
          HAVING bool_or(${conditionSql(condition, { tenantId })})) r
         WHERE ${after ? sql`(r.first_at, r."requestId") < (${after.firstEventAt}::timestamptz, ${after.requestId})` : sql`true`}
         ORDER BY r.first_at DESC, r."requestId" DESC LIMIT ${limit}`);
      return (rows as Record<string, unknown>[]).map(({ first_at: _f, ...r }) => ({ ...r, reviews: Number(r.reviews), events: Number(r.events) }) as AccessRequestSummary);
    }),

  /** The request's own events, and the events done under it (at most `limit`), both in time order. */
  caseEvents: ({ tenantId, requestId, fields, limit }: { tenantId: string; requestId: string; fields: readonly EventField[]; limit: number }) =>
    searchTransaction(client, tenantId, async (tx) => {
      const [own, used] = await Promise.all([
        tx.execute(sql`SELECT ${projection([...fields, 'raw'])} FROM teleport_audit_events e
                        WHERE e.tenant_id = ${tenantId}::uuid AND e.request_id = ${requestId} AND ${REQUEST_EVENT}
                        ORDER BY e.event_time, e.id`),
        tx.execute(sql`SELECT ${projection(fields)} FROM event_request_links l
                         JOIN teleport_audit_events e ON e.tenant_id = l.tenant_id AND e.event_time = l.event_time AND e.id = l.event_id
                        WHERE l.tenant_id = ${tenantId}::uuid AND l.request_id = ${requestId}
                        ORDER BY e.event_time, e.id LIMIT ${limit}`),
      ]);
      return { own: (own.rows as Record<string, unknown>[]).map(presentRow), used: (used.rows as Record<string, unknown>[]).map(presentRow) };
    }),
});
