import assert from 'node:assert/strict';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { after, before, test } from 'node:test';
import { buildApp, createTenantWithAdminKey, loadApiConfig } from '@tai/api';
import { createMetrics } from '@tai/core';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@tai/worker';
import type { FastifyInstance } from 'fastify';
import { startFauxqs } from 'fauxqs';
import pino from 'pino';
import { callerFor, type Caller } from './support/app.js';
import { loadCorpusFile } from './support/corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { parseExposition, sampleValue } from './support/exposition.js';
import { formEncodeKey, REGION, waitFor } from './support/s3-stack.js';

const METRICS_TOKEN = 'metrics-test-token-0123456789abcdef';

let db: TestDatabase;
const apps: FastifyInstance[] = [];

before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await db.drop();
});

/** The real app, configured from env-style variables, with the process's metrics as the composition root makes them. */
async function apiWith(env: Record<string, string> = {}) {
  const config = loadApiConfig({ DATABASE_URL: db.url, ...env });
  const metrics = createMetrics({ tenantLabels: config.metrics.tenantLabels, processMetrics: true });
  metrics.watch.dbPool('api', db.client.pool);
  const app = await buildApp({ config, logger: pino({ level: 'silent' }), repos: db.repos, pingDatabase: db.client.ping, metrics });
  await app.ready();
  apps.push(app);
  const created = await createTenantWithAdminKey(db.repos, { name: `metrics-${apps.length}` });
  return { app, tenantId: created.tenantId, call: callerFor(app, created.apiKey) };
}

async function webhookSource(call: Caller) {
  const res = await call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod' } });
  assert.equal(res.statusCode, 201, res.body);
  return { token: res.json().webhook.token as string, sourceId: res.json().source.id as string };
}

const post = (app: FastifyInstance, token: string, body: string) =>
  app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/events.log`, payload: body, headers: { 'content-type': 'application/json' } });

const scrape = async (app: FastifyInstance, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers });
  assert.equal(res.statusCode, 200, res.body);
  return res;
};

const API_METRICS = [
  'tai_ingest_events_total', 'tai_ingest_rejects_total', 'tai_http_request_duration_seconds_bucket', 'tai_ingest_batch_events_bucket',
  'tai_ingest_batch_commit_duration_seconds_bucket', 'tai_ingest_writer_pending_events', 'tai_ingest_writer_batches_in_flight',
  'tai_ingest_memory_budget_in_use_bytes', 'tai_ingest_memory_budget_limit_bytes', 'tai_db_pool_connections', 'tai_db_pool_waiting_clients',
  'tai_process_resident_memory_bytes', 'tai_nodejs_eventloop_lag_seconds',
];

test('a scrape counts webhook events as stored or duplicate and quarantined input by reason, under the route pattern', async () => {
  const { app, call } = await apiWith();
  const { token } = await webhookSource(call);
  const events = loadCorpusFile('teleport-events-test.ndjson').slice(0, 3).map((l) => l.event);
  for (const event of events) assert.equal((await post(app, token, JSON.stringify(event))).statusCode, 200);
  assert.equal((await post(app, token, JSON.stringify(events[0]))).headers['x-ingest-duplicates'], '1');
  assert.equal((await post(app, token, '{"event": "user.login", "uid": ')).headers['x-ingest-quarantined'], '1');
  assert.equal((await app.inject({ method: 'POST', url: '/no/such/route' })).statusCode, 404);

  const res = await scrape(app);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const samples = parseExposition(res.body);
  for (const name of API_METRICS) assert.ok(samples.some((s) => s.name === name), `${name} is exposed`);
  assert.equal(sampleValue(samples, 'tai_ingest_events_total', { path: 'webhook', outcome: 'stored' }), 3);
  assert.equal(sampleValue(samples, 'tai_ingest_events_total', { path: 'webhook', outcome: 'duplicate' }), 1);
  assert.equal(sampleValue(samples, 'tai_ingest_rejects_total', { path: 'webhook', reason: 'body.invalid_json' }), 1);
  assert.equal(sampleValue(samples, 'tai_ingest_batch_events_count', { path: 'webhook' }), 4, 'one batch per request here');
  assert.equal(sampleValue(samples, 'tai_ingest_memory_budget_limit_bytes', {}), loadApiConfig({ DATABASE_URL: db.url }).ingest.memoryBudgetBytes);
  assert.equal(sampleValue(samples, 'tai_ingest_writer_pending_events', {}), 0);
  assert.ok(sampleValue(samples, 'tai_db_pool_connections', { pool: 'api', state: 'total' })! >= 1);

  const routes = new Set(samples.filter((s) => s.name === 'tai_http_request_duration_seconds_count').map((s) => s.labels.route));
  assert.ok(routes.has('/v1/ingest/teleport/*'));
  assert.ok(routes.has('/v1/sources'));
  assert.ok(routes.has('unmatched'));
  assert.equal(sampleValue(samples, 'tai_http_request_duration_seconds_count', { method: 'POST', route: '/v1/ingest/teleport/*', status: '200' }), 5);
  assert.ok(!res.body.includes(token), 'no webhook token in any label');
  assert.ok(!res.body.includes('tenant_id'), 'no tenant labels by default');
});

test('/metrics is open without METRICS_TOKEN and outside the OpenAPI document', async () => {
  const { app } = await apiWith();
  await scrape(app);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  assert.ok(Object.keys(doc.paths).length > 10);
  assert.ok(!('/metrics' in doc.paths));
});

test('with METRICS_TOKEN set, a scrape needs it as a Bearer token', async () => {
  const { app, call } = await apiWith({ METRICS_TOKEN });
  const missing = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(missing.statusCode, 401);
  assert.equal(missing.json().error.code, 'metrics.unauthorized');
  assert.equal(missing.headers['www-authenticate'], 'Bearer realm="metrics"');
  assert.equal((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).statusCode, 401);
  assert.equal((await call({ method: 'GET', url: '/metrics' })).statusCode, 401, 'an API key is not the metrics token');
  assert.match((await scrape(app, { authorization: `Bearer ${METRICS_TOKEN}` })).body, /^# HELP tai_/m);
});

test('with METRICS_TENANT_LABELS=true per-source counters name the tenant and source', async () => {
  const { app, call, tenantId } = await apiWith({ METRICS_TENANT_LABELS: 'true' });
  const { token, sourceId } = await webhookSource(call);
  assert.equal((await post(app, token, JSON.stringify(loadCorpusFile('panther-teleport.ndjson')[0]!.event))).statusCode, 200);
  const samples = parseExposition((await scrape(app)).body);
  assert.equal(sampleValue(samples, 'tai_ingest_events_total', { path: 'webhook', outcome: 'stored', tenant_id: tenantId, source_id: sourceId }), 1);
  const http = samples.filter((s) => s.name === 'tai_http_request_duration_seconds_count');
  assert.ok(http.length > 0 && http.every((s) => !('tenant_id' in s.labels)), 'request latency never carries tenant labels');
});

test('the worker serves its SQS, object, job and pool metrics on METRICS_PORT', async () => {
  const { call } = await apiWith();
  const bucket = 'acme-metrics-audit';
  const created = await call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas', config: { bucket: `arn:aws:s3:::${bucket}`, prefix: 'events' } } });
  assert.equal(created.statusCode, 201, created.body);
  const sourceId = created.json().source.id as string;

  const aws = await startFauxqs({ port: 0, logger: false });
  const { queueUrl } = aws.createQueue('metrics-ingest', { attributes: { VisibilityTimeout: '30' } });
  aws.createBucket(bucket);
  const clientConfig = { region: REGION, endpoint: aws.address, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client(clientConfig);
  const sqs = new SQSClient(clientConfig);
  let worker: RunningWorker | null = null;
  try {
    worker = await startWorker({
      config: loadWorkerConfig({
        DATABASE_URL: db.url, AWS_REGION: REGION, AWS_ENDPOINT_URL: aws.address, S3_INGEST_QUEUE_URL: queueUrl, SQS_WAIT_SECONDS: '1',
        METRICS_PORT: '0', METRICS_TOKEN,
      }),
      logger: pino({ level: 'silent' }),
    });
    const events = loadCorpusFile('panther-teleport.ndjson').slice(0, 5).map((l) => JSON.stringify(l.event));
    const key = 'events/2024-05-01/metrics 1.json';
    const body = events.join('\n');
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ Records: [{
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: REGION, eventTime: new Date().toISOString(), eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: formEncodeKey(key), size: Buffer.byteLength(body), eTag: put.ETag!.replaceAll('"', '') } },
    }] }) }));
    const [object] = await waitFor(async () => {
      const done = (await call({ method: 'GET', url: `/v1/sources/${sourceId}/objects?status=done` })).json().data as { events: { inserted: number; duplicate: number } }[];
      return done.length === 1 ? done : null;
    }, { what: 'the object to be read' });

    const url = worker.metricsUrl!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url.replace('/metrics', '/other'))).status, 404);
    const res = await waitFor(async () => {
      const r = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const samples = parseExposition(await r.text());
      // The message is deleted right after its object is queued, which may be a moment after the read finished.
      return sampleValue(samples, 'tai_sqs_messages_deleted_total', { queue: 'service' }) === 1 ? { r, samples } : null;
    }, { what: 'the message deletion to be counted' });
    assert.match(String(res.r.headers.get('content-type')), /^text\/plain/);
    const { samples } = res;
    assert.ok(sampleValue(samples, 'tai_sqs_messages_received_total', { queue: 'service' })! >= 1);
    assert.ok(sampleValue(samples, 'tai_sqs_oldest_message_age_seconds', { queue: 'service' })! >= 0);
    assert.equal(sampleValue(samples, 'tai_s3_objects_total', { status: 'done' }), 1);
    assert.equal(sampleValue(samples, 'tai_s3_objects_in_flight', {}), 0);
    assert.equal(sampleValue(samples, 'tai_ingest_events_total', { path: 's3', outcome: 'stored' }), object!.events.inserted);
    assert.equal(sampleValue(samples, 'tai_ingest_events_total', { path: 's3', outcome: 'duplicate' }), object!.events.duplicate || null);
    assert.equal(object!.events.inserted + object!.events.duplicate, events.length);
    assert.equal(sampleValue(samples, 'tai_ingest_batch_events_sum', { path: 's3' }), events.length);
    for (const state of ['waiting', 'active', 'delayed']) assert.equal(sampleValue(samples, 'tai_job_queue_jobs', { queue: 's3-object', state }), 0, state);
    assert.ok(sampleValue(samples, 'tai_db_pool_max_connections', { pool: 'worker' })! >= 1);
    assert.ok(samples.some((s) => s.name === 'tai_process_resident_memory_bytes'));
    assert.ok(!samples.some((s) => s.name === 'tai_http_request_duration_seconds_count'), 'the worker serves no API');
  } finally {
    await worker?.close();
    s3.destroy();
    sqs.destroy();
    await aws.stop();
  }
});
