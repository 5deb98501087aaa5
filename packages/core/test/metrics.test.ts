import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '../src/metrics/metrics.js';
import { metricsScrapeAllowed } from '../src/metrics/metrics-auth.js';
import { REJECT_REASON_LABELS, rejectReasonLabel } from '../src/metrics/reject-reason-label.js';

const owner = { tenantId: '0197a000-0000-7000-8000-000000000001', sourceId: '0197a000-0000-7000-8000-000000000002' };
const lines = async (metrics: ReturnType<typeof createMetrics>, name: string) =>
  (await metrics.exposition()).body.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

test('known reject reason codes are labels as they are; anything else is "other"', () => {
  assert.equal(rejectReasonLabel('body.invalid_json'), 'body.invalid_json');
  assert.equal(rejectReasonLabel('event.rejected_by_database'), 'event.rejected_by_database');
  assert.equal(rejectReasonLabel('notification.unreadable'), 'notification.unreadable');
  assert.equal(rejectReasonLabel('expected <time>\\t<tag>'), 'other');
  assert.equal(rejectReasonLabel('constructor'), 'other', 'no prototype keys');
  assert.ok(REJECT_REASON_LABELS.includes('other'));
});

test('without a token every scrape is allowed; with one only its Bearer header', () => {
  assert.equal(metricsScrapeAllowed({ authorization: undefined, token: null }), true);
  const token = 'f'.repeat(32);
  assert.equal(metricsScrapeAllowed({ authorization: `Bearer ${token}`, token }), true);
  assert.equal(metricsScrapeAllowed({ authorization: `bearer ${token}`, token }), true);
  assert.equal(metricsScrapeAllowed({ authorization: undefined, token }), false);
  assert.equal(metricsScrapeAllowed({ authorization: `Bearer ${token}x`, token }), false);
  assert.equal(metricsScrapeAllowed({ authorization: `Basic ${token}`, token }), false);
});

test('per-source counters carry no tenant or source label unless opted in', async () => {
  const plain = createMetrics();
  plain.ingest.events({ path: 'webhook', owner, stored: 3, duplicates: 1 });
  plain.ingest.rejects({ path: 'webhook', owner, reasons: ['body.invalid_json', 'made up'] });
  assert.deepEqual(await lines(plain, 'tai_ingest_events_total'), [
    'tai_ingest_events_total{path="webhook",outcome="stored"} 3',
    'tai_ingest_events_total{path="webhook",outcome="duplicate"} 1',
  ]);
  assert.deepEqual(await lines(plain, 'tai_ingest_rejects_total'), [
    'tai_ingest_rejects_total{path="webhook",reason="body.invalid_json"} 1',
    'tai_ingest_rejects_total{path="webhook",reason="other"} 1',
  ]);

  const labelled = createMetrics({ tenantLabels: true });
  labelled.ingest.events({ path: 's3', owner, stored: 2, duplicates: 0 });
  labelled.ingest.rejects({ path: 's3', owner: null, reasons: ['notification.unreadable'] });
  assert.deepEqual(await lines(labelled, 'tai_ingest_events_total'), [
    `tai_ingest_events_total{path="s3",outcome="stored",tenant_id="${owner.tenantId}",source_id="${owner.sourceId}"} 2`,
  ]);
  assert.deepEqual(await lines(labelled, 'tai_ingest_rejects_total'), [
    'tai_ingest_rejects_total{path="s3",reason="notification.unreadable",tenant_id="",source_id=""} 1',
  ]);
});

test('scrape-time gauges read their sources when scraped and forget them once unwatched', async () => {
  const metrics = createMetrics();
  const pool = { totalCount: 4, idleCount: 1, waitingCount: 2, options: { max: 10 } };
  const unwatchPool = metrics.watch.dbPool('api', pool);
  let pending = 7;
  metrics.watch.writer(() => ({ pendingRows: pending, inFlight: 1 }));
  metrics.watch.memoryBudget({ total: 1024, inUse: () => 256 });
  assert.deepEqual(await lines(metrics, 'tai_db_pool_connections'), ['tai_db_pool_connections{pool="api",state="total"} 4', 'tai_db_pool_connections{pool="api",state="idle"} 1']);
  assert.deepEqual(await lines(metrics, 'tai_db_pool_waiting_clients'), ['tai_db_pool_waiting_clients{pool="api"} 2']);
  assert.deepEqual(await lines(metrics, 'tai_ingest_writer_pending_events'), ['tai_ingest_writer_pending_events 7']);
  assert.deepEqual(await lines(metrics, 'tai_ingest_memory_budget_in_use_bytes'), ['tai_ingest_memory_budget_in_use_bytes 256']);
  assert.deepEqual(await lines(metrics, 'tai_ingest_memory_budget_limit_bytes'), ['tai_ingest_memory_budget_limit_bytes 1024']);

  pending = 0;
  pool.totalCount = 5;
  assert.deepEqual(await lines(metrics, 'tai_ingest_writer_pending_events'), ['tai_ingest_writer_pending_events 0']);
  assert.deepEqual((await lines(metrics, 'tai_db_pool_connections'))[0], 'tai_db_pool_connections{pool="api",state="total"} 5');
  unwatchPool();
  assert.deepEqual(await lines(metrics, 'tai_db_pool_connections'), []);
});

test('a job-count read that hangs or fails leaves its queues out instead of holding or failing the scrape', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const metrics = createMetrics();
  metrics.watch.jobQueues(async () => [{ queue: 's3-object', waiting: 3, active: 2, delayed: 1 }]);
  metrics.watch.jobQueues(() => Promise.reject(new Error('redis down')));
  metrics.watch.jobQueues(() => new Promise(() => undefined));
  const scrape = lines(metrics, 'tai_job_queue_jobs');
  await new Promise((resolve) => setImmediate(resolve));
  t.mock.timers.tick(2_000);
  assert.deepEqual(await scrape, [
    'tai_job_queue_jobs{queue="s3-object",state="waiting"} 3',
    'tai_job_queue_jobs{queue="s3-object",state="active"} 2',
    'tai_job_queue_jobs{queue="s3-object",state="delayed"} 1',
  ]);
});

test('the oldest SQS message age is the largest of the pollers\' latest receives, and 0 after an empty one', async () => {
  const metrics = createMetrics();
  const now = new Date('2026-01-01T00:10:00Z');
  const a = metrics.sqs.poller('source');
  const b = metrics.sqs.poller('source');
  a.received([new Date('2026-01-01T00:09:30Z'), new Date('2026-01-01T00:08:00Z'), null], now);
  b.received([new Date('2026-01-01T00:09:59Z')], now);
  a.deleted();
  assert.deepEqual(await lines(metrics, 'tai_sqs_oldest_message_age_seconds'), ['tai_sqs_oldest_message_age_seconds{queue="source"} 120']);
  assert.deepEqual(await lines(metrics, 'tai_sqs_messages_received_total'), ['tai_sqs_messages_received_total{queue="source"} 4']);
  assert.deepEqual(await lines(metrics, 'tai_sqs_messages_deleted_total'), ['tai_sqs_messages_deleted_total{queue="source"} 1']);
  a.received([], now);
  assert.deepEqual(await lines(metrics, 'tai_sqs_oldest_message_age_seconds'), ['tai_sqs_oldest_message_age_seconds{queue="source"} 1']);
  b.close();
  a.close();
  assert.deepEqual(await lines(metrics, 'tai_sqs_oldest_message_age_seconds'), []);
});

test('an object counts as in flight until its end is called, once', async () => {
  const metrics = createMetrics();
  const end = metrics.s3.objectStarted();
  metrics.s3.objectStarted();
  assert.deepEqual(await lines(metrics, 'tai_s3_objects_in_flight'), ['tai_s3_objects_in_flight 2']);
  end();
  end();
  assert.deepEqual(await lines(metrics, 'tai_s3_objects_in_flight'), ['tai_s3_objects_in_flight 1']);
});

test('process metrics come with the tai_ prefix, only when asked for', async () => {
  assert.match((await createMetrics({ processMetrics: true }).exposition()).body, /^tai_process_resident_memory_bytes \d+/m);
  assert.doesNotMatch((await createMetrics().exposition()).body, /process_resident_memory_bytes/);
});
