import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createBullmqRunner, createInProcessRunner, ensurePartitionsJob } from '@tai/worker';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_REDIS_URL } from './support/env.js';

const logger = pino({ level: 'silent' });
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

async function partitionsFor(months: string[]): Promise<string[]> {
  const names = months.map((m) => `teleport_audit_events_${m.replace('-', '')}`);
  const { rows } = await db.owner.query<{ relname: string }>('select relname from pg_class where relname = any($1) order by relname', [names]);
  return rows.map((r) => r.relname);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('without Redis the maintenance job runs in-process at start and creates the partitions ahead', async () => {
  const runner = createInProcessRunner({ logger });
  const now = () => new Date('2030-05-10T00:00:00Z');
  await runner.scheduleRecurring(ensurePartitionsJob({ auditEvents: db.repos.auditEvents, everyMs: 60_000, now }));
  await runner.close(); // waits for the run in flight
  assert.deepEqual(await partitionsFor(['2030-05', '2030-06', '2030-07', '2030-08']), [
    'teleport_audit_events_203005', 'teleport_audit_events_203006', 'teleport_audit_events_203007', 'teleport_audit_events_203008',
  ]);
});

test('with Redis the maintenance job runs through BullMQ and its schedule is declared once', async () => {
  const prefix = `tai-test-${randomBytes(4).toString('hex')}`;
  const runner = createBullmqRunner({ redisUrl: TEST_REDIS_URL, logger, prefix });
  const now = () => new Date('2031-01-10T00:00:00Z');
  const job = ensurePartitionsJob({ auditEvents: db.repos.auditEvents, everyMs: 3_600_000, now });
  try {
    await runner.scheduleRecurring(job);
    await runner.scheduleRecurring(job); // a second worker process declaring the same schedule
    await waitFor(async () => (await partitionsFor(['2031-01', '2031-04'])).length === 2);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const schedulers = await redis.zcard(`${prefix}:maintenance:repeat`);
      assert.equal(schedulers, 1);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  } finally {
    await runner.close();
  }
});

for (const kind of ['in-process', 'bullmq'] as const) {
  test(`${kind}: queued jobs run once per job id, retry with backoff and report the attempt`, async () => {
    const prefix = `tai-test-${randomBytes(4).toString('hex')}`;
    const runner = kind === 'bullmq' ? createBullmqRunner({ redisUrl: TEST_REDIS_URL, logger, prefix }) : createInProcessRunner({ logger });
    const seen: { objectId: string; attempt: number; maxAttempts: number }[] = [];
    try {
      runner.process('s3-object', async (data, ctx) => {
        seen.push({ objectId: data.objectId, attempt: ctx.attempt, maxAttempts: ctx.maxAttempts });
        if (data.objectId === 'flaky' && ctx.attempt === 1) throw new Error('transient');
      }, { concurrency: 2 });
      const data = (objectId: string) => ({ tenantId: 't', sourceId: 's', objectId });
      await runner.enqueue('s3-object', data('steady'), { jobId: 'job-steady', attempts: 3, backoffMs: 50 });
      await runner.enqueue('s3-object', data('steady'), { jobId: 'job-steady', attempts: 3, backoffMs: 50 });
      await runner.enqueue('s3-object', data('flaky'), { jobId: 'job-flaky', attempts: 3, backoffMs: 50 });
      await waitFor(async () => seen.filter((s) => s.objectId === 'flaky').length === 2);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(seen.filter((s) => s.objectId === 'steady').length, 1, 'a duplicate job id adds nothing');
      assert.deepEqual(seen.filter((s) => s.objectId === 'flaky').map((s) => [s.attempt, s.maxAttempts]), [[1, 3], [2, 3]]);
    } finally {
      await runner.close();
      if (kind === 'bullmq') {
        const redis = new Redis(TEST_REDIS_URL);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    }
  });
}

for (const kind of ['in-process', 'bullmq'] as const) {
  test(`${kind}: counts report each queue's waiting, running and retry-delayed jobs (the job queue depth metric)`, async () => {
    const prefix = `tai-test-${randomBytes(4).toString('hex')}`;
    const runner = kind === 'bullmq' ? createBullmqRunner({ redisUrl: TEST_REDIS_URL, logger, prefix }) : createInProcessRunner({ logger });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const s3Counts = async () => (await runner.counts()).find((c) => c.queue === 's3-object');
    try {
      runner.process('s3-object', async (data) => {
        if (data.objectId === 'fails') throw new Error('transient');
        if (data.objectId === 'holds') await gate;
      }, { concurrency: 1 });
      const data = (objectId: string) => ({ tenantId: 't', sourceId: 's', objectId });
      await runner.enqueue('s3-object', data('fails'), { jobId: 'job-fails', attempts: 2, backoffMs: 600_000 });
      await waitFor(async () => (await s3Counts())?.delayed === 1);
      await runner.enqueue('s3-object', data('holds'), { jobId: 'job-holds', attempts: 1, backoffMs: 50 });
      await waitFor(async () => (await s3Counts())?.active === 1);
      await runner.enqueue('s3-object', data('waits'), { jobId: 'job-waits', attempts: 1, backoffMs: 50 });
      await waitFor(async () => (await s3Counts())?.waiting === 1);
      assert.deepEqual(await s3Counts(), { queue: 's3-object', waiting: 1, active: 1, delayed: 1 });
      release();
      await waitFor(async () => { const c = await s3Counts(); return c?.active === 0 && c.waiting === 0; });
    } finally {
      release();
      await runner.close();
      if (kind === 'bullmq') {
        const redis = new Redis(TEST_REDIS_URL);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    }
  });
}
