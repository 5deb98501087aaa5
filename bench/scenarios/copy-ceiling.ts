import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normalizeEvent, type NormalizedEvent } from '@tai/core';
import { schema } from '@tai/db';
import { getTableColumns } from 'drizzle-orm';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { BENCH_CLUSTER, type EventFactory } from '../lib/events.js';

// The columns an insert supplies, exactly as the events repository computes them (INSERT_COLUMNS in
// db/src/repositories/audit-events.repository.ts): everything but the id (sequence default) and generated columns.
const COLUMNS = Object.entries(getTableColumns(schema.auditEvents))
  .filter(([, c]) => c.name !== 'id' && !c.generated)
  .map(([property, c]) => ({ property, name: c.name, sqlType: c.getSQLType() }));

const csvQuote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const arrayLiteral = (items: unknown[]): string =>
  `{${items.map((x) => `"${String(x).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/** One CSV field: NULL is the unquoted empty field; everything else is quoted. */
function csvField(value: unknown, sqlType: string): string {
  if (value === null || value === undefined) return '';
  if (sqlType.endsWith('[]')) return csvQuote(arrayLiteral(value as unknown[]));
  if (sqlType === 'jsonb') return csvQuote(JSON.stringify(value));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return csvQuote(String(value));
}

/** A row as the repository's toJsonRow builds it: the event plus tenant, source and NULL for no warnings. */
function csvRow(tenantId: string, sourceId: string, ev: NormalizedEvent): string {
  const values: Record<string, unknown> = { ...ev, tenantId, sourceId, parseWarnings: ev.parseWarnings.length > 0 ? ev.parseWarnings : null };
  return `${COLUMNS.map((c) => csvField(values[c.property], c.sqlType)).join(',')}\n`;
}

export type CeilingResult = { rows: number; rowsPerSecond: number; copySeconds: number; encodeSeconds: number; copiedRowCount: number };

/**
 * (c) The ceiling: the same kind of events, normalized as ingest does, COPYed (CSV) into
 * teleport_audit_events as the owner role through pg-copy-streams, in one COPY. The CSV is built before the
 * clock starts, so this measures what Postgres itself can absorb into this table with its indexes.
 */
export async function runCopyCeiling(args: {
  owner: pg.Pool;
  /** runs after the CSV is built, just before the clock starts (the bench's CHECKPOINT) */
  beforeCopy: () => Promise<unknown>;
  tenantId: string;
  sourceId: string;
  factory: EventFactory;
  rows: number;
  log: (line: string) => void;
}): Promise<CeilingResult> {
  const { owner, beforeCopy, tenantId, sourceId, factory, rows, log } = args;
  const receivedAt = new Date();
  const t0 = performance.now();
  const buffers: Buffer[] = [];
  let pending = '';
  for (let i = 0; i < rows; i++) {
    const result = normalizeEvent(factory.next().event, { receivedAt, defaultClusterName: BENCH_CLUSTER });
    if (!result.ok) throw new Error(`a bench event did not normalize: ${result.message}`);
    pending += csvRow(tenantId, sourceId, result.event);
    if (pending.length > 1 << 20) {
      buffers.push(Buffer.from(pending));
      pending = '';
    }
  }
  if (pending) buffers.push(Buffer.from(pending));
  const encodeSeconds = (performance.now() - t0) / 1000;
  log(`(c) normalized and encoded ${rows.toLocaleString('en-US')} rows as CSV in ${encodeSeconds.toFixed(1)} s`);

  await beforeCopy();
  const client = await owner.connect();
  try {
    // The month's partition normally exists by now (the load phases created it); make sure for a c-only run.
    await client.query('select ensure_event_partition($1)', [receivedAt.toISOString()]);
    const columnList = COLUMNS.map((c) => `"${c.name}"`).join(', ');
    const copy = client.query(copyStreams.from(`COPY teleport_audit_events (${columnList}) FROM STDIN WITH (FORMAT csv)`));
    const start = performance.now();
    await pipeline(Readable.from(buffers), copy);
    const copySeconds = (performance.now() - start) / 1000;
    return { rows, rowsPerSecond: rows / copySeconds, copySeconds, encodeSeconds, copiedRowCount: copy.rowCount };
  } finally {
    client.release();
  }
}
