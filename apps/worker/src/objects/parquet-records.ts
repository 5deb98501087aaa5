import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type FileMetaData, type ParquetRow } from 'hyparquet';
import type { ObjectSource } from './object-source.js';
import { parquetCompressors } from './parquet-compressors.js';
import { sourceAsyncBuffer, type SourceAsyncBuffer } from './parquet-async-buffer.js';
import { BAD_RECORD_BYTES_CAP, badItem, parseRecord, tooLargeItem, type ReadItem } from './read-item.js';
import { UnreadableObjectError } from './unreadable-object-error.js';

/**
 * The footer is fetched first with one ranged read of this size; hyparquet asks for the rest if the
 * metadata is longer. Teleport's footers are small (six columns, few row groups), so a small first
 * read rarely needs a second and never pulls a small object in whole.
 */
export const FOOTER_FETCH_BYTES = 16 * 1024;

/** Read by name: Athena's table lists the columns in another order than the file (s3-ingest.md §2.2). */
const WANTED_COLUMNS = ['event_data', 'uid', 'event_time', 'event_type'] as const;

/**
 * Teleport's Parquet (s3-ingest.md §2.2), one row group at a time through ranged reads and only the
 * columns needed, so memory is about one row group whatever the object size. `event_data` is the
 * canonical event and is kept verbatim; the other columns are only used for `containerTime`.
 */
export async function* parquetItems(source: ObjectSource, { maxRecordBytes, batchSize }: { maxRecordBytes: number; batchSize: number }): AsyncGenerator<ReadItem[]> {
  const buffer = sourceAsyncBuffer(source);
  const metadata = await readOrFail(buffer, () => parquetMetadataAsync(buffer.file, { initialFetchSize: FOOTER_FETCH_BYTES }));
  const columns = presentColumns(metadata);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const rows = await readOrFail(buffer, () =>
      parquetReadObjects({ file: buffer.file, metadata, columns, rowStart: groupStart, rowEnd: groupEnd, compressors: parquetCompressors }));
    if (rows.length !== groupEnd - groupStart) {
      throw new UnreadableObjectError({ reason: 'corrupt_parquet', message: `row group at row ${groupStart} declares ${groupEnd - groupStart} rows but holds ${rows.length}` });
    }
    for (let offset = 0; offset < rows.length; offset += batchSize) {
      yield rows.slice(offset, offset + batchSize).map((row, i) => rowItem({ row, index: groupStart + offset + i, maxRecordBytes }));
    }
    groupStart = groupEnd;
  }
}

function presentColumns(metadata: FileMetaData): string[] {
  const names = new Set(parquetSchema(metadata).children.map((child) => child.element.name));
  if (!names.has('event_data')) {
    throw new UnreadableObjectError({ reason: 'schema_mismatch', message: `parquet has no event_data column (columns: ${[...names].join(', ')})` });
  }
  return WANTED_COLUMNS.filter((name) => names.has(name));
}

function rowItem({ row, index, maxRecordBytes }: { row: ParquetRow; index: number; maxRecordBytes: number }): ReadItem {
  const location = `row ${index}`;
  const data: unknown = row.event_data;
  const text = typeof data === 'string' ? data : data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : null;
  if (text === null) return badItem({ reason: 'body.invalid_json', message: 'event_data is empty', location, bytes: Buffer.alloc(0) });
  const size = Buffer.byteLength(text, 'utf8');
  // Cut by characters before encoding so a huge event_data is never copied whole.
  const bytes = () => Buffer.from(text.slice(0, BAD_RECORD_BYTES_CAP), 'utf8');
  if (size > maxRecordBytes) return tooLargeItem({ size, maxRecordBytes, location, bytes: bytes() });
  const item = parseRecord({ text, bytes, location, containerTime: null, inferForwarder: false });
  if (item.ok && !Object.hasOwn(item.record.record, 'time')) item.record.containerTime = toDate(row.event_time);
  return item;
}

/** hyparquet returns TIMESTAMP(MILLIS) as a Date; a bare INT64 from another producer is taken as epoch millis. */
function toDate(value: unknown): Date | null {
  const date = value instanceof Date ? value
    : typeof value === 'bigint' ? new Date(Number(value))
      : typeof value === 'number' ? new Date(value)
        : null;
  return date !== null && !Number.isNaN(date.getTime()) ? date : null;
}

/** Any failure of hyparquet means a corrupt file, unless the source itself failed: that error goes up untouched. */
async function readOrFail<T>(buffer: SourceAsyncBuffer, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const sourceError = buffer.sourceError();
    if (sourceError !== undefined) throw sourceError;
    if (error instanceof UnreadableObjectError) throw error;
    throw new UnreadableObjectError({ reason: 'corrupt_parquet', message: `parquet is unreadable: ${(error as Error).message}`, cause: error });
  }
}
