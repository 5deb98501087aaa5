import { teleportParquet } from '../../apps/worker/test/support/teleport-parquet.js';
import type { UploadedObject } from '../s3/aws.js';
import type { ChaosEvents } from './events.js';
import { sleep } from './run-command.js';
import type { ChaosStack } from './stack.js';
import { objectsBySource, storedBySource } from './stored.js';
import { tallyRecords, type SendRecord, type Tally } from './tally.js';

// Small row groups: the worker commits one batch per group, so an object stays "in progress" long enough to kill.
const ROW_GROUP_SIZE = 1_000;

export type S3Load = { sourceId: string; bucket: string; uploaded: UploadedObject[]; records: SendRecord[]; notifiedAt: number };

/** Parquet objects as Teleport writes them, uploaded to a fresh bucket of a fresh S3 source; not yet notified. */
export async function prepareS3Load(stack: ChaosStack, { name, events, objects, eventsPerObject }: {
  name: string; events: ChaosEvents; objects: number; eventsPerObject: number;
}): Promise<Omit<S3Load, 'notifiedAt'>> {
  const bucket = `${name}-longterm`;
  const { sourceId } = await stack.createS3Source(name, bucket);
  const day = new Date().toISOString().slice(0, 10);
  const uploaded: UploadedObject[] = [];
  const records: SendRecord[] = [];
  for (let i = 0; i < objects; i++) {
    const batch = events(eventsPerObject);
    uploaded.push(await stack.aws.put(bucket, `events/${day}/${name}-${i}.parquet`, teleportParquet(batch, { rowGroupSize: ROW_GROUP_SIZE })));
    for (const e of batch) records.push({ uid: String(e.uid), firstSentAt: 0, acceptedAt: null, statuses: {} });
  }
  return { sourceId, bucket, uploaded, records };
}

/** S3 -> SNS -> SQS, one notification per object; once SQS has them the events count as handed over. */
export async function notifyS3Load(stack: ChaosStack, load: Omit<S3Load, 'notifiedAt'>): Promise<S3Load> {
  for (const object of load.uploaded) await stack.channel.notify(load.bucket, object);
  const notifiedAt = Date.now();
  for (const r of load.records) {
    r.firstSentAt = notifiedAt;
    r.acceptedAt = notifiedAt;
    r.statuses['notified'] = 1;
  }
  return { ...load, notifiedAt };
}

/**
 * Waits until every object is done (or failed, or the deadline passed), then tallies its events against the
 * table. The wait is reported in notes: for S3 it is the time from notification to the last object done.
 */
export async function settleS3Load(stack: ChaosStack, load: S3Load, deadline: number): Promise<{ tally: Tally; notes: string[] }> {
  let objects = await objectsBySource(stack.owner, load.sourceId);
  while ((objects.byStatus['done'] ?? 0) + (objects.byStatus['failed'] ?? 0) < load.uploaded.length && Date.now() < deadline) {
    await sleep(250);
    objects = await objectsBySource(stack.owner, load.sourceId);
  }
  const stored = await storedBySource(stack.owner, load.sourceId);
  const tally = tallyRecords({ records: load.records, stored, answers: { 'notified (objects)': load.uploaded.length } });
  const done = objects.byStatus['done'] ?? 0;
  const notes = [`S3: ${done} of ${load.uploaded.length} objects done`
    + (objects.lastChange && done === load.uploaded.length ? `, the last ${((objects.lastChange.getTime() - load.notifiedAt) / 1000).toFixed(1)} s after the notifications` : '')
    + ` (objects by status: ${JSON.stringify(objects.byStatus)})`];
  tally.longestWaitMs = objects.lastChange && done === load.uploaded.length ? objects.lastChange.getTime() - load.notifiedAt : 0;
  if (done < load.uploaded.length) {
    // Not done by the deadline: the events the table lacks were handed over (SQS took the notification) and are missing.
    notes.push(...objects.errors.map((e) => `S3 object error: ${e}`));
  }
  return { tally, notes };
}
