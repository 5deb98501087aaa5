import type { Condition, TimeRange } from '@tai/core';
import { sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { readOnlyCursor } from '../search/read-only-cursor.js';
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

export const createDetectionBacktestRepository = ({ client }: { client: DbClient }) => ({
  /**
   * The events a rule would have seen over a past range, in arrival order (row id), as evaluation reads them
   * (StoredEvent), streamed in pages from one server-side cursor: one snapshot, bounded memory. Breaking out
   * of the loop closes the cursor and releases the connection.
   */
  async *scan({ tenantId, condition, range, maxEvents, pageSize = 2_000 }: BacktestScan): AsyncGenerator<StoredEvent[]> {
    const query = sql`
      SELECT e.id::text AS id, e.source_id, ${sql.raw(SELECT_EVENT)}
        FROM teleport_audit_events e
       WHERE ${eventWhere({ tenantId, condition, range })}
       ORDER BY e.id LIMIT ${maxEvents + 1}`;
    const settings = sql`set_config('statement_timeout', ${String(SEARCH_STATEMENT_TIMEOUT_MS)}, true), set_config('jit', 'off', true)`;
    for await (const rows of readOnlyCursor<Record<string, unknown> & { id: string; source_id: string }>(client, { tenantId, query, settings, pageSize })) {
      yield rows.map(toStoredEvent);
    }
  },
});
