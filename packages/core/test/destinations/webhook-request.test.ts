import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { verifyWebhookSignature, webhookRequest } from '../../src/index.js';
import { sampleNotice } from './notice-support.js';

const signingSecret = 'whsec_test_0123456789abcdef';
const now = new Date('2024-05-01T10:05:07.900Z');
const TS = '1714557907';

test('a webhook request carries the notice as JSON with delivery, timestamp and an HMAC over both', () => {
  const notice = sampleNotice();
  const req = webhookRequest(notice, { url: 'https://hooks.example.com/tai' }, { signingSecret }, now);
  assert.equal(req.url, 'https://hooks.example.com/tai');
  assert.equal(req.method, 'POST');
  assert.deepEqual(JSON.parse(req.body), { type: 'alert', deliveryId: notice.deliveryId, alert: notice.alert, rule: notice.rule, tenant: notice.tenant, events: notice.events });
  const expected = createHmac('sha256', signingSecret).update(`${TS}.${req.body}`).digest('hex');
  assert.deepEqual(req.headers, {
    'content-type': 'application/json',
    'user-agent': 'teleport-audit-ingest',
    'x-tai-delivery': notice.deliveryId,
    'x-tai-timestamp': TS,
    'x-tai-signature': `v1=${expected}`,
  });
});

test('a test notice is typed test', () => {
  const req = webhookRequest(sampleNotice({ test: true }), { url: 'https://x.example' }, { signingSecret }, now);
  assert.equal(JSON.parse(req.body).type, 'test');
});

test('the signature verifies with the secret and fails on any change of body, time or secret', () => {
  const req = webhookRequest(sampleNotice(), { url: 'https://x.example' }, { signingSecret }, now);
  const args = { body: req.body, timestamp: req.headers['x-tai-timestamp']!, signature: req.headers['x-tai-signature']!, signingSecret, now };
  assert.equal(verifyWebhookSignature(args), true);
  assert.equal(verifyWebhookSignature({ ...args, body: req.body.replace('alice', 'mallory') }), false);
  assert.equal(verifyWebhookSignature({ ...args, timestamp: String(Number(TS) + 1) }), false);
  assert.equal(verifyWebhookSignature({ ...args, signingSecret: `${signingSecret}x` }), false);
  assert.equal(verifyWebhookSignature({ ...args, signature: 'v1=abc' }), false);
  assert.equal(verifyWebhookSignature({ ...args, signature: args.signature.replace('v1=', 'v0=') }), false);
  assert.equal(verifyWebhookSignature({ ...args, signature: '' }), false);
});

test('a signature outside the tolerance is refused, so a captured request cannot be replayed later', () => {
  const req = webhookRequest(sampleNotice(), { url: 'https://x.example' }, { signingSecret }, now);
  const args = { body: req.body, timestamp: req.headers['x-tai-timestamp']!, signature: req.headers['x-tai-signature']!, signingSecret };
  assert.equal(verifyWebhookSignature({ ...args, now: new Date(now.getTime() + 299_000) }), true);
  assert.equal(verifyWebhookSignature({ ...args, now: new Date(now.getTime() + 301_000) }), false);
  assert.equal(verifyWebhookSignature({ ...args, now: new Date(now.getTime() - 301_000) }), false);
  assert.equal(verifyWebhookSignature({ ...args, now: new Date(now.getTime() + 3_000_000), toleranceSeconds: 3_600 }), true);
  assert.equal(verifyWebhookSignature({ ...args, timestamp: '1714557907.5', now }), false);
});

test('a receiver rotating secrets accepts any of several v1 signatures', () => {
  const req = webhookRequest(sampleNotice(), { url: 'https://x.example' }, { signingSecret }, now);
  const old = webhookRequest(sampleNotice(), { url: 'https://x.example' }, { signingSecret: 'whsec_old_secret_0123456' }, now);
  const both = `${old.headers['x-tai-signature']}, ${req.headers['x-tai-signature']}`;
  assert.equal(verifyWebhookSignature({ body: req.body, timestamp: TS, signature: both, signingSecret, now }), true);
});
