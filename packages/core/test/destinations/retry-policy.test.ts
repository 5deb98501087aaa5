import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DELIVERY_ATTEMPTS, classifyAttempt, nextAttemptDelaySeconds, parseRetryAfter, retryDelaySeconds } from '../../src/index.js';

test('2xx is delivered; 408, 425, 429 and 5xx are retried; other 4xx and redirects fail', () => {
  for (const status of [200, 201, 202, 204]) assert.equal(classifyAttempt({ status }).outcome, 'delivered', String(status));
  for (const status of [408, 425, 429, 500, 502, 503, 504, 599]) assert.equal(classifyAttempt({ status }).outcome, 'retry', String(status));
  for (const status of [400, 401, 403, 404, 410, 413, 422, 301, 302, 307, 308, 100]) assert.equal(classifyAttempt({ status }).outcome, 'failed', String(status));
  assert.match(classifyAttempt({ status: 302 }).reason, /redirects are not followed/);
  assert.match(classifyAttempt({ status: 404 }).reason, /^HTTP 404/);
});

test('timeouts, network and TLS errors and SMTP 4xx are retried; SMTP 5xx fails', () => {
  for (const error of ['timeout', 'network', 'tls', 'smtp_transient'] as const) assert.equal(classifyAttempt({ error }).outcome, 'retry', error);
  assert.equal(classifyAttempt({ error: 'smtp_permanent' }).outcome, 'failed');
  assert.equal(classifyAttempt({ status: 200, error: 'timeout' }).outcome, 'retry');
  for (const error of ['timeout', 'network', 'tls', 'smtp_transient', 'smtp_permanent'] as const) assert.ok(classifyAttempt({ error }).reason.length > 0);
});

test('delays double from 10 s to a 1 h cap', () => {
  const mid = () => 0.5; // no jitter
  assert.deepEqual(Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, i) => retryDelaySeconds(i + 1, mid)),
    [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600]);
  assert.equal(retryDelaySeconds(1_000, mid), 3600);
  assert.equal(MAX_DELIVERY_ATTEMPTS, 12);
});

test('jitter stays within ±20 % and never passes the cap', () => {
  assert.equal(retryDelaySeconds(1, () => 0), 8);
  assert.equal(retryDelaySeconds(1, () => 0.999999), 12);
  assert.equal(retryDelaySeconds(4, () => 0), 64);
  assert.equal(retryDelaySeconds(4, () => 0.999999), 96);
  for (let i = 0; i < 500; i++) {
    const attempt = 1 + (i % 14);
    const base = Math.min(10 * 2 ** (attempt - 1), 3600);
    const d = retryDelaySeconds(attempt);
    assert.ok(d >= Math.floor(base * 0.8) && d <= Math.min(Math.ceil(base * 1.2), 3600), `${attempt}: ${d}`);
  }
});

test('a Retry-After of at most an hour wins over the schedule; a longer one is ignored', () => {
  assert.equal(retryDelaySeconds(1, () => 0.5, 7), 7);
  assert.equal(retryDelaySeconds(9, () => 0.5, 0), 0);
  assert.equal(retryDelaySeconds(1, () => 0.5, 3600), 3600);
  assert.equal(retryDelaySeconds(1, () => 0.5, 3601), 10);
  assert.equal(retryDelaySeconds(1, () => 0.5, null), 10);
  assert.equal(retryDelaySeconds(1, () => 0.5, Number.NaN), 10);
});

test('there is no next attempt after a final outcome or the last attempt', () => {
  assert.equal(nextAttemptDelaySeconds({ attempt: 1, outcome: 'delivered' }), null);
  assert.equal(nextAttemptDelaySeconds({ attempt: 1, outcome: 'failed' }), null);
  assert.equal(nextAttemptDelaySeconds({ attempt: MAX_DELIVERY_ATTEMPTS, outcome: 'retry' }), null);
  assert.equal(nextAttemptDelaySeconds({ attempt: MAX_DELIVERY_ATTEMPTS - 1, outcome: 'retry', random: () => 0.5 }), 3600);
  assert.equal(nextAttemptDelaySeconds({ attempt: 2, outcome: 'retry', retryAfterSeconds: 7 }), 7);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  const now = new Date('2024-05-01T10:00:00.000Z');
  assert.equal(parseRetryAfter('7', now), 7);
  assert.equal(parseRetryAfter(' 120 ', now), 120);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 10:00:30 GMT', now), 30);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter('-5', now), null);
  assert.equal(parseRetryAfter(null, now), null);
});
