import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMetrics, uuidv7, type FindingTransition } from '@tai/core';
import { createAwsClients, createS3Reconciler, type S3ReconcileDeps } from '@tai/worker';
import pino from 'pino';
import { monitorFindingHandler } from '../apps/worker/src/detections/monitor-alerts.js';
import { teleportParquet } from '../apps/worker/test/support/teleport-parquet.js';
import { setupApp, type TestApp } from './support/app.js';
import { REGION, startS3Stack, waitFor } from './support/s3-stack.js';

// The periodic listing of S3 sources' recent days against fauxqs: objects put without a notification are
// registered, ingested and reported as s3.objects_missing, which resolves on a later run once they were read.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:00 UTC tomorrow: a fixed hour of a fixed day, and later than every object written here by more than the
// notification grace, whose age is judged by the LastModified fauxqs stamps in real time.
const NOW = new Date(Math.ceil(Date.now() / DAY) * DAY + 10 * HOUR);
const TODAY = NOW.toISOString().slice(0, 10);
const YESTERDAY = new Date(NOW.getTime() - DAY).toISOString().slice(0, 10);
const BUCKET = 'acme-reconcile';
const silent = pino({ level: 'silent' });

// Warnings and errors a run logged: listing failures are logged, not thrown.
const logged: { level: string; msg: string; [k: string]: unknown }[] = [];
const log = {
  debug: () => undefined, info: () => undefined,
  warn: (obj: object, msg: string) => { logged.push({ level: 'warn', msg, ...obj }); },
  error: (obj: object, msg: string) => { logged.push({ level: 'error', msg, ...obj }); },
  child: () => log,
};

let t: TestApp;
let stack: Awaited<ReturnType<typeof startS3Stack>>;
let aws: ReturnType<typeof createAwsClients>;
let sourceA: string;

const createS3Source = async (call: TestApp['tenant']['call'], name: string, bucket: string) => {
  const res = await call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name, config: { bucket, prefix: 'events' } } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().source.id as string;
};

before(async () => {
  t = await setupApp();
  sourceA = await createS3Source(t.tenant.call, 'eas', BUCKET);
  stack = await startS3Stack({ repos: t.db.repos });
  stack.aws.createBucket(BUCKET);
  aws = createAwsClients({ region: REGION, endpoint: stack.aws.address });
});
after(async () => {
  aws.close();
  await stack.stop();
  await t.close();
});

const logins = (day: string, tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ event: 'user.login', code: 'T1000I', uid: `${tag}-${i}`, time: `${day}T09:00:${String(i).padStart(2, '0')}Z`, user: 'alice', success: true }));
const putEvents = (bucket: string, key: string, events: Record<string, unknown>[]) => stack.put(bucket, key, teleportParquet(events));

/** A reconciler over a test app's database (the stack's in-process runner reads its jobs for `t`'s). */
function reconciler({ app = t, ...over }: Partial<S3ReconcileDeps> & { app?: TestApp } = {}) {
  const reported: FindingTransition[] = [];
  const toAlert = monitorFindingHandler({ repo: app.db.repos.detectionEvaluation, log: silent, metrics: createMetrics(), now: () => NOW });
  const r = createS3Reconciler({
    repos: app.db.repos, aws, enqueue: stack.runner.enqueue, job: { attempts: 2, backoffMs: 200 }, days: 2,
    onTransition: async (f) => { reported.push(f); await toAlert(f); },
    ...over,
  });
  return { reported, ...r };
}

const objectsOf = async (tenantId: string, sourceId: string, app = t) =>
  (await app.db.owner.query('select id, key, status, via from ingested_objects where tenant_id = $1 and source_id = $2 order by key', [tenantId, sourceId])).rows as { id: string; key: string; status: string; via: string }[];
const findingsOf = async (tenantId: string) =>
  (await t.db.owner.query(`select source_id, subject, state, details from source_findings where tenant_id = $1 and kind = 's3.objects_missing' order by subject, opened_at`, [tenantId])).rows;
const eventCount = async (tenantId: string, sourceId: string) =>
  (await t.db.owner.query('select count(*)::int as n from teleport_audit_events where tenant_id = $1 and source_id = $2', [tenantId, sourceId])).rows[0].n as number;
const allRead = (tenantId: string, sourceId: string, n: number) =>
  waitFor(async () => { const rows = await objectsOf(tenantId, sourceId); return rows.length === n && rows.every((o) => o.status === 'done') ? rows : null; }, { what: `${n} objects to be read` });

test('objects never notified are registered, queued and ingested by one run, and their days open s3.objects_missing with the count, as alerts', async () => {
  const tenantId = t.tenant.tenantId;
  // One object arrives the usual way: notified, read. The reconcile must not count it.
  const notifiedKey = `events/${TODAY}/${uuidv7()}.parquet`;
  const notified = await putEvents(BUCKET, notifiedKey, logins(TODAY, 'n', 2));
  await stack.notifyViaSns([stack.s3Record(BUCKET, notifiedKey, notified)]);
  await allRead(tenantId, sourceA, 1);

  const lostYesterday = [`events/${YESTERDAY}/${uuidv7()}.parquet`, `events/${YESTERDAY}/${uuidv7()}.parquet`].sort();
  const lostToday = `events/${TODAY}/${uuidv7()}.parquet`;
  await putEvents(BUCKET, lostYesterday[0]!, logins(YESTERDAY, 'a', 3));
  await putEvents(BUCKET, lostYesterday[1]!, logins(YESTERDAY, 'b', 4));
  await putEvents(BUCKET, lostToday, logins(TODAY, 'c', 5));
  await stack.put(BUCKET, `events/${TODAY}/${uuidv7()}.tar`, 'a session recording, never an event object');
  await putEvents(BUCKET, `events/${new Date(NOW.getTime() - 2 * DAY).toISOString().slice(0, 10)}/${uuidv7()}.parquet`, logins(YESTERDAY, 'old', 1));

  const r = reconciler();
  const first = await r.runOnce(NOW, log);
  assert.deepEqual(logged.splice(0), []);
  assert.deepEqual(first.sources.map((s) => [s.sourceId, s.daysListed, s.error]), [[sourceA, [YESTERDAY, TODAY], null]]);
  assert.deepEqual(r.reported.map((f) => [f.kind, f.sourceId, f.subject, f.state, f.details]), [
    ['s3.objects_missing', sourceA, YESTERDAY, 'open', { day: YESTERDAY, missing: 2, sampleKeys: lostYesterday }],
    ['s3.objects_missing', sourceA, TODAY, 'open', { day: TODAY, missing: 1, sampleKeys: [lostToday] }],
  ]);
  assert.ok(r.reported.every((f) => f.tenantId === tenantId && f.at.getTime() === NOW.getTime()));

  const objects = await allRead(tenantId, sourceA, 4);
  assert.deepEqual(objects.filter((o) => o.via === 'backfill').map((o) => o.key).sort(), [...lostYesterday, lostToday].sort(), 'the recording and the day outside the window are not registered');
  assert.equal(await eventCount(tenantId, sourceA), 2 + 3 + 4 + 5);

  const alerts = (await t.db.owner.query(`select rule_id, status, severity, title from alerts where tenant_id = $1 and kind = 'monitor' order by title`, [tenantId])).rows;
  assert.deepEqual(alerts, [YESTERDAY, TODAY].map((day) => ({ rule_id: 'monitor-s3-objects-missing', status: 'open', severity: 'high', title: `S3 objects never ingested: ${day}` })));

  // A later run finds the objects registered and read: both days resolve, nothing is queued again.
  const second = await r.runOnce(new Date(NOW.getTime() + HOUR), log);
  assert.deepEqual(second.sources.flatMap((s) => s.transitions).map((f) => [f.subject, f.state]), [[YESTERDAY, 'resolved'], [TODAY, 'resolved']]);
  assert.deepEqual((await findingsOf(tenantId)).map((f) => [f.subject, f.state, f.details.missing]), [[YESTERDAY, 'resolved', 2], [TODAY, 'resolved', 1]]);
  assert.equal((await objectsOf(tenantId, sourceA)).length, 4);
  const third = await r.runOnce(new Date(NOW.getTime() + 2 * HOUR), log);
  assert.deepEqual(third.sources.flatMap((s) => s.transitions), [], 'a clean day stays quiet');
  const resolvedAlerts = (await t.db.owner.query(`select status from alerts where tenant_id = $1 and kind = 'monitor'`, [tenantId])).rows;
  assert.deepEqual(resolvedAlerts.map((a) => a.status), ['resolved', 'resolved']);
});

test('an open day stays open while the objects it queued are unread, and resolves once they are', async () => {
  // A database of its own, which no object worker reads: what the reconcile queues stays queued until the test says.
  const t2 = await setupApp();
  try {
    const tenantId = t2.tenant.tenantId;
    const bucket = 'acme-reconcile-pending';
    stack.aws.createBucket(bucket);
    const sourceId = await createS3Source(t2.tenant.call, 'pending', bucket);
    await putEvents(bucket, `events/${TODAY}/${uuidv7()}.parquet`, logins(TODAY, 'p', 2));
    const queued: string[] = [];
    const r = reconciler({ app: t2, enqueue: async (_queue, _data, opts) => { queued.push(opts.jobId); } });

    await r.runOnce(NOW, log);
    assert.deepEqual(r.reported.map((f) => [f.sourceId, f.subject, f.state, f.details.missing]), [[sourceId, TODAY, 'open', 1]]);
    assert.equal(queued.length, 1);
    const later = await r.runOnce(new Date(NOW.getTime() + HOUR), log);
    assert.deepEqual(later.sources.flatMap((s) => s.transitions), [], 'registered and still queued is pending, not missing, and not done either');
    const [object] = await objectsOf(tenantId, sourceId, t2);
    assert.equal(object?.status, 'queued');
    assert.equal(queued.length, 2, 'the queued object was handed to the queue again (the same job id, so a no-op while it waits)');
    assert.equal(new Set(queued).size, 1);

    await t2.db.repos.ingestedObjects.finish({ tenantId, id: object.id, status: 'done', error: null, now: NOW });
    const done = await r.runOnce(new Date(NOW.getTime() + 2 * HOUR), log);
    assert.deepEqual(done.sources.flatMap((s) => s.transitions).map((f) => [f.sourceId, f.subject, f.state]), [[sourceId, TODAY, 'resolved']]);
    assert.deepEqual(logged.splice(0), []);
  } finally {
    await t2.close();
  }
});

test('an object younger than the notification grace is left for the next run, neither registered nor counted', async () => {
  const young = await t.newTenant('tenant-young');
  const tenantId = young.tenantId;
  const bucket = 'acme-reconcile-young';
  stack.aws.createBucket(bucket);
  const sourceId = await createS3Source(young.call, 'young', bucket);
  const now = new Date(Date.now() + 60_000);
  const key = `events/${now.toISOString().slice(0, 10)}/${uuidv7()}.parquet`;
  await putEvents(bucket, key, logins(TODAY, 'y', 1));
  const r = reconciler();
  const result = await r.runForTenant(tenantId, now, log);
  assert.deepEqual(result.sources.map((s) => [s.sourceId, s.error]), [[sourceId, null]]);
  assert.equal(r.reported.length, 0, 'nothing is reported');
  assert.deepEqual(await objectsOf(tenantId, sourceId), []);
  // Sixteen minutes on, past the grace, it is judged like any other.
  await r.runForTenant(tenantId, new Date(now.getTime() + 16 * 60_000), log);
  assert.deepEqual(r.reported.map((f) => [f.sourceId, f.details.missing]), [[sourceId, 1]]);
  await allRead(tenantId, sourceId, 1);
});

test('a day longer than a run\'s page budget resumes at its page on the next run and counts each missing object once', async () => {
  const paged = await t.newTenant('tenant-paged');
  const bucket = 'acme-reconcile-paged';
  stack.aws.createBucket(bucket);
  const sourceId = await createS3Source(paged.call, 'paged', bucket);
  for (const tag of ['x', 'y', 'z']) await putEvents(bucket, `events/${TODAY}/${uuidv7()}.parquet`, logins(TODAY, tag, 1));
  const r = reconciler({ pageSize: 1, pagesPerSource: 2, days: 1 });
  const first = await r.runForTenant(paged.tenantId, NOW, log);
  assert.deepEqual(first.sources.map((s) => s.daysListed), [[]], 'two pages of one object each: the day is not listed to its end');
  assert.equal(r.reported.length, 0, 'a day half listed reports nothing yet');
  assert.equal((await objectsOf(paged.tenantId, sourceId)).length, 2, 'what was listed is registered and queued already');
  const second = await r.runForTenant(paged.tenantId, NOW, log);
  assert.deepEqual(second.sources.map((s) => s.daysListed), [[TODAY]]);
  assert.deepEqual(r.reported.map((f) => [f.sourceId, f.subject, f.details.missing]), [[sourceId, TODAY, 3]]);
  await allRead(paged.tenantId, sourceId, 3);
  assert.deepEqual(logged.splice(0), []);
});

test('a bucket that cannot be listed is logged with its S3 error and does not stop the other sources', async () => {
  const other = await t.newTenant('tenant-unlistable');
  const broken = await createS3Source(other.call, 'gone', 'acme-no-such-bucket');
  const bucket = 'acme-reconcile-healthy';
  stack.aws.createBucket(bucket);
  const healthy = await createS3Source(other.call, 'healthy', bucket);
  await putEvents(bucket, `events/${TODAY}/${uuidv7()}.parquet`, logins(TODAY, 'h', 2));

  const r = reconciler();
  const result = await r.runForTenant(other.tenantId, NOW, log);
  const byId = new Map(result.sources.map((s) => [s.sourceId, s]));
  assert.match(byId.get(broken)?.error ?? '', /NoSuchBucket|NotFound|bucket/i);
  assert.deepEqual(byId.get(healthy)?.error, null);
  assert.deepEqual(r.reported.map((f) => [f.sourceId, f.subject, f.state]), [[healthy, TODAY, 'open']]);
  const warnings = logged.splice(0);
  assert.deepEqual(warnings.map((w) => [w.level, w.msg, w.sourceId, w.failures]), [['warn', 's3 reconcile listing failed', broken, 1]]);
  assert.match(String(warnings[0]!.error), /NoSuchBucket|NotFound|bucket/i);
  await allRead(other.tenantId, healthy, 1);
});

test("tenant isolation: tenant B's run on the same bucket registers only under B's source and never touches A's", async () => {
  const bucket = 'acme-shared-bucket';
  stack.aws.createBucket(bucket);
  const a = t.tenant;
  const b = await t.newTenant('tenant-b');
  const sourceOfA = await createS3Source(a.call, 'shared-a', bucket);
  const sourceOfB = await createS3Source(b.call, 'shared-b', bucket);
  const key = `events/${TODAY}/${uuidv7()}.parquet`;
  await putEvents(bucket, key, logins(TODAY, 's', 3));

  const r = reconciler();
  const runB = await r.runForTenant(b.tenantId, NOW, log);
  assert.deepEqual(runB.sources.map((s) => [s.tenantId, s.sourceId]), [[b.tenantId, sourceOfB]]);
  assert.deepEqual(r.reported.map((f) => [f.tenantId, f.sourceId, f.subject, f.state]), [[b.tenantId, sourceOfB, TODAY, 'open']]);
  await allRead(b.tenantId, sourceOfB, 1);
  assert.equal(await eventCount(b.tenantId, sourceOfB), 3);
  assert.deepEqual(await objectsOf(a.tenantId, sourceOfA), [], "A's source has no object B's run registered");
  assert.equal(await eventCount(a.tenantId, sourceOfA), 0);
  assert.deepEqual((await findingsOf(a.tenantId)).filter((f) => f.source_id === sourceOfA), []);
  const seenByB = await b.call({ method: 'GET', url: `/v1/sources/${sourceOfA}/objects` });
  assert.equal(seenByB.statusCode, 404, "B cannot see A's source at all");

  // A's own run then finds the object missing for A, and changes nothing of B's.
  const runA = await r.runForTenant(a.tenantId, NOW, log);
  assert.ok(runA.sources.every((s) => s.tenantId === a.tenantId));
  assert.deepEqual(r.reported.slice(1).map((f) => [f.tenantId, f.sourceId, f.subject, f.state, f.details.missing]), [[a.tenantId, sourceOfA, TODAY, 'open', 1]]);
  await allRead(a.tenantId, sourceOfA, 1);
  assert.deepEqual((await findingsOf(b.tenantId)).map((f) => [f.source_id, f.state]), [[sourceOfB, 'open']]);
  assert.deepEqual(logged.splice(0), []);
});
