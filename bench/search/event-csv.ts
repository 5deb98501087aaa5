import type { NormalizedEvent } from '@tai/core';
import { INSERT_COLUMNS, schema } from '@tai/db';
import { getTableColumns } from 'drizzle-orm';

/** The events table's insertable columns and the NormalizedEvent property each one comes from. */
const PROPERTY_OF = new Map(Object.entries(getTableColumns(schema.auditEvents)).map(([prop, c]) => [c.name, prop]));
export const CSV_COLUMNS = INSERT_COLUMNS;

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** A Postgres array literal of text, element by element quoted. */
const arrayLiteral = (items: string[]) => `{${items.map((i) => `"${i.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return quote(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return quote(arrayLiteral(value as string[]));
  return quote(JSON.stringify(value));
}

/** One row of `COPY teleport_audit_events (CSV_COLUMNS) FROM STDIN (FORMAT csv)`. */
export function eventCsvLine(tenantId: string, sourceId: string, ev: NormalizedEvent): string {
  const cells = CSV_COLUMNS.map((column) => {
    if (column === 'tenant_id') return tenantId;
    if (column === 'source_id') return sourceId;
    return cell(ev[PROPERTY_OF.get(column)! as keyof NormalizedEvent]);
  });
  return `${cells.join(',')}\n`;
}
