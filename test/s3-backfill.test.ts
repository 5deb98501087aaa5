import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { uuidv7 } from '@tai/core';
import { backfillJob, createAwsClients } from '@tai/worker';
import { teleportParquet } from '../apps/worker/test/support/teleport-parquet.js';
import { callerFor, setupApp, type Caller, type TestApp } from './support/app.js';
import { REGION, startS3Stack, waitFor } from './support/s3-stack.js';

const BUCKET = 'acme-longterm-backfill';

let t: TestApp;
let stack: Awaited<ReturnType<typeof startS3Stack>>;
let sourceId: string;
let reader: Caller;

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas', config: { bucket: BUCKET, prefix: 'events' } } });
  assert.equal(res.statusCode, 201, res.body);
  sourceId = res.json().source.id;
  const key = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'dashboards', role: 'reader' } });
  reader = callerFor(t.app, key.json().secret);
  stack = await startS3Stack({ repos: t.db.repos });
  stack.aws.createBucket(BUCKET);
});
after(async () => {
  await stack.stop();
  await t.close();
});

type RunView = { id: string; status: string; from: string | null; to: string | null; prefix: string | null; lastError: string | null; objects: { listed: number; queued: number; skipped: number }; progress: { prefixesTotal: number; prefixesDone: number; currentPrefix: string | null } };
type ObjectView = { key: string; status: string; via: string };

const logins = (day: string, tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ event: 'user.login', code: 'T1000I', uid: `${tag}-${i}`, time: `${day}T10:00:${String(i).padStart(2, '0')}Z`, user: 'alice', success: true }));
const putEvents = (key: string, events: Record<string, unknown>[]) => stack.put(BUCKET, key, teleportParquet(events));

const startBackfill = async (body: Record<string, unknown>): Promise<RunView> => {
  const res = await t.tenant.call({ method: 'POST', url: `/v1/sources/${sourceId}/backfill`, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
};
const finished = (runId: string) => waitFor(async () => {
  const run = (await reader({ method: 'GET', url: `/v1/sources/${sourceId}/backfills/${runId}` })).json() as RunView;
  return run.status === 'done' || run.status === 'failed' ? run : null;
}, { what: `backfill ${runId} to finish` });
const objects = async (): Promise<ObjectView[]> => (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}/objects?limit=1000` })).json().data;
const searchCount = async () => (await t.tenant.call({ method: 'GET', url: `/v1/events?source_id=${sourceId}&limit=1000` })).json().data.length as number;

const day1 = [`events/2024-05-01/${uuidv7()}.parquet`, `events/2024-05-01/${uuidv7()}.parquet`];
const day2 = `events/2024-05-02/${uuidv7()}.parquet`;
const recording = `events/2024-05-02/${uuidv7()}.tar`;
const later = `events/2024-05-03/${uuidv7()}.parquet`;
const elsewhere = `other/2024-05-01/${uuidv7()}.parquet`;

test('a date-range backfill lists the EAS folders of those dates and ingests their objects, without any notification', async () => {
  await putEvents(day1[0]!, logins('2024-05-01', 'a', 5));
  await putEvents(day1[1]!, logins('2024-05-01', 'b', 3));
  await putEvents(day2, logins('2024-05-02', 'c', 4));
  await stack.put(BUCKET, recording, 'protobuf session stream');
  await putEvents(later, logins('2024-05-03', 'd', 2));
  await putEvents(elsewhere, logins('2024-05-01', 'e', 2));

  const created = await startBackfill({ from: '2024-05-01', to: '2024-05-02' });
  assert.equal(created.status, 'queued');
  assert.deepEqual(created.progress, { prefixesTotal: 2, prefixesDone: 0, currentPrefix: null });

  const run = await finished(created.id);
  assert.equal(run.status, 'done', run.lastError ?? '');
  assert.deepEqual(run.objects, { listed: 4, queued: 3, skipped: 1 }, 'the recording is listed but skipped');
  assert.deepEqual(run.progress, { prefixesTotal: 2, prefixesDone: 2, currentPrefix: null });

  await waitFor(async () => (await objects()).filter((o) => o.status === 'done').length === 3, { what: 'the three objects to be read' });
  const seen = await objects();
  assert.deepEqual(seen.map((o) => o.key).sort(), [...day1, day2].sort(), 'nothing outside the range or the filter is registered');
  assert.ok(seen.every((o) => o.via === 'backfill'));
  assert.equal(await searchCount(), 12);
});

test('the same backfill again queues nothing: every listed object is already done', async () => {
  const before = (await objects()).length;
  const run = await finished((await startBackfill({ from: '2024-05-01', to: '2024-05-02' })).id);
  assert.equal(run.status, 'done');
  assert.deepEqual(run.objects, { listed: 4, queued: 0, skipped: 4 });
  assert.equal((await objects()).length, before);
  assert.equal(await searchCount(), 12);
});

test('a prefix backfill, and a whole-source backfill that stays inside the source prefix', async () => {
  const byPrefix = await startBackfill({ prefix: 'events/2024-05-03' });
  assert.equal(byPrefix.prefix, 'events/2024-05-03');
  assert.deepEqual((await finished(byPrefix.id)).objects, { listed: 1, queued: 1, skipped: 0 });
  await waitFor(async () => (await objects()).find((o) => o.key === later && o.status === 'done'), { what: 'the later object to be read' });
  assert.equal(await searchCount(), 14);

  const whole = await finished((await startBackfill({})).id);
  assert.deepEqual(whole.objects, { listed: 5, queued: 0, skipped: 5 }, `${elsewhere} lies outside the source prefix and is never listed`);
  assert.deepEqual(whole.progress, { prefixesTotal: 1, prefixesDone: 1, currentPrefix: null });

  const list = (await reader({ method: 'GET', url: `/v1/sources/${sourceId}/backfills` })).json().data as RunView[];
  assert.deepEqual(list.map((r) => r.id)[0], whole.id, 'newest first');
  assert.equal(list.length, 4);
  const log = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=10' })).json().data as { action: string; target: { id: string } }[];
  assert.ok(log.some((e) => e.action === 'source.backfill' && e.target.id === whole.id), 'backfills are audited');
});

test('bad requests are refused with a reason, webhook sources with 409, reader keys with 403', async () => {
  const post = (payload: unknown, id = sourceId, call = t.tenant.call) => call({ method: 'POST', url: `/v1/sources/${id}/backfill`, payload: payload as Record<string, unknown> });
  const refusals: [unknown, RegExp][] = [
    [{ from: '2024-05-02', to: '2024-05-01' }, /before from/],
    [{ from: '2023-01-01', to: '2024-05-01' }, /covers 487 days/],
    [{ prefix: 'logs/2024' }, /under the source's prefix "events\/"/],
    [{ prefix: 'events/', from: '2024-05-01', to: '2024-05-01' }, /not both/],
    [{ from: '2024-05-01' }, /to is missing/],
    [{ from: '2024-02-30', to: '2024-03-01' }, /not a calendar date/],
    [{ since: '2024-05-01' }, /since|additional/],
  ];
  for (const [payload, message] of refusals) {
    const res = await post(payload);
    assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
    assert.equal(res.json().error.code, 'request.invalid');
    assert.match(res.json().error.message, message);
  }
  const webhook = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'hook' } });
  assert.equal((await post({}, webhook.json().source.id)).statusCode, 409);
  assert.equal((await post({}, uuidv7())).statusCode, 404);
  const denied = await post({}, sourceId, reader);
  assert.equal(denied.statusCode, 403);
  assert.equal((await reader({ method: 'GET', url: `/v1/sources/${sourceId}/backfills/${uuidv7()}` })).statusCode, 404);
  const other = await t.newTenant('tenant-b');
  assert.equal((await other.call({ method: 'GET', url: `/v1/sources/${sourceId}/backfills` })).statusCode, 404, 'another tenant sees no such source');
});

const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };

test('an interrupted listing resumes from its saved page and counts each object once; a bucket that stays unlistable fails the run', async () => {
  // A database of its own with no worker running, so this test alone drives the job, page by page.
  const t2 = await setupApp();
  const aws = createAwsClients({ region: REGION, endpoint: stack.aws.address });
  try {
    const bucket = 'acme-resume';
    stack.aws.createBucket(bucket);
    for (let i = 0; i < 5; i++) await stack.put(bucket, `events/2024-07-01/${uuidv7()}.parquet`, `object ${i}`);
    const create = (name: string, b: string) => t2.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name, config: { bucket: b, prefix: 'events' } } });
    const id = (await create('resume', bucket)).json().source.id as string;
    const runId = (await t2.tenant.call({ method: 'POST', url: `/v1/sources/${id}/backfill`, payload: { from: '2024-07-01', to: '2024-07-01' } })).json().id as string;
    const runOf = (source: string, run: string) => t2.db.repos.backfillRuns.get({ tenantId: t2.tenant.tenantId, sourceId: source, id: run });

    const jobIds = new Set<string>();
    let enqueueLimit = 3;
    const job = backfillJob({
      repos: t2.db.repos, aws, job: { attempts: 1, backoffMs: 1 }, now: () => new Date(), pageSize: 2,
      enqueue: async (_queue, _data, opts) => {
        if (jobIds.size >= enqueueLimit) throw new Error('redis went away');
        jobIds.add(opts.jobId);
      },
    });
    await assert.rejects(job.handle(job.data, quiet), /redis went away/);
    const stopped = await runOf(id, runId);
    assert.equal(stopped?.status, 'listing');
    assert.equal(stopped?.objectsListed, 2, 'only the first page was recorded');
    assert.ok(stopped?.continuation?.token, 'the position names the next page');

    enqueueLimit = Infinity;
    await job.handle(job.data, quiet);
    const done = await runOf(id, runId);
    assert.equal(done?.status, 'done');
    assert.deepEqual([done?.objectsListed, done?.objectsQueued, done?.objectsSkipped], [5, 5, 0]);
    assert.equal(jobIds.size, 5);

    const missing = (await create('missing-bucket', 'acme-no-such-bucket')).json().source.id as string;
    const failingId = (await t2.tenant.call({ method: 'POST', url: `/v1/sources/${missing}/backfill`, payload: {} })).json().id as string;
    for (let tick = 1; tick <= 4; tick++) await job.handle(job.data, quiet);
    assert.equal((await runOf(missing, failingId))?.status, 'listing', 'a few failures are tolerated');
    await job.handle(job.data, quiet);
    const failed = await runOf(missing, failingId);
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.lastError ?? '', /NoSuchBucket|NotFound|bucket/i);
  } finally {
    aws.close();
    await t2.close();
  }
});

test('deleting a source deletes its backfills with it', async () => {
  const res = await t.tenant.call({ method: 'DELETE', url: `/v1/sources/${sourceId}` });
  assert.equal(res.statusCode, 204, res.body);
  const { rows } = await t.db.owner.query('select count(*)::int as n from backfill_runs where source_id = $1', [sourceId]);
  assert.equal(rows[0].n, 0);
});
