import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sendNotice } from '../../src/destinations/index.js';
import { localReceiver, notice } from './destination-support.js';

const ROUTING_KEY = 'Rloopback0123456789abcdef012345';
const opts = { timeoutMs: 2_000 };

test('Slack gets an incoming-webhook message on its secret URL and its "ok" is delivered', { timeout: 10_000 }, async () => {
  await using slack = await localReceiver((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('ok'));
  const webhookUrl = `${slack.url}/services/T0000/B0000/XXXXXXXXXXXXXXXX`;
  const result = await sendNotice({ kind: 'slack', config: {}, secret: { webhookUrl } }, notice(), opts);
  assert.equal(result.outcome, 'delivered');
  assert.equal(result.responseSnippet, 'ok');
  const [req] = slack.received;
  assert.equal(req!.url, '/services/T0000/B0000/XXXXXXXXXXXXXXXX');
  assert.equal(req!.headers['content-type'], 'application/json');
  const body = JSON.parse(req!.body);
  assert.equal(body.text, '[CRITICAL] Admin role granted — user=bob');
  assert.deepEqual(body.blocks.map((b: { type: string }) => b.type), ['header', 'section', 'section', 'section', 'section', 'context', 'actions']);
});

test('Slack refusing a removed webhook fails, and neither the error nor the snippet holds its URL', { timeout: 10_000 }, async () => {
  const path = '/services/T0000/B0000/SECRETSECRETSECRET';
  await using slack = await localReceiver((req, res) => res.writeHead(404).end(`no_service ${req.url}`));
  const result = await sendNotice({ kind: 'slack', config: {}, secret: { webhookUrl: `${slack.url}${path}` } }, notice(), opts);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.status, 404);
  assert.equal(`${result.error} ${result.responseSnippet}`.includes('SECRETSECRETSECRET'), false);
  assert.equal(result.responseSnippet, 'no_service [redacted]');
});

test('PagerDuty gets an Events API v2 trigger and its 202 is delivered', { timeout: 10_000 }, async () => {
  await using pd = await localReceiver((req, res) => {
    const { dedup_key } = JSON.parse(req.body);
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key }));
  });
  const result = await sendNotice({ kind: 'pagerduty', config: { eventsUrl: `${pd.url}/v2/enqueue` }, secret: { routingKey: ROUTING_KEY } }, notice(), opts);
  assert.equal(result.outcome, 'delivered');
  assert.equal(result.status, 202);
  const [req] = pd.received;
  assert.equal(req!.url, '/v2/enqueue');
  const body = JSON.parse(req!.body);
  assert.equal(body.routing_key, ROUTING_KEY);
  assert.equal(body.event_action, 'trigger');
  assert.equal(body.dedup_key, 'tai-a1b2c3d4-0000-4000-8000-000000000001');
  assert.equal(body.payload.severity, 'critical');
  assert.equal(body.payload.summary, '[CRITICAL] Admin role granted — user=bob');
  assert.match(result.responseSnippet!, /"dedup_key":"tai-a1b2c3d4/);
});

test('PagerDuty throttling is retried; a refusal echoing the routing key keeps the key out of the result', { timeout: 10_000 }, async () => {
  await using throttled = await localReceiver((_req, res) => res.writeHead(429).end('{"status":"throttled"}'));
  const settings = (url: string) => ({ kind: 'pagerduty' as const, config: { eventsUrl: url }, secret: { routingKey: ROUTING_KEY } });
  assert.equal((await sendNotice(settings(throttled.url), notice(), opts)).outcome, 'retry');
  await using refusing = await localReceiver((req, res) => res.writeHead(400).end(`{"status":"invalid event","errors":["bad key ${JSON.parse(req.body).routing_key}"]}`));
  const result = await sendNotice(settings(refusing.url), notice(), opts);
  assert.equal(result.outcome, 'failed');
  assert.equal(`${result.error} ${result.responseSnippet}`.includes(ROUTING_KEY), false);
});
