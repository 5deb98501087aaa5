import { microTimeToDate, type MicroTime, type NormalizedEvent } from '@tai/core';
import { getTableColumns } from 'drizzle-orm';
import type { DbClient } from '../client.js';
import { isRowDataError } from '../errors.js';
import { auditEvents } from '../schema/index.js';
import { createDetectionScreens, type TenantScreen } from './detection-screens.js';
import { partitionMonthsToEnsure } from './partition-months.js';

export type AuditEventsRepository = ReturnType<typeof createAuditEventsRepository>;

// Columns an insert supplies: everything but the id (sequence default) and generated columns.
export const INSERT_COLUMNS = Object.values(getTableColumns(auditEvents))
  .filter((c) => c.name !== 'id' && !c.generated)
  .map((c) => c.name);
const PROPERTY_OF = new Map(Object.entries(getTableColumns(auditEvents)).map(([prop, c]) => [c.name, prop]));
export type EventBatchItem = { sourceId: string; events: NormalizedEvent[] };
type BatchRow = { sourceId: string; event: NormalizedEvent };
/** An event Postgres would not take (a data error of its own), with the SQLSTATE and the server's message. */
export type RefusedEvent = BatchRow & { sqlState: string; message: string };
export type BatchOutcome = { insertedKeys: Set<string>; refused: RefusedEvent[] };

/** How a refused event is quarantined, the same on every ingest path. */
export const refusalReject = (refusal: RefusedEvent): { reasonCode: 'event.rejected_by_database'; message: string } => ({
  reasonCode: 'event.rejected_by_database',
  message: `Postgres refused the event (SQLSTATE ${refusal.sqlState}): ${refusal.message}`.replaceAll('\u0000', '\\u0000'),
});

/** The identity the unique index deduplicates on, as a string (for matching inserted rows to requests). */
export const eventKey = (dedupKey: string, eventTime: MicroTime | string): string => `${eventTime}|${dedupKey}`;

/** [column, NormalizedEvent property] for the columns an event supplies (all but tenant and source). */
const EVENT_COLUMNS = INSERT_COLUMNS
  .filter((c) => c !== 'tenant_id' && c !== 'source_id')
  .map((c) => [c, PROPERTY_OF.get(c)! as keyof NormalizedEvent] as const);

/**
 * An event as one element of jsonb_populate_recordset's input. Only non-null values are written: a missing
 * key populates NULL all the same, and most of the 70 columns are NULL for most events, so this halves what
 * is serialized here and parsed again by Postgres.
 */
function toJsonRow(tenantId: string, sourceId: string, ev: NormalizedEvent): Record<string, unknown> {
  const row: Record<string, unknown> = { tenant_id: tenantId, source_id: sourceId };
  for (const [column, property] of EVENT_COLUMNS) {
    const value = ev[property];
    if (value !== null && value !== undefined) row[column] = value;
  }
  if (ev.parseWarnings.length === 0) delete row.parse_warnings;
  return row;
}

export const createAuditEventsRepository = ({ client, now = () => new Date() }: { client: DbClient; now?: () => Date }) => {
  const knownPartitions = new Set<string>();
  const screens = createDetectionScreens({ client });

  /** Creates the monthly partitions these instants fall in; months outside the window go to DEFAULT. */
  const ensurePartitions = async (instants: Date[], at: Date = now()): Promise<void> => {
    for (const month of partitionMonthsToEnsure(instants, at)) {
      if (knownPartitions.has(month.key)) continue;
      await client.pool.query('select ensure_event_partition($1)', [month.start.toISOString()]);
      knownPartitions.add(month.key);
    }
  };

  /**
   * One statement (migrations/0009, 0025): the events, last_event_at, the hourly counters, and the queue
   * entry of the inserted events some enabled rule can act on (the tenant's screen) commit together.
   */
  const commitRows = async (tenantId: string, rows: BatchRow[], receivedAt: Date, screen: TenantScreen): Promise<string[]> => {
    const perSource = new Map<string, { sourceId: string; total: number; withoutTime: number }>();
    const screened: Record<string, 1> = {};
    for (const { sourceId, event } of rows) {
      const stats = perSource.get(sourceId) ?? { sourceId, total: 0, withoutTime: 0 };
      stats.total++;
      if (event.timeFromReceivedAt) stats.withoutTime++;
      perSource.set(sourceId, stats);
      if (screen.test(event)) screened[event.dedupKey] = 1;
    }
    const { rows: inserted } = await client.pool.query<{ source_id: string; dedup_key: string; event_time: string; rules_revision: string | null }>(
      'select source_id, dedup_key, event_time, rules_revision from ingest_event_batch($1, $2::jsonb, $3, $4::jsonb, $5, $6::jsonb)',
      [tenantId, JSON.stringify(rows.map(({ sourceId, event }) => toJsonRow(tenantId, sourceId, event))), receivedAt, JSON.stringify([...perSource.values()]),
        screen.revision, JSON.stringify(screened)],
    );
    if (inserted[0]) screens.seen(tenantId, Number(inserted[0].rules_revision));
    return inserted.map((r) => eventKey(r.dedup_key, r.event_time));
  };

  /**
   * Commits one batch for one tenant: the events (duplicates skipped by the unique index), each source's
   * last_event_at and its hourly counters. Returns the keys of the rows actually inserted, and the events
   * Postgres refused as data (isRowDataError). A refused row must never fail its neighbours, which may be
   * other requests and other sources, so a failing batch is split in halves until the refused rows stand
   * alone: k bad rows in n cost about 2·k·log2(n) extra statements, and good rows commit in the halves.
   * Anything else (connection, pool, serialization, disk) is thrown for the caller to answer 503.
   */
  const commitBatch = async ({ tenantId, items, receivedAt }: { tenantId: string; items: EventBatchItem[]; receivedAt: Date }): Promise<BatchOutcome> => {
    const rows: BatchRow[] = items.flatMap((item) => item.events.map((event) => ({ sourceId: item.sourceId, event })));
    await ensurePartitions(rows.map((row) => microTimeToDate(row.event.eventTime)));
    const screen = await screens.forTenant(tenantId);
    const insertedKeys = new Set<string>();
    const refused: RefusedEvent[] = [];
    const commitIsolating = async (part: BatchRow[]): Promise<void> => {
      if (part.length === 0) return;
      try {
        for (const key of await commitRows(tenantId, part, receivedAt, screen)) insertedKeys.add(key);
      } catch (err) {
        if (!isRowDataError(err)) throw err;
        if (part.length === 1) {
          refused.push({ ...part[0]!, sqlState: (err as { code: string }).code, message: (err as Error).message });
          return;
        }
        const middle = Math.ceil(part.length / 2);
        await commitIsolating(part.slice(0, middle));
        await commitIsolating(part.slice(middle));
      }
    };
    await commitIsolating(rows);
    return { insertedKeys, refused };
  };

  return {
    ensurePartitions,

    commitBatch,

    /** Idempotent insert of one source's events in one batch (maintenance, tests, backfills). */
    insert: async ({ tenantId, sourceId, events }: { tenantId: string; sourceId: string; events: NormalizedEvent[] }) => {
      const { insertedKeys, refused } = await commitBatch({ tenantId, items: [{ sourceId, events }], receivedAt: now() });
      return { inserted: insertedKeys.size, duplicates: events.length - insertedKeys.size - refused.length, refused };
    },
  };
};
