import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { createMetrics, createSecretBox, uuidv7 } from '@tai/core';
import pino from 'pino';
import { startDeliveryLoop } from '../apps/worker/src/detections/delivery-loop.js';
import { startDetectionLoop } from '../apps/worker/src/detections/detection-loop.js';
import { localSmtp, readMail } from '../apps/worker/test/destinations/smtp-support.js';
import { isPrivateAddress } from '../apps/worker/src/destinations/private-address.js';
import { setupApp, TEST_SECRETS_KEY, type TestApp } from './support/app.js';

// The outbox through a destination that is down, then up: the alert is delivered, every attempt is kept.
let t: TestApp;
let server: Server;
let url: string;
let answers: Array<{ status: number; headers?: Record<string, string> }> = [];
const hits: Array<{ delivery: string; status: number }> = [];
const box = createSecretBox(TEST_SECRETS_KEY);
const silent = pino({ level: 'silent' });

before(async () => {
  t = await setupApp();
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answers.shift() ?? { status: 200 };
      hits.push({ delivery: String(req.headers['x-tai-delivery']), status: answer.status });
      res.writeHead(answer.status, answer.headers).end(answer.status >= 400 ? 'not now' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
});
after(async () => {
  server.close();
  await t.close();
});

const destination = (tenantId: string, kind: string, config: Record<string, unknown>, secret: Record<string, unknown>, name = `${kind}-${uuidv7()}`) =>
  t.db.repos.destinations.create({ tenantId, id: uuidv7(), name, kind, config, sealedSecret: box.seal(JSON.stringify(secret)), minSeverity: 'low', enabled: true, now: new Date() });

const runLoops = async (until: () => Promise<boolean>, timeoutMs = 20_000, { allowPrivateNetworks = true } = {}) => {
  const detections = startDetectionLoop({ repo: t.db.repos.detectionEvaluation, pollMs: 20, gatherMs: 20, batchEvents: 1000, log: silent, metrics: createMetrics(), now: () => new Date() });
  const deliveries = startDeliveryLoop({ repo: t.db.repos.destinations, secretBox: box, pollMs: 50, timeoutMs: 2_000, publicUrl: null, allowPrivateNetworks, log: silent, metrics: createMetrics(), now: () => new Date() });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!(await until())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await detections.stop();
    await deliveries.stop();
  }
};

test('a destination answering 503 twice (Retry-After: 1) gets the alert on the third attempt, with every attempt recorded', async () => {
  const { tenantId, call } = await t.newTenant('down-then-up');
  const dest = await destination(tenantId, 'webhook', { url }, { signingSecret: 'whsec_delivery-test-secret-0001' });
  const res = await call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: {} } });
  const { token } = res.json().webhook;
  answers = [{ status: 503, headers: { 'retry-after': '1' } }, { status: 503, headers: { 'retry-after': '1' } }];
  const event = { event: 'session.start', code: 'T2000I', uid: 'down-1', time: new Date().toISOString(), user: 'alice', login: 'root', sid: 's-down', server_id: 'n1', server_hostname: 'db-1', ei: 0 };
  assert.equal((await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/events.log`, payload: JSON.stringify(event) })).statusCode, 200);

  const deliveries = async () => (await t.db.repos.destinations.recentDeliveries({ tenantId, destinationId: dest.id, limit: 10 }));
  await runLoops(async () => (await deliveries()).some((d) => d.status === 'delivered'));
  const [delivery] = await deliveries();
  assert.equal(delivery!.status, 'delivered');
  assert.equal(delivery!.attempts, 3);
  const full = await t.db.repos.destinations.getDelivery({ tenantId, id: delivery!.id });
  assert.deepEqual(full!.attemptLog.map((a) => [a.outcome, a.status]), [['retry', 503], ['retry', 503], ['delivered', 200]]);
  assert.deepEqual(hits.filter((h) => h.delivery === delivery!.id).map((h) => h.status), [503, 503, 200], 'the same delivery id each time, so the receiver can drop repeats');
  const { rows } = await t.db.owner.query('select count(*)::int as n from alert_delivery_due where delivery_id = $1', [delivery!.id]);
  assert.equal(rows[0].n, 0, 'nothing left due');
});

test('a 400 fails the delivery at once; a retry of the failed delivery sends it again', async () => {
  const { tenantId } = await t.newTenant('refused');
  const dest = await destination(tenantId, 'webhook', { url }, { signingSecret: 'whsec_delivery-test-secret-0002' });
  answers = [{ status: 400 }];
  const test = await t.db.repos.destinations.enqueueTest({ tenantId, destinationId: dest.id, id: uuidv7(), now: new Date() });
  const state = async () => (await t.db.repos.destinations.getDelivery({ tenantId, id: test.id }))!;
  await runLoops(async () => (await state()).status !== 'pending');
  assert.equal((await state()).status, 'failed');
  assert.equal((await state()).lastStatus, 400);
  assert.ok(await t.db.repos.destinations.retry({ tenantId, deliveryId: test.id, now: new Date() }));
  await runLoops(async () => (await state()).status !== 'pending');
  assert.equal((await state()).status, 'delivered');
  assert.equal((await state()).attempts, 2);
});

test('an email destination receives the test notice over SMTP', async () => {
  await using smtp = await localSmtp();
  const { tenantId } = await t.newTenant('mail');
  const dest = await destination(tenantId, 'email', { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'audit@example.test', to: ['soc@example.test'] }, {});
  const delivery = await t.db.repos.destinations.enqueueTest({ tenantId, destinationId: dest.id, id: uuidv7(), now: new Date() });
  await runLoops(async () => (await t.db.repos.destinations.getDelivery({ tenantId, id: delivery.id }))!.status !== 'pending');
  assert.equal((await t.db.repos.destinations.getDelivery({ tenantId, id: delivery.id }))!.status, 'delivered');
  assert.equal(smtp.mails.length, 1);
  assert.deepEqual(smtp.mails[0]!.to, ['soc@example.test']);
  assert.match(readMail(smtp.mails[0]!.raw).subject, /\[TEST\]/);
});

test('unless the operator allows it, a destination on a loopback, private or link-local address is refused, not sent to', async () => {
  const { tenantId } = await t.newTenant('ssrf');
  const dest = await destination(tenantId, 'webhook', { url }, { signingSecret: 'whsec_delivery-test-secret-0003' });
  const before = hits.length;
  const delivery = await t.db.repos.destinations.enqueueTest({ tenantId, destinationId: dest.id, id: uuidv7(), now: new Date() });
  const state = async () => (await t.db.repos.destinations.getDelivery({ tenantId, id: delivery.id }))!;
  await runLoops(async () => (await state()).status !== 'pending', 20_000, { allowPrivateNetworks: false });
  assert.equal((await state()).status, 'failed');
  assert.match((await state()).lastError ?? '', /^destination\.private_address: 127\.0\.0\.1 resolves to 127\.0\.0\.1/);
  assert.equal(hits.length, before, 'nothing was sent');
  for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) assert.ok(isPrivateAddress(address), address);
  for (const address of ['203.0.113.7', '8.8.8.8', '2606:4700::1111']) assert.ok(!isPrivateAddress(address), address);
});
