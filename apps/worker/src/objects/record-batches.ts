import type { BadRecord, ObjectBatch, ObjectFormat, ObjectRecord } from './object-source.js';
import type { ReadItem } from './read-item.js';

/**
 * Regroups read items into batches of at most `batchSize` (records and bad records together, so
 * an object full of bad lines is bounded too). At least one batch always comes out, possibly empty,
 * so the caller learns the format even of an object with nothing in it.
 */
export async function* recordBatches(items: AsyncIterable<ReadItem[]>, { format, batchSize }: { format: ObjectFormat; batchSize: number }): AsyncGenerator<ObjectBatch> {
  let records: ObjectRecord[] = [];
  let bad: BadRecord[] = [];
  let yielded = false;
  for await (const group of items) {
    for (const item of group) {
      if (item.ok) records.push(item.record);
      else bad.push(item.bad);
      if (records.length + bad.length >= batchSize) {
        yield { records, bad, format };
        records = [];
        bad = [];
        yielded = true;
      }
    }
  }
  if (records.length > 0 || bad.length > 0 || !yielded) yield { records, bad, format };
}
