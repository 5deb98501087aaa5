import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createTenantWithAdminKey } from '@tai/api';
import { uuidv7 } from '@tai/core';
import { Queue } from 'bullmq';
import { startFauxqs } from 'fauxqs';
import { Redis } from 'ioredis';
import { teleportParquet } from '../apps/worker/test/support/teleport-parquet.js';
import { postOnce } from '../bench/chaos/http-post.js';
import { loadCorpus } from './support/corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_REDIS_URL } from './support/env.js';
import { cleanEnv, freePort, REPO_ROOT, spawnBundle, stop, waitForHttp, waitForOutput, type Spawned } from './support/processes.js';
import { formEncodeKey, waitFor } from './support/s3-stack.js';

// Two API and two worker processes (the production bundles) on one Postgres database, one Redis and one fauxqs:
// the webhook load is spread over both APIs and one of them is SIGKILLed and restarted under it, the S3 objects
// are shared by both workers, and the recurring jobs both workers declare run once per interval for the cluster.
const EVENT_HANDLER_EVENTS = 2_400;
const EVENT_HANDLER_IN_FLIGHT = 16;
const EVENT_HANDLER_PER_SECOND = 200; // twelve seconds of load: the killed API, restarted, is back well within it
const FLUENTD_EVENTS = 600;
const FLUENTD_CHUNK = 50;
const KILL_AFTER_ACCEPTED = 500;
const OBJECTS = 16;
const RECORDS_PER_OBJECT = 300;
const BUCKET = 'replicas-bucket';
// The shortest intervals the worker accepts: the partitions and retention jobs run once in a run shorter than this.
const MAINTENANCE_SECONDS = 60;
// The S3 path's own schedules (s3-ingest.ts, backfill.job.ts): several runs each within the test.
const SCHEDULES = { 'ensure-partitions': MAINTENANCE_SECONDS * 1000, retention: MAINTENANCE_SECONDS * 1000, 'requeue-objects': 10_000, backfill: 5_000, completeness: 60_000, 's3-reconcile': 3_600_000 };
// Retry backoff of a sender, as the Event Handler's: short, doubling, capped.
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1_000;
// A bound on the retries, not a speed target: on two busy cores (two test files at once) the load has taken over 40 s.
const LOAD_DEADLINE_MS = 90_000;

type ApiReplica = { name: string; port: number; agent: http.Agent; process: Spawned; generation: number };
type Unit = { uids: string[]; body: Buffer; headers: Record<string, string> };
/** per API incarnation ("api-1", "api-1 restarted"), the answers it gave by label ("200", "ECONNREFUSED") */
type Answers = Record<string, Record<string, number>>;

let db: TestDatabase;
let redisUrl: string;
let aws: Awaited<ReturnType<typeof startFauxqs>>;
let queueUrl: string;
let apiEnv: (port: number) => NodeJS.ProcessEnv;
let workerEnv: NodeJS.ProcessEnv;
const apis: ApiReplica[] = [];
const workers: Spawned[] = [];
const spawned: Spawned[] = [];

/**
 * A Redis database nobody uses, as a URL. The workers' BullMQ keys have a fixed prefix ('tai'), so only a database
 * of their own keeps their queues apart from another test's or a developer's local worker on the same Redis.
 */
async function unusedRedisDatabase(): Promise<string> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const empty: number[] = [];
    for (let index = 1; index < 16; index++) {
      const ok = await redis.select(index).then(() => true, () => false);
      if (ok && (await redis.dbsize()) === 0) empty.push(index);
    }
    assert.ok(empty.length > 0, 'a Redis database without keys for this test');
    const url = new URL(TEST_REDIS_URL);
    url.pathname = `/${empty[randomInt(empty.length)]}`;
    return url.toString();
  } finally {
    redis.disconnect();
  }
}

const startApi = async (replica: Pick<ApiReplica, 'port'>) => {
  const p = spawnBundle('apps/api/dist/main.js', apiEnv(replica.port));
  spawned.push(p);
  await waitForHttp(p, `http://127.0.0.1:${replica.port}/readyz`);
  return p;
};

before(async () => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--server', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  [db, redisUrl, aws] = await Promise.all([createTestDatabase(), unusedRedisDatabase(), startFauxqs({ port: 0, logger: false })]);
  ({ queueUrl } = aws.createQueue('replicas-ingest'));
  aws.createTopic('replicas-topic');
  aws.subscribe({ topic: 'replicas-topic', queue: 'replicas-ingest' });
  aws.createBucket(BUCKET);
  apiEnv = (port) => cleanEnv({
    DATABASE_URL: db.url, REDIS_URL: redisUrl, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '5',
  });
  workerEnv = cleanEnv({
    DATABASE_URL: db.url, REDIS_URL: redisUrl, AWS_ENDPOINT_URL: aws.address, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    S3_INGEST_QUEUE_URL: queueUrl, SQS_WAIT_SECONDS: '1', S3_OBJECT_CONCURRENCY: '1',
    MAINTENANCE_INTERVAL_SECONDS: String(MAINTENANCE_SECONDS), RETENTION_INTERVAL_SECONDS: String(MAINTENANCE_SECONDS),
    LOG_LEVEL: 'info', // each object's 'object ingested' line names the worker (pid) that read it
    METRICS_PORT: '0', // any free port: two workers on one machine cannot share the default
  });
});

after(async () => {
  await Promise.all(spawned.map((p) => stop(p)));
  for (const api of apis) api.agent.destroy();
  await aws?.stop();
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    for (const pattern of ['tai:*', 'tai-ingest-rate-*']) {
      const keys = await redis.keys(pattern);
      if (keys.length) await redis.del(...keys);
    }
    redis.disconnect();
  }
  await db?.drop();
});

const corpus = loadCorpus().map((l) => l.event);
const started = Date.now();
/** Unique events (uid) shaped like the corpus, a millisecond apart, from `offset` ms before the test began backwards. */
const uniqueEvents = (tag: string, count: number, offset = 0) => Array.from({ length: count }, (_, i) => ({
  ...corpus[(offset + i) % corpus.length], uid: `${tag}-${i}`, time: new Date(started - offset - i).toISOString(),
}));

/**
 * Sends units (one request each), `inFlight` at most, paced at `perSecond`, round robin over the API replicas as a
 * load balancer would; each unit is retried with the same body on anything but 200 until the deadline, so a
 * replica that dies answers with a refused connection and the retry lands on the next one.
 */
async function sendUnits({ units, path, inFlight, perSecond, deadline, answers, onAccepted }: {
  units: Unit[]; path: string; inFlight: number; perSecond: number; deadline: number; answers: Answers; onAccepted: (unit: Unit) => void;
}): Promise<Unit[]> {
  const unaccepted = new Set(units);
  const begin = Date.now();
  let next = 0;
  let turn = 0;
  const sendUnit = async (unit: Unit) => {
    let backoff = FIRST_BACKOFF_MS;
    while (Date.now() < deadline) {
      const api = apis[turn++ % apis.length]!;
      const incarnation = api.generation === 0 ? api.name : `${api.name} restarted`;
      const label = await postOnce({ url: new URL(`http://127.0.0.1:${api.port}${path}`), body: unit.body, headers: unit.headers, agent: api.agent, timeoutMs: 10_000 });
      const byLabel = (answers[incarnation] ??= {});
      byLabel[label] = (byLabel[label] ?? 0) + 1;
      if (label === '200') {
        unaccepted.delete(unit);
        onAccepted(unit);
        return;
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < units.length) {
      const i = next++;
      const due = begin + (i * 1000) / perSecond;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await sendUnit(units[i]!);
    }
  }));
  return [...unaccepted];
}

type LogLine = { pid: number; msg: string; key?: string; events?: number };
const logLines = (p: Spawned): LogLine[] => p.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);

test('two API and two worker replicas share the load: every event stored once through an API SIGKILLed mid-load, objects read by both workers, recurring jobs once per interval for the cluster', async (t) => {
  // Replicas: two APIs on ports of their own, two workers, all on the same database, Redis and queue.
  const [port1, port2] = [await freePort(), await freePort()];
  const workersSpawnedAt = Date.now();
  for (let i = 0; i < 2; i++) {
    const w = spawnBundle('apps/worker/dist/main.js', workerEnv);
    workers.push(w);
    spawned.push(w);
  }
  const [api1, api2] = await Promise.all([startApi({ port: port1 }), startApi({ port: port2 })]);
  apis.push(
    { name: 'api-1', port: port1, process: api1, agent: new http.Agent({ keepAlive: true }), generation: 0 },
    { name: 'api-2', port: port2, process: api2, agent: new http.Agent({ keepAlive: true }), generation: 0 },
  );
  await Promise.all(workers.map((w) => waitForOutput(w, /"msg":"worker started"/, 60_000)));

  const { apiKey } = await createTenantWithAdminKey(db.repos, { name: 'replicas' });
  const createSource = async (payload: object) => {
    const res = await fetch(`http://127.0.0.1:${port2}/v1/sources`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { source: { id: string }; webhook: { url: string } | null };
  };
  const webhook = await createSource({ type: 'teleport_webhook', name: 'replicas-webhook' });
  const s3Source = await createSource({ type: 'teleport_s3', name: 'replicas-s3', config: { bucket: BUCKET, prefix: 'events' } });
  // The Event Handler's url and Fluentd's ${tag} both end the path in events.log (README, Sending events).
  const path = `${new URL(webhook.webhook!.url).pathname}/events.log`;

  // S3 objects, half Parquet as Teleport writes them and half gzip NDJSON, uploaded before any notification.
  const clientConfig = { region: 'us-east-1', endpoint: aws.address, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client(clientConfig);
  const sns = new SNSClient(clientConfig);
  t.after(() => { s3.destroy(); sns.destroy(); });
  const day = new Date(started).toISOString().slice(0, 10);
  const objects: Array<{ key: string; size: number; eTag: string }> = [];
  for (let i = 0; i < OBJECTS; i++) {
    const events = uniqueEvents(`replicas-s3-${i}`, RECORDS_PER_OBJECT, 10_000 * (i + 1));
    const parquet = i % 2 === 0;
    const key = `events/${day}/${uuidv7()}.${parquet ? 'parquet' : 'json.gz'}`;
    const body = parquet ? teleportParquet(events, { rowGroupSize: 100 }) : gzipSync(events.map((e) => JSON.stringify(e)).join('\n'));
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    objects.push({ key, size: body.byteLength, eTag: put.ETag!.replaceAll('"', '') });
  }

  // Load: Event Handler-like (one JSON event per POST, 16 in flight) and Fluentd-like (gzip NDJSON chunks, 2 in flight).
  const loadStarted = Date.now();
  const deadline = loadStarted + LOAD_DEADLINE_MS;
  const answers: Answers = {};
  const ehUnits: Unit[] = uniqueEvents('replicas-eh', EVENT_HANDLER_EVENTS).map((e) => ({
    uids: [e.uid], body: Buffer.from(JSON.stringify(e)), headers: { 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1' },
  }));
  const fdEvents = uniqueEvents('replicas-fd', FLUENTD_EVENTS, EVENT_HANDLER_EVENTS);
  const fdUnits: Unit[] = [];
  for (let i = 0; i < fdEvents.length; i += FLUENTD_CHUNK) {
    const chunk = fdEvents.slice(i, i + FLUENTD_CHUNK);
    fdUnits.push({
      uids: chunk.map((e) => e.uid), body: gzipSync(chunk.map((e) => `${JSON.stringify(e)}\n`).join('')),
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', 'user-agent': 'Ruby' },
    });
  }
  let ehAccepted = 0;
  let killed!: () => void;
  const killNow = new Promise<void>((resolve) => { killed = resolve; });
  const sending = Promise.all([
    sendUnits({ units: ehUnits, path, inFlight: EVENT_HANDLER_IN_FLIGHT, perSecond: EVENT_HANDLER_PER_SECOND, deadline, answers, onAccepted: () => { if (++ehAccepted === KILL_AFTER_ACCEPTED) killed(); } }),
    sendUnits({ units: fdUnits, path, inFlight: 2, perSecond: EVENT_HANDLER_PER_SECOND / FLUENTD_CHUNK, deadline, answers, onAccepted: () => undefined }),
  ]);
  for (const object of objects) {
    await sns.send(new PublishCommand({
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:replicas-topic', Subject: 'Amazon S3 Notification',
      Message: JSON.stringify({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: new Date().toISOString(), eventName: 'ObjectCreated:Put',
        s3: { s3SchemaVersion: '1.0', bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` }, object: { key: formEncodeKey(object.key), size: object.size, eTag: object.eTag } } }] }),
    }));
  }

  // A replica lost under load: SIGKILL (no drain, requests in flight cut off), then the same replica back.
  await Promise.race([killNow, sending.then(() => { throw new Error('the load ended before the kill'); })]);
  const victim = apis[0]!;
  victim.process.child.kill('SIGKILL');
  await victim.process.exited;
  const killedAt = Date.now() - loadStarted;
  victim.process = await startApi(victim);
  victim.generation++;
  const restartedAt = Date.now() - loadStarted;

  const [ehLeft, fdLeft] = await sending;
  const loadMs = Date.now() - loadStarted;
  assert.deepEqual([ehLeft.length, fdLeft.length], [0, 0], `every request got its 200 before the deadline: ${JSON.stringify(answers)}`);
  const served = (name: string) => answers[name]?.['200'] ?? 0;
  assert.ok(served('api-1') > 0 && served('api-2') > 0, `both APIs served: ${JSON.stringify(answers)}`);
  assert.ok(served('api-1 restarted') > 0, `the restarted API took its share again: ${JSON.stringify(answers)}`);
  const refused = Object.entries(answers['api-1'] ?? {}).filter(([label]) => label !== '200').reduce((n, [, c]) => n + c, 0);
  assert.ok(refused > 0, `the kill cut requests off, which the senders retried: ${JSON.stringify(answers)}`);

  // Exactly once: every uid sent is stored once, nothing else is stored (counted as the owner, past row-level security).
  const sentUids = new Set([...ehUnits, ...fdUnits].flatMap((u) => u.uids));
  const stored = await db.owner.query<{ uid: string; n: number }>('select uid, count(*)::int as n from teleport_audit_events where source_id = $1 group by uid', [webhook.source.id]);
  const duplicated = stored.rows.filter((r) => r.n !== 1);
  const unknown = stored.rows.filter((r) => !sentUids.has(r.uid));
  assert.deepEqual({ rows: stored.rows.length, duplicated: duplicated.length, unknown: unknown.length }, { rows: EVENT_HANDLER_EVENTS + FLUENTD_EVENTS, duplicated: 0, unknown: 0 });

  // S3: every object done, its records all stored once.
  const objectRows = async () => (await db.owner.query<{ key: string; status: string; events_total: number }>(
    'select key, status, events_total from ingested_objects where source_id = $1', [s3Source.source.id])).rows;
  await waitFor(async () => { const rows = await objectRows(); return rows.length === OBJECTS && rows.every((r) => r.status === 'done'); }, { timeoutMs: 40_000, what: 'every object done' });
  const s3Ms = Date.now() - loadStarted;
  const rows = await objectRows();
  assert.equal(rows.reduce((n, r) => n + r.events_total, 0), OBJECTS * RECORDS_PER_OBJECT, 'records counted on the object rows');
  const s3Stored = (await db.owner.query<{ n: number; u: number }>('select count(*)::int as n, count(distinct uid)::int as u from teleport_audit_events where source_id = $1', [s3Source.source.id])).rows[0];
  assert.deepEqual(s3Stored, { n: OBJECTS * RECORDS_PER_OBJECT, u: OBJECTS * RECORDS_PER_OBJECT });

  // Both workers read objects, no object was read twice, and each worker's lines are its own (pid).
  const readBy = workers.map((w) => logLines(w).filter((l) => l.msg === 'object ingested'));
  for (const [i, lines] of readBy.entries()) {
    assert.ok(lines.length > 0, `worker ${i + 1} read objects: ${readBy.map((l) => l.length).join(' + ')}`);
    assert.ok(lines.every((l) => l.pid === workers[i]!.child.pid), 'the lines carry the pid of the worker that wrote them');
  }
  const keysRead = readBy.flat().map((l) => l.key).sort();
  assert.deepEqual(keysRead, objects.map((o) => o.key).sort(), 'each object read once, by one of the workers');
  assert.equal(readBy.flat().reduce((n, l) => n + (l.events ?? 0), 0), OBJECTS * RECORDS_PER_OBJECT);

  // Recurring jobs: one scheduler per job in Redis though both workers declared them, and one run per interval.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const maintenance = new Queue('maintenance', { connection, prefix: 'tai' });
  const s3Queue = new Queue('s3-object', { connection, prefix: 'tai' });
  t.after(async () => { await maintenance.close(); await s3Queue.close(); connection.disconnect(); });
  const schedulers = await maintenance.getJobSchedulers(0, -1, true);
  assert.deepEqual(
    schedulers.map((s) => ({ key: s.key, every: s.every })).sort((a, b) => a.key.localeCompare(b.key)),
    Object.entries(SCHEDULES).map(([key, every]) => ({ key, every })).sort((a, b) => a.key.localeCompare(b.key)),
  );
  assert.equal((await s3Queue.getJobSchedulers()).length, 0);
  const windowMs = Date.now() - workersSpawnedAt; // from before the first worker declared anything
  const completed = await maintenance.getJobs(['completed'], 0, -1);
  const failed = await maintenance.getJobs(['failed'], 0, -1);
  assert.deepEqual(failed.map((j) => `${j.name}: ${j.failedReason}`), [], 'no maintenance job failed');
  const runs: Record<string, number> = {};
  for (const [name, every] of Object.entries(SCHEDULES)) {
    // A scheduled run's id is repeat:<scheduler>:<its slot>; two schedulers for one job would put two runs in a slot.
    const slots = completed.filter((j) => j.name === name).map((j) => Number(j.id!.split(':').at(-1))).sort((a, b) => a - b);
    runs[name] = slots.length;
    const most = Math.floor(windowMs / every) + 1;
    // At most one run per slot is the point (two schedulers would double it). The floor only shows the job
    // recurs: a worker starved of CPU (the suite runs two files at once on two cores) may take a slot late.
    assert.ok(slots.length >= Math.max(1, Math.floor(most / 2)) && slots.length <= most, `${name}: ${slots.length} runs in ${windowMs} ms at one per ${every} ms (at most ${most})`);
    for (let i = 1; i < slots.length; i++) assert.ok(slots[i]! - slots[i - 1]! >= every, `${name}: runs ${slots[i]! - slots[i - 1]!} ms apart`);
  }
  // The handlers' own lines agree: one partitions run in the cluster, whichever worker took it.
  const partitionRuns = workers.map((w) => logLines(w).filter((l) => l.msg === 'partitions ensured').length);
  assert.equal(partitionRuns[0]! + partitionRuns[1]!, runs['ensure-partitions']);

  t.diagnostic(`webhook: ${sentUids.size} events (${EVENT_HANDLER_EVENTS} one per POST, ${FLUENTD_EVENTS} in ${fdUnits.length} gzip NDJSON chunks) in ${(loadMs / 1000).toFixed(1)} s; `
    + `api-1 SIGKILLed at ${(killedAt / 1000).toFixed(1)} s, ready again at ${(restartedAt / 1000).toFixed(1)} s; answers ${JSON.stringify(answers)}`);
  t.diagnostic(`s3: ${OBJECTS} objects x ${RECORDS_PER_OBJECT} records, all done ${(s3Ms / 1000).toFixed(1)} s after the load began; objects per worker ${readBy.map((l) => l.length).join(' / ')}`);
  t.diagnostic(`recurring jobs over ${(windowMs / 1000).toFixed(1)} s with two workers: ${JSON.stringify(runs)}; partitions runs per worker ${partitionRuns.join(' / ')}`);
});
