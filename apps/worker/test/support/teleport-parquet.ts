import { randomUUID } from 'node:crypto';
import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';

type Event = Record<string, unknown>;

const str = (name: string): SchemaElement => ({
  name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED',
});
const EVENT_TIME: SchemaElement = {
  name: 'event_time', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
};

/** Teleport sets a uid on every event it writes (s3-ingest.md §7.2); some corpus events lack one. */
export function withUids(events: Event[]): Event[] {
  return events.map((event) => (event.uid ? event : { ...event, uid: randomUUID() }));
}

export const TELEPORT_COLUMNS = ['event_type', 'event_time', 'uid', 'session_id', 'user', 'event_data'] as const;
type ColumnName = (typeof TELEPORT_COLUMNS)[number];

/**
 * A Parquet file in Teleport's exact Athena schema (s3-ingest.md §2.2): Snappy, columns in file
 * order event_type, event_time TIMESTAMP(MILLIS), uid, session_id, user, event_data. `columns`
 * reorders or drops columns; `eventTime` overrides that column (the corpus has one unparseable
 * `time`, and a row may lack `time`); `eventData` overrides the JSON written for a row.
 */
export function teleportParquet(events: Event[], { rowGroupSize, eventTime, eventData, columns = TELEPORT_COLUMNS }: {
  rowGroupSize?: number;
  eventTime?: (event: Event) => Date;
  eventData?: (event: Event) => string;
  columns?: readonly ColumnName[];
} = {}): Uint8Array {
  const timeOf = eventTime ?? ((event: Event) => columnTime(event.time));
  const dataOf = eventData ?? ((event: Event) => JSON.stringify(event));
  const all: Record<ColumnName, { schema: SchemaElement; data: ColumnSource['data'] }> = {
    event_type: { schema: str('event_type'), data: events.map((e) => String(e.event ?? '')) },
    event_time: { schema: EVENT_TIME, data: events.map(timeOf) },
    uid: { schema: str('uid'), data: events.map((e) => String(e.uid ?? '')) },
    session_id: { schema: str('session_id'), data: events.map((e) => (typeof e.sid === 'string' ? e.sid : '')) },
    user: { schema: str('user'), data: events.map((e) => (typeof e.user === 'string' ? e.user : '')) },
    event_data: { schema: str('event_data'), data: events.map(dataOf) },
  };
  const chosen = columns.map((name) => all[name]);
  const buffer = parquetWriteBuffer({
    codec: 'SNAPPY',
    ...(rowGroupSize ? { rowGroupSize } : {}),
    schema: [{ name: 'schema', num_children: chosen.length }, ...chosen.map(({ schema }) => schema)],
    columnData: chosen.map(({ schema, data }) => ({ name: schema.name, data })),
  });
  return new Uint8Array(buffer);
}

function columnTime(time: unknown): Date {
  const date = new Date(typeof time === 'string' ? time : 0);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
