import type { Condition, MicroTime, TimeRange } from '@tai/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbClient, Tx } from '../client.js';
import { conditionSql, timeRangeSql } from '../search/condition-sql.js';
import { projection, type EventField } from '../search/event-projection.js';
import { readOnlyCursor } from '../search/read-only-cursor.js';

export type SearchOrder = 'desc' | 'asc';
/** The last row of the previous page, in the search's order. */
export type SearchAfter = { time: MicroTime; rowId: number };
export type EventSearch = { tenantId: string; condition: Condition | null; range: TimeRange; order: SearchOrder; after: SearchAfter | null; limit: number; fields: readonly EventField[] };
export type FoundEvent = { rowId: number; time: MicroTime; fields: Record<string, unknown> };

export type EventSearchRepository = ReturnType<typeof createEventSearchRepository>;

// A search that runs longer than this is cut off (SQLSTATE 57014) rather than holding a connection and a core.
export const SEARCH_STATEMENT_TIMEOUT_MS = 30_000;

const BIGINT_FIELDS = new Set(['eventIndex', 'txBytes', 'rxBytes']);

/** The WHERE clause every event read shares: tenant, time range, query, and the keyset position. */
export function eventWhere({ tenantId, condition, range, after, order }: Pick<EventSearch, 'tenantId' | 'condition' | 'range'> & { after?: SearchAfter | null; order?: SearchOrder }): SQL {
  const parts = [sql`e.tenant_id = ${tenantId}::uuid`, timeRangeSql(range), conditionSql(condition, { tenantId })];
  if (after) {
    parts.push(order === 'asc'
      ? sql`(e.event_time, e.id) > (${after.time}::timestamptz, ${after.rowId}::bigint)`
      : sql`(e.event_time, e.id) < (${after.time}::timestamptz, ${after.rowId}::bigint)`);
  }
  return sql.join(parts, sql` AND `);
}

export const orderSql = (order: SearchOrder): SQL => (order === 'asc' ? sql`ORDER BY e.event_time ASC, e.id ASC` : sql`ORDER BY e.event_time DESC, e.id DESC`);

/** A projected row: its id and time apart, bigint fields as numbers. */
export function presentRow(row: Record<string, unknown>): FoundEvent {
  const { _rowId, _time, ...fields } = row;
  for (const name of BIGINT_FIELDS) if (typeof fields[name] === 'string') fields[name] = Number(fields[name]);
  return { rowId: Number(_rowId), time: _time as MicroTime, fields };
}

/**
 * Planner settings for searches, per transaction. No JIT: compiling a plan costs 15-20 ms, more than most
 * searches take. random_page_cost 1.1 (the default 4 models spinning disks): searches read recent, cached
 * data, and with 4 the planner scanned a whole monthly partition (4 GB at 10M events) for a 7-day free-text
 * search instead of the week's index range: 2.9 s against 0.9 s (BENCHMARKS.md, search).
 */
const SEARCH_PLANNER_SETTINGS = sql`set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)`;

/** A transaction in the tenant's context, with the search statement timeout and planner settings. */
export function searchTransaction<T>(client: DbClient, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return client.withTenant(tenantId, async (tx) => {
    await tx.execute(sql`select set_config('statement_timeout', ${String(SEARCH_STATEMENT_TIMEOUT_MS)}, true), ${SEARCH_PLANNER_SETTINGS}`);
    return fn(tx);
  });
}

// An export is one long statement by design; it still ends, instead of running for ever.
export const EXPORT_STATEMENT_TIMEOUT_MS = 3_600_000;

export const createEventSearchRepository = ({ client }: { client: DbClient }) => ({
  /**
   * Every matching event, streamed in batches from one server-side cursor: one consistent snapshot, constant
   * memory however many rows. The caller stops early by returning from the loop (a client gone away): the
   * cursor is closed and the connection released.
   */
  async *stream(q: Omit<EventSearch, 'after' | 'limit'>, { batchSize = 10_000, rawText = false }: { batchSize?: number; rawText?: boolean } = {}): AsyncGenerator<Record<string, unknown>[] | string[]> {
    // rawText: each event as the JSON text Postgres writes for it (NDJSON), in array row mode, so no object is
    // made per row: the export's cost is then mostly Postgres's and the socket's.
    const columns = rawText ? sql`e.raw::text` : projection(q.fields);
    const query = sql`SELECT ${columns} FROM teleport_audit_events e WHERE ${eventWhere(q)} ${orderSql(q.order)}`;
    const settings = sql`set_config('statement_timeout', ${String(EXPORT_STATEMENT_TIMEOUT_MS)}, true), ${SEARCH_PLANNER_SETTINGS}`;
    const pages = readOnlyCursor<Record<string, unknown> | string[]>(client, { tenantId: q.tenantId, query, settings, pageSize: batchSize, arrayRows: rawText });
    for await (const rows of pages) {
      yield rawText ? (rows as string[][]).map((row) => row[0]!) : (rows as Record<string, unknown>[]).map((row) => presentRow(row).fields);
    }
  },

  /** One page of matching events in (event_time, id) order, newest first unless `asc`. */
  search: (q: EventSearch): Promise<FoundEvent[]> =>
    searchTransaction(client, q.tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`
        SELECT ${projection(q.fields)} FROM teleport_audit_events e
         WHERE ${eventWhere(q)}
         ${orderSql(q.order)} LIMIT ${q.limit}`);
      return (rows as Record<string, unknown>[]).map(presentRow);
    }),

  /** One event by its row id and the millisecond its time falls in (ids carry it, so one partition is read). */
  get: ({ tenantId, rowId, timeMs, fields }: { tenantId: string; rowId: number; timeMs: number; fields: readonly EventField[] }): Promise<FoundEvent | null> =>
    searchTransaction(client, tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`
        SELECT ${projection(fields)} FROM teleport_audit_events e
         WHERE e.tenant_id = ${tenantId}::uuid AND e.id = ${rowId}::bigint
           AND e.event_time >= ${new Date(timeMs).toISOString()}::timestamptz AND e.event_time < ${new Date(timeMs + 1).toISOString()}::timestamptz`);
      const row = (rows as Record<string, unknown>[])[0];
      return row ? presentRow(row) : null;
    }),

  /**
   * Several events by row id and exact event time (an alert's links), oldest first; one that is gone
   * (retention) is left out. The time bounds let the planner skip partitions outside them.
   */
  getMany: ({ tenantId, refs, fields }: { tenantId: string; refs: Array<{ rowId: number; time: MicroTime }>; fields: readonly EventField[] }): Promise<FoundEvent[]> =>
    refs.length === 0 ? Promise.resolve([]) : searchTransaction(client, tenantId, async (tx) => {
      const times = refs.map((r) => r.time).sort();
      const { rows } = await tx.execute(sql`
        SELECT ${projection(fields)} FROM teleport_audit_events e
          JOIN jsonb_to_recordset(${JSON.stringify(refs.map((r) => ({ id: r.rowId, t: r.time })))}::jsonb) AS w(id bigint, t timestamptz) ON e.id = w.id AND e.event_time = w.t
         WHERE e.tenant_id = ${tenantId}::uuid AND e.event_time >= ${times[0]!}::timestamptz AND e.event_time <= ${times.at(-1)!}::timestamptz
         ORDER BY e.event_time, e.id`);
      return (rows as Record<string, unknown>[]).map(presentRow);
    }),
});
