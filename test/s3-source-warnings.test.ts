import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';

// Under a plain `npm start` the service has no SNS topic and no shared queue: an S3 source that relies on
// them looks set up but never receives anything, and every answer about it has to say so.
let bare: TestApp;
let configured: TestApp;
before(async () => {
  bare = await setupApp();
  configured = await setupApp({ s3Service: { workerRoleArn: 'arn:aws:iam::999999999999:role/tai-worker', topicArn: 'arn:aws:sns:us-east-1:999999999999:tai-s3' } });
});
after(async () => {
  await bare.close();
  await configured.close();
});

type Warning = { code: string; message: string };
const codes = (warnings: Warning[]) => warnings.map((w) => w.code);

async function createS3(t: TestApp, name: string, config: Record<string, string>) {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name, config: { bucket: 'acme-audit', ...config } } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { source: { id: string }; warnings: Warning[] };
}

test('an S3 source on a service without a queue is told so on creation, in its setup and in its health, with the own-queue way out', async () => {
  const created = await createS3(bare, 'eas', {});
  assert.deepEqual(codes(created.warnings), ['s3.no_service_queue']);
  const [warning] = created.warnings;
  assert.match(warning!.message, /config\.queueUrl/, 'names the customer-owned queue that needs no service configuration');
  assert.match(warning!.message, /S3_NOTIFICATION_TOPIC_ARN/, 'names what the operator would set');

  const setup = await bare.tenant.call({ method: 'GET', url: `/v1/sources/${created.source.id}/setup` });
  assert.equal(setup.statusCode, 200, setup.body);
  assert.deepEqual(setup.json().warnings, created.warnings);

  const detail = await bare.tenant.call({ method: 'GET', url: `/v1/sources/${created.source.id}` });
  assert.ok(codes(detail.json().health.warnings).includes('s3.no_service_queue'), detail.body);
});

test('an S3 source with its own queue has no queue warning, even on a service without one', async () => {
  const created = await createS3(bare, 'eas-own', { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/audit' });
  assert.deepEqual(created.warnings, []);
  const setup = await bare.tenant.call({ method: 'GET', url: `/v1/sources/${created.source.id}/setup` });
  assert.deepEqual(setup.json().warnings, []);
  const detail = await bare.tenant.call({ method: 'GET', url: `/v1/sources/${created.source.id}` });
  assert.ok(!codes(detail.json().health.warnings).includes('s3.no_service_queue'));
});

test('giving the source a queue of its own later clears the warning', async () => {
  const created = await createS3(bare, 'eas-later', {});
  const patched = await bare.tenant.call({ method: 'PATCH', url: `/v1/sources/${created.source.id}`, payload: { config: { bucket: 'acme-audit', queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/audit' } } });
  assert.equal(patched.statusCode, 200, patched.body);
  const detail = await bare.tenant.call({ method: 'GET', url: `/v1/sources/${created.source.id}` });
  assert.ok(!codes(detail.json().health.warnings).includes('s3.no_service_queue'));
});

test('on a service with its SNS topic configured, S3 sources carry no queue warning', async () => {
  const created = await createS3(configured, 'eas', {});
  assert.deepEqual(created.warnings, []);
  const setup = await configured.tenant.call({ method: 'GET', url: `/v1/sources/${created.source.id}/setup` });
  assert.deepEqual(setup.json().warnings, []);
  assert.equal(setup.json().bucketNotification.TopicConfigurations[0].TopicArn, 'arn:aws:sns:us-east-1:999999999999:tai-s3');
});

test('webhook sources carry no warnings on creation', async () => {
  const res = await bare.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'wh' } });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json().warnings, []);
});
