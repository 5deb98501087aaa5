import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { uuidv7 } from '@tai/core';
import pino from 'pino';
import { teleportParquet, withUids } from '../apps/worker/test/support/teleport-parquet.js';
import { setupApp, type TestApp } from './support/app.js';
import { loadCorpus, loadCorpusFile, SQS_CORPUS_DIR } from './support/corpus.js';
import { startS3Stack, waitFor } from './support/s3-stack.js';

const BUCKET = 'acme-longterm-audit';
const SQS_CORPUS = SQS_CORPUS_DIR;

let t: TestApp;
let stack: Awaited<ReturnType<typeof startS3Stack>>;
let sourceId: string;

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas', config: { bucket: `arn:aws:s3:::${BUCKET}`, prefix: 'events' } } });
  assert.equal(res.statusCode, 201, res.body);
  sourceId = res.json().source.id;
  stack = await startS3Stack({ repos: t.db.repos });
  stack.aws.createBucket(BUCKET);
});
after(async () => {
  await stack.stop();
  await t.close();
});

type ObjectView = { id: string; key: string; status: string; lastError: string | null; events: { total: number; inserted: number; duplicate: number; badRecords: number } };
const objectsOf = async (status?: string): Promise<ObjectView[]> =>
  (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}/objects${status ? `?status=${status}` : ''}` })).json().data;
const objectByKey = (key: string, status: string) => waitFor(async () => (await objectsOf()).find((o) => o.key === key && o.status === status), { what: `${key} ${status}` });
const countEvents = async () => (await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [sourceId])).rows[0].n as number;

test('a Parquet object in Teleport\'s schema, announced through SNS to SQS, becomes searchable rows, once', async () => {
  const events = withUids(loadCorpusFile('teleport-events-test.ndjson').map((l) => l.event));
  const key = `events/2024-05-01/${uuidv7()}.parquet`;
  const object = await stack.put(BUCKET, key, teleportParquet(events, { rowGroupSize: 10 }));
  await stack.notifyViaSns([stack.s3Record(BUCKET, key, object)]);

  const done = await objectByKey(key, 'done');
  assert.equal(done.events.total, events.length);
  assert.equal(done.events.inserted, new Set(events.map((e) => `${e.uid}|${e.time}`)).size);
  const search = (await t.tenant.call({ method: 'GET', url: `/v1/events?source_id=${sourceId}&limit=1000` })).json();
  assert.equal(search.data.length, done.events.inserted);
  assert.ok(search.data.some((e: { type: string }) => e.type === 'session.start'));
  await waitFor(async () => stack.queueDepth() === 0, { what: 'the message to be deleted' });

  // The same notification again, and the same events in a second object (Teleport retries whole batches).
  const before = await countEvents();
  await stack.notifyViaSns([stack.s3Record(BUCKET, key, object)]);
  const again = `events/2024-05-01/${uuidv7()}.parquet`;
  await stack.notifyViaSns([stack.s3Record(BUCKET, again, await stack.put(BUCKET, again, teleportParquet(events)))]);
  const second = await objectByKey(again, 'done');
  assert.equal(second.events.inserted, 0);
  assert.equal(second.events.duplicate, events.length);
  await waitFor(async () => stack.queueDepth() === 0, { what: 'messages to be deleted' });
  assert.equal(await countEvents(), before);
  assert.equal((await objectsOf()).filter((o) => o.key === key).length, 1, 'a duplicate notification registers nothing new');
});

test('gzip NDJSON and Fluentd TSV objects under keys with spaces, + and %3D are read', async () => {
  const events = withUids(loadCorpusFile('panther-teleport.ndjson').map((l) => l.event)).map((e, i): Record<string, unknown> => ({ ...e, uid: `pan-${i}` }));
  const ndjsonKey = 'events/fluent bit/a+b=c 1.json.gz';
  const tsvKey = 'events/fluentd/20240501_0.gz';
  const ndjson = await stack.put(BUCKET, ndjsonKey, gzipSync(events.map((e) => JSON.stringify(e)).join('\n')));
  const tsvLines = events.map((e, i) => { const { time: _t, ...rest } = e; return `2024-05-01T10:00:0${i % 10}+00:00\ttest.log\t${JSON.stringify({ ...rest, uid: `tsv-${i}` })}`; });
  const tsv = await stack.put(BUCKET, tsvKey, Buffer.concat([gzipSync(tsvLines.slice(0, 5).join('\n') + '\n'), gzipSync(tsvLines.slice(5).join('\n'))]));
  await stack.notifyViaSns([stack.s3Record(BUCKET, ndjsonKey, ndjson), stack.s3Record(BUCKET, tsvKey, tsv)]);

  const a = await objectByKey(ndjsonKey, 'done');
  assert.equal(a.events.total, events.length);
  const b = await objectByKey(tsvKey, 'done');
  assert.equal(b.events.total, events.length);
  const { rows } = await t.db.owner.query(`select parse_warnings from teleport_audit_events where uid = 'tsv-3'`);
  assert.deepEqual(rows[0].parse_warnings, ['time.missing', 'time.from_container'], 'the TSV time column stands in for the dropped time');
});

test('poison events in an object are quarantined and the object still finishes: nothing retried forever, nothing lost', async () => {
  const key = 'events/2024-05-03/poison.json.gz';
  const lines = [
    '{"event":"user.login","uid":"s3-good-1","time":"2024-05-03T00:00:00Z","user":"alice"}',
    '{"event":"exec","uid":"s3-surrogate","time":"2024-05-03T00:00:01Z","command":"echo \\ud800"}',
    `{"event":"exec","uid":"s3-deep","time":"2024-05-03T00:00:02Z","deep":${'['.repeat(6000)}${']'.repeat(6000)}}`,
    `{"event":"exec","uid":"${'u'.repeat(10)}${randomBytes(3000).toString('base64')}","time":"2024-05-03T00:00:03Z"}`,
    '{"event":"user.login","uid":"s3-year-zero","time":"0000-01-01T00:00:00Z","user":"bob"}',
  ];
  const object = await stack.put(BUCKET, key, gzipSync(lines.join('\n')));
  await stack.notifyViaSns([stack.s3Record(BUCKET, key, object)]);
  const done = await objectByKey(key, 'done');
  assert.deepEqual({ total: done.events.total, inserted: done.events.inserted, bad: done.events.badRecords }, { total: 2, inserted: 2, bad: 3 });
  const { rows } = await t.db.owner.query(`select reason_code from ingest_rejects where source_id = $1 and context like $2 order by reason_code`, [sourceId, `${key}%`]);
  assert.deepEqual(rows.map((r) => r.reason_code), ['event.rejected_by_database', 'record.invalid_unicode', 'record.too_deep']);
});

test('event times keep their microseconds from a Parquet object to the API answer', async () => {
  const key = `events/2024-05-04/${uuidv7()}.parquet`;
  const event = { event: 'user.login', uid: 'micro-parquet-1', time: '2024-05-04T10:11:12.123456789Z', user: 'alice', success: true };
  const object = await stack.put(BUCKET, key, teleportParquet([event]));
  await stack.notifyViaSns([stack.s3Record(BUCKET, key, object)]);
  await objectByKey(key, 'done');
  const page = (await t.tenant.call({ method: 'GET', url: '/v1/events?q=uid:micro-parquet-1' })).json();
  assert.equal(page.data[0].time, '2024-05-04T10:11:12.123456Z');
});

test('session recordings and keys outside the prefix are skipped with a reason, without a read', async () => {
  const tar = 'events/recordings/0b5e.tar';
  const outside = 'report_results/2024/report.json';
  await stack.notifyViaSns([stack.s3Record(BUCKET, tar, { eTag: 'x1', size: 10 }), stack.s3Record(BUCKET, outside, { eTag: 'x2', size: 10 })]);
  const skippedTar = await objectByKey(tar, 'skipped');
  assert.equal(skippedTar.lastError, 'session_recording');
  const skippedOutside = await objectByKey(outside, 'skipped');
  assert.equal(skippedOutside.lastError, 'outside_prefix');
});

test('a corrupt object fails visibly, and a retry after the object is fixed ingests it', async () => {
  const key = `events/2024-05-02/${uuidv7()}.parquet`;
  const corrupt = await stack.put(BUCKET, key, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(200, 7), Buffer.from('PAR1')]));
  await stack.notifyViaSns([stack.s3Record(BUCKET, key, corrupt)]);
  const failed = await waitFor(async () => (await objectsOf('failed')).find((o) => o.key === key), { what: 'the failed object' });
  assert.match(failed.lastError ?? '', /corrupt_parquet/);

  const events = [{ event: 'user.login', uid: 'fixed-1', time: '2024-05-02T00:00:00Z', user: 'alice' }];
  await stack.put(BUCKET, key, teleportParquet(events));
  const retry = await t.tenant.call({ method: 'POST', url: `/v1/sources/${sourceId}/objects/${failed.id}/retry` });
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(retry.json().status, 'queued');
  const done = await objectByKey(key, 'done');
  assert.equal(done.events.inserted, 1);
  const twice = await t.tenant.call({ method: 'POST', url: `/v1/sources/${sourceId}/objects/${failed.id}/retry` });
  assert.equal(twice.statusCode, 409, 'only failed or missing objects can be retried');
});

test('an object deleted before it was read ends as missing, not retried forever', async () => {
  const key = `events/2024-05-03/${uuidv7()}.parquet`;
  await stack.notifyViaSns([stack.s3Record(BUCKET, key, { eTag: 'gone', size: 100 })]);
  const missing = await objectByKey(key, 'missing');
  assert.match(missing.lastError ?? '', /NoSuchKey|NotFound/);
});

test('every SQS sample body is handled: objects of unknown buckets recorded and dropped, test events deleted, poison quarantined', async () => {
  for (const file of readdirSync(SQS_CORPUS).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(path.join(SQS_CORPUS, file), 'utf8')) as { Records?: { body?: string }[] };
    // Lambda-shaped files carry SQS bodies in Records[].body; the SQS API hands out the body itself.
    const bodies = doc.Records?.every((r) => typeof r.body === 'string') ? doc.Records.map((r) => r.body!) : [JSON.stringify(doc)];
    for (const body of bodies) await stack.sendRaw(body);
  }
  await waitFor(async () => stack.queueDepth() === 0, { timeoutMs: 30_000, what: 'every sample to be deleted' });
  const { rows } = await t.db.owner.query<{ bucket: string }>('select bucket from unrouted_notifications order by bucket');
  const buckets = rows.map((r) => r.bucket);
  // One bucket per object-bearing sample; the test events and the non-S3 SNS payload name none.
  assert.deepEqual(buckets, ['amzn-s3-demo-bucket1', 'example-bucket', 'lambda-artifacts-deafc19498e3f2df', 'sourcebucket', 'unidata-nexrad-level2-chunks', 'vpc-flow-logs-ks', 'xxx']);
});

test('a worker that dies mid-object leaves nothing doubled: the retry stores only what was missing', async () => {
  // Four copies of the corpus with fresh uids: more than one 1,000-event batch, so the crash comes after a commit.
  const corpus = loadCorpus().map((l) => l.event);
  const events = [0, 1, 2, 3].flatMap((copy) => corpus.map((e, i): Record<string, unknown> => ({ ...e, uid: `crash-${copy}-${i}` })));
  const key = `events/2024-05-04/${uuidv7()}.parquet`;
  const object = await stack.put(BUCKET, key, teleportParquet(events, { rowGroupSize: 100 }));
  const { row } = await t.db.repos.ingestedObjects.upsertSeen({
    tenantId: t.tenant.tenantId, sourceId, id: uuidv7(), via: 's3', sqsMessageId: null,
    object: { bucket: BUCKET, key, etag: object.eTag, versionId: null, size: object.size },
  });
  const { ingestObject } = await import('@tai/worker');
  const { openS3Object } = await import('../apps/worker/src/s3/s3-object-source.js');
  const deps = (failAfterSlices: number | null) => ({
    repos: t.db.repos,
    limits: { maxObjectBytes: 1 << 30, maxEventBytes: 16 << 20, rejectPayloadMaxBytes: 1 << 20 },
    now: () => new Date(),
    openObject: async () => {
      const real = await openS3Object(stack.s3, { bucket: BUCKET, key, versionId: null });
      let slices = 0;
      return { ...real, slice: async (start: number, end: number) => {
        if (failAfterSlices !== null && ++slices > failAfterSlices) throw Object.assign(new Error('worker killed'), { name: 'Killed' });
        return real.slice(start, end);
      } };
    },
  });
  const log = pino({ level: 'silent' });
  await assert.rejects(ingestObject(deps(13), { tenantId: t.tenant.tenantId, sourceId, objectId: row.id }, { log, attempt: 1, maxAttempts: 3 }), /worker killed/);
  const partial = (await t.db.owner.query(`select count(*)::int as n from teleport_audit_events where uid like 'crash-%'`)).rows[0].n;
  assert.ok(partial > 0 && partial < events.length, `part of the object was stored before the crash (${partial})`);

  await ingestObject(deps(null), { tenantId: t.tenant.tenantId, sourceId, objectId: row.id }, { log, attempt: 2, maxAttempts: 3 });
  const { rows } = await t.db.owner.query(`select count(*)::int as n, count(distinct uid)::int as u from teleport_audit_events where uid like 'crash-%'`);
  const expected = new Set(events.map((e) => `${e.uid}|${e.time}`)).size;
  assert.deepEqual(rows[0], { n: expected, u: expected });
  const finished = await t.db.repos.ingestedObjects.get({ tenantId: t.tenant.tenantId, id: row.id });
  assert.equal(finished?.status, 'done');
  assert.equal(finished!.eventsInserted + finished!.eventsDuplicate, events.length);
});

test('an EventBridge notification whose key turns out to be form-encoded is read with the decoded key', async () => {
  const key = 'events/eventbridge/a b.ndjson';
  const object = await stack.put(BUCKET, key, JSON.stringify({ event: 'user.login', uid: 'eb-1', time: '2024-05-05T00:00:00Z', user: 'alice' }));
  await stack.sendRaw(JSON.stringify({
    version: '0', id: 'e-1', 'detail-type': 'Object Created', source: 'aws.s3', account: '111122223333', time: new Date().toISOString(),
    region: 'us-east-1', resources: [`arn:aws:s3:::${BUCKET}`],
    detail: { version: '0', bucket: { name: BUCKET }, object: { key: 'events/eventbridge/a+b.ndjson', size: object.size, etag: object.eTag, sequencer: '1' }, reason: 'PutObject' },
  }));
  const done = await objectByKey('events/eventbridge/a+b.ndjson', 'done');
  assert.equal(done.events.inserted, 1);
});
