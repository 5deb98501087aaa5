import type { Condition, TimeRange } from '@tai/core';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import Cursor from 'pg-cursor';
import type { DbClient } from '../client.js';
import { SELECT_EVENT, toStoredEvent, type StoredEvent } from './detection-evaluation.repository.js';
import { eventWhere, SEARCH_STATEMENT_TIMEOUT_MS } from './event-search.repository.js';

export type DetectionBacktestRepository = ReturnType<typeof createDetectionBacktestRepository>;

export type BacktestScan = {
  tenantId: string;
  /** the rule's query (OR its join query): what could take part in an evaluation */
  condition: Condition;
  range: TimeRange;
  /** at most this many events are read; one more is asked for, so the caller can tell it was cut short */
  maxEvents: number;
  pageSize?: number;
};

const dialect = new PgDialect();

export const createDetectionBacktestRepository = ({ client }: { client: DbClient }) => ({
  /**
   * The events a rule would have seen over a past range, in arrival order (row id), as evaluation reads them
   * (StoredEvent), streamed in pages from one server-side cursor: one snapshot, bounded memory. Breaking out
   * of the loop closes the cursor and releases the connection.
   */
  async *scan({ tenantId, condition, range, maxEvents, pageSize = 2_000 }: BacktestScan): AsyncGenerator<StoredEvent[]> {
    const query = dialect.sqlToQuery(sql`
      SELECT e.id::text AS id, e.source_id, ${sql.raw(SELECT_EVENT)}
        FROM teleport_audit_events e
       WHERE ${eventWhere({ tenantId, condition, range })}
       ORDER BY e.id LIMIT ${maxEvents + 1}`);
    const connection = await client.pool.connect();
    let committed = false;
    let broken = false;
    try {
      await connection.query('BEGIN READ ONLY');
      await connection.query("SELECT set_config('app.tenant_id', $1, true), set_config('statement_timeout', $2, true), set_config('jit', 'off', true)", [tenantId, String(SEARCH_STATEMENT_TIMEOUT_MS)]);
      const cursor = connection.query(new Cursor(query.sql, query.params));
      try {
        for (;;) {
          const rows = await cursor.read(pageSize);
          if (rows.length === 0) break;
          yield (rows as Array<Record<string, unknown> & { id: string; source_id: string }>).map(toStoredEvent);
        }
      } finally {
        await cursor.close().catch(() => { broken = true; });
      }
      await connection.query('COMMIT');
      committed = true;
    } finally {
      // Left early or failed: the transaction must not go back to the pool open.
      if (!committed) await connection.query('ROLLBACK').catch(() => { broken = true; });
      connection.release(broken);
    }
  },
});
