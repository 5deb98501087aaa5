import { readObjectRecords, type BadRecord, type ObjectBatch, type ObjectRecord, type ObjectSource, type ReadOptions } from '../../src/objects/index.js';

export const READ_OPTIONS: ReadOptions = { maxRecordBytes: 1024 * 1024, batchSize: 100, maxObjectBytes: 512 * 1024 * 1024 };

export type ReadAll = { batches: ObjectBatch[]; records: ObjectRecord[]; bad: BadRecord[]; formats: Set<string> };

/** Drains readObjectRecords, keeping everything (only for small test objects). */
export async function readAll(source: ObjectSource, options: Partial<ReadOptions> = {}): Promise<ReadAll> {
  const batches: ObjectBatch[] = [];
  for await (const batch of readObjectRecords(source, { ...READ_OPTIONS, ...options })) batches.push(batch);
  return {
    batches,
    records: batches.flatMap((b) => b.records),
    bad: batches.flatMap((b) => b.bad),
    formats: new Set(batches.map((b) => b.format)),
  };
}
