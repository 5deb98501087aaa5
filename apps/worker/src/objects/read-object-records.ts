import { fluentdTsvItems } from './fluentd-tsv.js';
import { jsonValueItems } from './json-value-records.js';
import { ndjsonItems } from './line-records.js';
import type { ObjectBatch, ObjectSource, ReadOptions } from './object-source.js';
import { parquetItems } from './parquet-records.js';
import { peekText } from './peek-text.js';
import type { ReadItem } from './read-item.js';
import { recordBatches } from './record-batches.js';
import { CONTAINER_SNIFF_BYTES, sniffContainer, sniffText, type TextLayout } from './sniff-object.js';
import { textChunks } from './text-chunks.js';
import { UnreadableObjectError } from './unreadable-object-error.js';

/**
 * Reads the Teleport records of one stored object, sniffing its bytes rather than trusting its key
 * or headers (s3-ingest.md §3): Parquet through ranged reads, everything else streamed through
 * gzip/zstd/plain and then read as NDJSON, concatenated or pretty-printed JSON, a JSON array or
 * Fluentd out_file TSV. Yields batches of at most `batchSize`; memory stays about one batch, one
 * Parquet row group, or one record, whatever the object size.
 *
 * Bad records (invalid JSON, not an object, over `maxRecordBytes`) come back in `bad` and reading
 * goes on. UnreadableObjectError means the object as a whole cannot be read; it can come after some
 * batches were already yielded (e.g. a gzip stream corrupt halfway), so the caller must treat the
 * object as failed and rely on uid de-dup when it is read again. Errors of the source itself are
 * rethrown as they are, for the job to retry.
 */
export async function* readObjectRecords(source: ObjectSource, opts: ReadOptions): AsyncGenerator<ObjectBatch, void, undefined> {
  if (source.size > opts.maxObjectBytes) {
    throw new UnreadableObjectError({ reason: 'too_large', message: `object is ${source.size} bytes, over the ${opts.maxObjectBytes}-byte limit` });
  }
  if (source.size === 0) {
    yield { records: [], bad: [], format: 'empty' };
    return;
  }
  const container = sniffContainer(new Uint8Array(await source.slice(0, Math.min(source.size, CONTAINER_SNIFF_BYTES))));
  if (container === 'parquet') {
    yield* recordBatches(parquetItems(source, opts), { format: 'parquet', batchSize: opts.batchSize });
    return;
  }
  if (container === 'snappy-framed') throw new UnreadableObjectError({ reason: 'unknown_format', message: 'framed snappy objects are not supported' });

  const text = await textChunks({ source, container });
  try {
    const peeked = await peekText(text);
    const layout = sniffText(peeked);
    if (layout.format === 'unknown') {
      throw new UnreadableObjectError({
        reason: 'unknown_format',
        message: `not Parquet, JSON or Fluentd TSV (${container}); starts with ${describeStart(peeked.head)}`,
      });
    }
    if (layout.format === 'empty') {
      yield { records: [], bad: [], format: 'empty' };
      return;
    }
    yield* recordBatches(layoutItems({ layout, chunks: peeked.chunks, maxRecordBytes: opts.maxRecordBytes }), { format: layout.format, batchSize: opts.batchSize });
  } finally {
    await text.return(undefined);
  }
}

function layoutItems({ layout, chunks, maxRecordBytes }: { layout: Exclude<TextLayout, { format: 'unknown' | 'empty' }>; chunks: AsyncGenerator<Buffer>; maxRecordBytes: number }): AsyncGenerator<ReadItem[]> {
  switch (layout.format) {
    case 'json-array':
      return jsonValueItems(chunks, { maxRecordBytes, unwrapArrays: true });
    case 'fluentd-tsv':
      return fluentdTsvItems(chunks, { maxRecordBytes });
    default:
      return layout.lineMode ? ndjsonItems(chunks, { maxRecordBytes }) : jsonValueItems(chunks, { maxRecordBytes, unwrapArrays: false });
  }
}

function describeStart(head: Buffer): string {
  return `0x${head.subarray(0, 8).toString('hex')}`;
}
