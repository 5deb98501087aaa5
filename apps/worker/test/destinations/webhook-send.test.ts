import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { verifyWebhookSignature } from '@tai/core';
import { sendNotice } from '../../src/destinations/index.js';
import { localReceiver, notice, refusedPort } from './destination-support.js';

const signingSecret = 'whsec_loopback_test_secret_0123';
const webhook = (url: string) => ({ kind: 'webhook' as const, config: { url }, secret: { signingSecret } });
const opts = { timeoutMs: 2_000 };

test('a 200 is delivered and the receiver can verify the signature', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'));
  const result = await sendNotice(webhook(`${server.url}/hook`), notice(), opts);
  assert.deepEqual({ ...result, durationMs: 0 }, { outcome: 'delivered', status: 200, error: null, retryAfterSeconds: null, durationMs: 0, responseSnippet: 'thanks' });
  const [req] = server.received;
  assert.equal(req!.url, '/hook');
  assert.equal(req!.headers['content-type'], 'application/json');
  assert.equal(req!.headers['x-tai-delivery'], 'dlv_test_0001');
  assert.equal(JSON.parse(req!.body).rule.title, 'Admin role granted');
  const ok = verifyWebhookSignature({
    body: req!.body, timestamp: String(req!.headers['x-tai-timestamp']), signature: String(req!.headers['x-tai-signature']), signingSecret, now: new Date(),
  });
  assert.equal(ok, true);
});

test('a 500 is retried', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((_req, res) => res.writeHead(500).end('boom'));
  const result = await sendNotice(webhook(server.url), notice(), opts);
  assert.equal(result.outcome, 'retry');
  assert.equal(result.status, 500);
  assert.match(result.error!, /^HTTP 500/);
  assert.equal(result.responseSnippet, 'boom');
});

test('a 503 with Retry-After: 7 is retried after 7 seconds', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((_req, res) => res.writeHead(503, { 'retry-after': '7' }).end());
  const result = await sendNotice(webhook(server.url), notice(), opts);
  assert.equal(result.outcome, 'retry');
  assert.equal(result.status, 503);
  assert.equal(result.retryAfterSeconds, 7);
  assert.equal(result.responseSnippet, null);
});

test('a 400 fails for good', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((_req, res) => res.writeHead(400).end('{"error":"bad"}'));
  const result = await sendNotice(webhook(server.url), notice(), opts);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.status, 400);
  assert.equal(result.retryAfterSeconds, null);
});

test('a 302 fails and its Location is not followed', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((req, res) => {
    if (req.url === '/moved') res.writeHead(200).end();
    else res.writeHead(302, { location: '/moved' }).end();
  });
  const result = await sendNotice(webhook(server.url), notice(), opts);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.status, 302);
  assert.match(result.error!, /redirects are not followed/);
  assert.deepEqual(server.received.map((r) => r.url), ['/']);
});

test('a receiver that never answers is a retried timeout within timeoutMs', { timeout: 10_000 }, async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket)); // reads nothing, answers nothing
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  try {
    const { port } = silent.address() as AddressInfo;
    const result = await sendNotice(webhook(`http://127.0.0.1:${port}/`), notice(), { timeoutMs: 300 });
    assert.equal(result.outcome, 'retry');
    assert.equal(result.status, null);
    assert.match(result.error!, /^timeout: no answer within 300 ms/);
    assert.ok(result.durationMs >= 250 && result.durationMs < 1_500, `took ${result.durationMs} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('a refused connection is retried', { timeout: 10_000 }, async () => {
  const port = await refusedPort();
  const result = await sendNotice(webhook(`http://127.0.0.1:${port}/`), notice(), opts);
  assert.equal(result.outcome, 'retry');
  assert.equal(result.status, null);
  assert.match(result.error!, /^network: connection refused \(ECONNREFUSED\)/);
});

test('only the first 64 KiB of an endless answer is read, and 500 characters kept', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((_req, res) => {
    res.writeHead(200);
    const chunk = 'x'.repeat(16 * 1024);
    const pump = () => { while (res.write(chunk)); };
    res.on('drain', pump);
    pump();
  });
  const result = await sendNotice(webhook(server.url), notice(), opts);
  assert.equal(result.outcome, 'delivered');
  assert.equal(result.responseSnippet!.length, 500);
  assert.ok(result.durationMs < 2_000);
});

test('a receiver echoing the request gets no signing secret into the snippet', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((req, res) => res.writeHead(422).end(`key ${signingSecret} is wrong; you sent ${req.body}`));
  const result = await sendNotice(webhook(server.url), notice(), opts);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.responseSnippet!.includes(signingSecret), false);
  assert.match(result.responseSnippet!, /\[redacted\]/);
});
