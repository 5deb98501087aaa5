import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { uuidv7 } from '@tai/core';
import { startFauxqs } from 'fauxqs';
import { teleportParquet } from '../apps/worker/test/support/teleport-parquet.js';
import { setupApp, type TestApp } from './support/app.js';
import { loadCorpus } from './support/corpus.js';
import { cleanEnv, spawnBundle, stop, type Spawned } from './support/processes.js';
import { waitFor } from './support/s3-stack.js';

// A real worker process is SIGKILLed in the middle of an object; a second worker finishes it. The SQS
// message was already deleted at hand-off, so only the durable object row can bring the work back.
const BUCKET = 'crash-test-bucket';
const EVENTS = 60_000;

let t: TestApp;
let aws: Awaited<ReturnType<typeof startFauxqs>>;
let sourceId: string;
let workerEnv: NodeJS.ProcessEnv;
const workers: Spawned[] = [];

before(async () => {
  t = await setupApp();
  sourceId = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'crash', config: { bucket: BUCKET, prefix: 'events' } } })).json().source.id;
  aws = await startFauxqs({ port: 0, logger: false });
  const { queueUrl } = aws.createQueue('crash-ingest');
  aws.createTopic('crash-topic');
  aws.subscribe({ topic: 'crash-topic', queue: 'crash-ingest' });
  aws.createBucket(BUCKET);
  workerEnv = cleanEnv({
    DATABASE_URL: t.db.url, AWS_ENDPOINT_URL: aws.address, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    S3_INGEST_QUEUE_URL: queueUrl, SQS_WAIT_SECONDS: '1', S3_STALE_OBJECT_SECONDS: '2', S3_OBJECT_CONCURRENCY: '1', LOG_LEVEL: 'warn',
    METRICS_PORT: '0', // any free port: a worker elsewhere on this machine may hold the default
  });
});
after(async () => {
  for (const w of workers) await stop(w);
  await aws.stop();
  await t.close();
});

test('a worker killed mid-object loses and duplicates nothing: the next worker finishes the object', async () => {
  const corpus = loadCorpus().map((l) => l.event);
  const events = Array.from({ length: EVENTS }, (_, i) => ({ ...corpus[i % corpus.length], uid: `kill-${i}`, time: new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString() }));
  const key = `events/2024-05-01/${uuidv7()}.parquet`;
  const config = { region: 'us-east-1', endpoint: aws.address, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const body = teleportParquet(events, { rowGroupSize: 2_000 });
  const put = await new S3Client(config).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

  const first = spawnBundle('apps/worker/dist/main.js', workerEnv);
  workers.push(first);
  await new SNSClient(config).send(new PublishCommand({
    TopicArn: 'arn:aws:sns:us-east-1:000000000000:crash-topic', Subject: 'Amazon S3 Notification',
    Message: JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: new Date().toISOString(), eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` }, object: { key, size: body.byteLength, eTag: put.ETag!.replaceAll('"', '') } } }] }),
  }));

  const objectRow = async () => (await t.db.owner.query(`select id, status, events_total from ingested_objects where key = $1`, [key])).rows[0] as { id: string; status: string; events_total: number } | undefined;
  await waitFor(async () => { const r = await objectRow(); return r && r.status === 'processing' && r.events_total > 0; }, { timeoutMs: 60_000, what: 'the first batches to commit' });
  first.child.kill('SIGKILL');
  await first.exited;

  const stored = async () => (await t.db.owner.query(`select count(*)::int as n, count(distinct uid)::int as u from teleport_audit_events where source_id = $1`, [sourceId])).rows[0] as { n: number; u: number };
  const partial = await stored();
  assert.ok(partial.n > 0 && partial.n < EVENTS, `killed part-way (${partial.n} of ${EVENTS} stored)`);
  assert.equal((await objectRow())!.status, 'processing', 'the object is left in progress');

  workers.push(spawnBundle('apps/worker/dist/main.js', workerEnv));
  await waitFor(async () => (await objectRow())?.status === 'done', { timeoutMs: 90_000, what: 'the second worker to finish the object' });
  assert.deepEqual(await stored(), { n: EVENTS, u: EVENTS });
});
