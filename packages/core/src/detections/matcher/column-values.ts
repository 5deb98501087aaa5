import type { NormalizedEvent } from '../../events/normalized-event.js';
import { microTimeOf } from '../../time/micro-time.js';

/**
 * A column of teleport_audit_events as the normalized event carries it (event_type → eventType). The
 * table's columns are the event's properties in snake case; received_at is a Date there and a timestamptz
 * here, so it is read as the MicroTime the column would hold. Undefined for columns no event carries
 * (source_id is the sender's, not the event's). An event without parse warnings is stored with NULL
 * parse_warnings (audit-events.repository.ts), so `warning:*` is false for it.
 */
export function columnValue(event: NormalizedEvent, column: string): unknown {
  if (column === 'received_at') return microTimeOf(event.receivedAt);
  if (column === 'event_time') return event.eventTime;
  if (column === 'parse_warnings') return event.parseWarnings.length > 0 ? event.parseWarnings : null;
  const property = propertyOf(column);
  return Object.hasOwn(event, property) ? (event as unknown as Record<string, unknown>)[property] : undefined;
}

// A rule reads the same few columns for every event of a batch; the names are the table's, so few.
const properties = new Map<string, string>();
function propertyOf(column: string): string {
  let property = properties.get(column);
  if (property === undefined) {
    property = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    properties.set(column, property);
  }
  return property;
}
