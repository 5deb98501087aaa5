import { SESSION_FIELDS, type MicroTime, type SessionCondition, type SessionEvent, type TimeRange } from '@tai/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { microText } from '../search/event-projection.js';
import { searchTransaction } from './event-search.repository.js';

export type SessionSummary = {
  sessionId: string;
  firstEventAt: MicroTime;
  lastEventAt: MicroTime;
  startedAt: MicroTime | null;
  endedAt: MicroTime | null;
  initiator: string | null;
  login: string | null;
  serverHostname: string | null;
  serverId: string | null;
  clusterName: string | null;
  kubernetesCluster: string | null;
  dbService: string | null;
  appName: string | null;
  desktopAddr: string | null;
  participants: string[];
  eventCount: number;
  indexedCount: number;
  maxIndex: number | null;
  hasEnd: boolean;
};

const MISSING = sql`greatest(coalesce(s.max_index + 1 - s.indexed_count, 0), 0)`;

function sessionConditionSql(c: SessionCondition | null, ctx: { abandonedBefore: string }): SQL {
  if (!c) return sql`true`;
  switch (c.kind) {
    case 'and':
    case 'or':
      return sql`(${sql.join(c.items.map((i) => sessionConditionSql(i, ctx)), c.kind === 'and' ? sql` AND ` : sql` OR `)})`;
    case 'not':
      return sql`(${sessionConditionSql(c.item, ctx)}) IS NOT TRUE`;
    case 'complete':
      return c.value ? sql`(s.has_end AND ${MISSING} = 0)` : sql`NOT (s.has_end AND ${MISSING} = 0)`;
    case 'status': {
      const abandoned = sql`(NOT s.has_end AND s.last_event_at < ${ctx.abandonedBefore}::timestamptz)`;
      if (c.value === 'complete') return sql`(s.has_end AND ${MISSING} = 0)`;
      if (c.value === 'incomplete') return sql`(s.has_end AND ${MISSING} > 0)`;
      return c.value === 'abandoned' ? abandoned : sql`(NOT s.has_end AND NOT ${abandoned})`;
    }
    case 'text':
      return sql`coalesce(lower(concat_ws(' ', s.initiator, s.login, s.server_hostname, s.cluster_name, s.kubernetes_cluster, s.db_service, s.app_name, s.desktop_addr, array_to_string(s.participants, ' '))) LIKE ${c.pattern}, false)`;
    case 'field': {
      const spec = SESSION_FIELDS[c.field];
      const one = (column: string) => c.field === 'sid'
        ? (c.pattern ? sql`${sql.raw(`s.${column}`)} LIKE ${c.value}` : sql`${sql.raw(`s.${column}`)} = ${c.value}`)
        : (c.pattern ? sql`lower(${sql.raw(`s.${column}`)}) LIKE ${c.value.toLowerCase()}` : sql`lower(${sql.raw(`s.${column}`)}) = ${c.value.toLowerCase()}`);
      const parts = spec.columns.map(one);
      if (spec.participants) {
        parts.push(c.pattern
          ? sql`EXISTS (SELECT 1 FROM unnest(s.participants) p WHERE lower(p) LIKE ${c.value.toLowerCase()})`
          : sql`EXISTS (SELECT 1 FROM unnest(s.participants) p WHERE lower(p) = ${c.value.toLowerCase()})`);
      }
      return sql`coalesce((${sql.join(parts, sql` OR `)}), false)`;
    }
  }
}

const SUMMARY_COLUMNS = sql`s.session_id AS "sessionId", ${microText(sql`s.first_event_at`)} AS "firstEventAt", ${microText(sql`s.last_event_at`)} AS "lastEventAt",
  ${microText(sql`s.started_at`)} AS "startedAt", ${microText(sql`s.ended_at`)} AS "endedAt", s.initiator, s.login, s.server_hostname AS "serverHostname",
  s.server_id AS "serverId", s.cluster_name AS "clusterName", s.kubernetes_cluster AS "kubernetesCluster", s.db_service AS "dbService",
  s.app_name AS "appName", s.desktop_addr AS "desktopAddr", s.participants, s.event_count AS "eventCount", s.indexed_count AS "indexedCount",
  s.max_index AS "maxIndex", s.has_end AS "hasEnd"`;

const toSummary = (r: Record<string, unknown>): SessionSummary => ({
  ...(r as SessionSummary),
  eventCount: Number(r.eventCount), indexedCount: Number(r.indexedCount), maxIndex: r.maxIndex === null ? null : Number(r.maxIndex),
});

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;

/** Sessions, from the summaries the ingest batch keeps and, for one session, from its events. */
export const createSessionsRepository = ({ client }: { client: DbClient }) => ({
  /** Sessions active in the range (any overlap), newest start first, keyset by (first event, session id). */
  list: ({ tenantId, condition, range, after, limit, abandonedBefore }: { tenantId: string; condition: SessionCondition | null; range: TimeRange; after: { firstEventAt: MicroTime; sessionId: string } | null; limit: number; abandonedBefore: string }) =>
    searchTransaction(client, tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`
        SELECT ${SUMMARY_COLUMNS} FROM session_summaries s
         WHERE s.tenant_id = ${tenantId}::uuid
           AND ${range.to ? sql`s.first_event_at < ${range.to}::timestamptz` : sql`true`}
           AND ${range.from ? sql`s.last_event_at >= ${range.from}::timestamptz` : sql`true`}
           AND ${sessionConditionSql(condition, { abandonedBefore })}
           AND ${after ? sql`(s.first_event_at, s.session_id) < (${after.firstEventAt}::timestamptz, ${after.sessionId})` : sql`true`}
         -- NULLS LAST as the index is written (drizzle writes DESC NULLS LAST); the columns are never NULL anyway.
         ORDER BY s.first_event_at DESC NULLS LAST, s.session_id DESC NULLS LAST LIMIT ${limit}`);
      return (rows as Record<string, unknown>[]).map(toSummary);
    }),

  get: ({ tenantId, sessionId }: { tenantId: string; sessionId: string }) =>
    searchTransaction(client, tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`SELECT ${SUMMARY_COLUMNS} FROM session_summaries s WHERE s.tenant_id = ${tenantId}::uuid AND s.session_id = ${sessionId}`);
      const row = (rows as Record<string, unknown>[])[0];
      return row ? toSummary(row) : null;
    }),

  getMany: ({ tenantId, sessionIds }: { tenantId: string; sessionIds: string[] }) =>
    sessionIds.length === 0 ? Promise.resolve([]) : searchTransaction(client, tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`SELECT ${SUMMARY_COLUMNS} FROM session_summaries s WHERE s.tenant_id = ${tenantId}::uuid AND s.session_id = ANY(${sql.param(sessionIds)}::text[]) ORDER BY s.first_event_at`);
      return (rows as Record<string, unknown>[]).map(toSummary);
    }),

  /** The session's events in stream order (ei, then time), at most `limit`. */
  events: ({ tenantId, sessionId, limit }: { tenantId: string; sessionId: string; limit: number }) =>
    searchTransaction(client, tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`
        SELECT e.id AS "rowId", ${microText(sql`e.event_time`)} AS time, e.event_type AS type, e.event_code AS code, e.event_index AS "eventIndex",
               e.actor, e.login, e.command, e.program, e.argv, e.exit_code AS "exitCode", e.path, e.success, e.error,
               e.tx_bytes AS "txBytes", e.rx_bytes AS "rxBytes", e.access_requests AS "accessRequests", e.raw
          FROM teleport_audit_events e
         WHERE e.tenant_id = ${tenantId}::uuid AND e.session_id = ${sessionId}
         ORDER BY e.event_index ASC NULLS LAST, e.event_time ASC, e.id ASC LIMIT ${limit}`);
      return (rows as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<SessionEvent, 'id'>),
        rowId: Number(r.rowId),
        eventIndex: r.eventIndex === null ? null : Number(r.eventIndex),
        txBytes: r.txBytes === null ? null : Number(r.txBytes),
        rxBytes: r.rxBytes === null ? null : Number(r.rxBytes),
      }));
    }),
});
