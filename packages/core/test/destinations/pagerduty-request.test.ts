import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pagerDutyRequest } from '../../src/index.js';
import { sampleNotice } from './notice-support.js';

const config = { eventsUrl: 'https://events.pagerduty.com/v2/enqueue' };
const secret = { routingKey: 'R0123456789abcdef0123456789ABCDE' };
const bodyOf = (notice: Parameters<typeof pagerDutyRequest>[0]) => JSON.parse(pagerDutyRequest(notice, config, secret).body);

test('an open alert triggers an event keyed by the alert with the facts in custom_details', () => {
  const notice = sampleNotice();
  const req = pagerDutyRequest(notice, config, secret);
  assert.equal(req.url, config.eventsUrl);
  const body = JSON.parse(req.body);
  assert.equal(body.routing_key, secret.routingKey);
  assert.equal(body.event_action, 'trigger');
  assert.equal(body.dedup_key, `tai-${notice.alert.id}`);
  assert.equal(body.payload.summary, '[HIGH] Local login without MFA — user=alice');
  assert.equal(body.payload.severity, 'error');
  assert.equal(body.payload.source, 'Acme Corp');
  assert.equal(body.payload.timestamp, notice.alert.lastSeen);
  assert.equal(body.payload.group, 'local-login-without-mfa');
  assert.equal(typeof body.payload.component, 'string');
  assert.equal(typeof body.payload.class, 'string');
  assert.deepEqual(body.payload.custom_details.group, { user: 'alice' });
  assert.equal(body.payload.custom_details.count, 3);
  assert.deepEqual(body.payload.custom_details.rule.mitre, ['T1078.003']);
  assert.deepEqual(body.links, [
    { href: 'https://audit.example.com/alerts/0b9d7f52', text: 'Open alert in Teleport audit ingest' },
    { href: 'https://wiki.example.com/runbooks/mfa', text: 'Runbook' },
  ]);
});

test('severities map onto PagerDuty\'s four', () => {
  const expected = { critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' } as const;
  for (const [severity, pd] of Object.entries(expected)) {
    assert.equal(bodyOf(sampleNotice({ alert: { severity: severity as keyof typeof expected } })).payload.severity, pd);
  }
});

test('acknowledged and resolved alerts send only the routing key, the action and the dedup key', () => {
  const notice = sampleNotice({ alert: { status: 'resolved' } });
  assert.deepEqual(bodyOf(notice), { routing_key: secret.routingKey, event_action: 'resolve', dedup_key: `tai-${notice.alert.id}` });
  assert.deepEqual(bodyOf(sampleNotice({ alert: { status: 'acknowledged' } })), { routing_key: secret.routingKey, event_action: 'acknowledge', dedup_key: `tai-${notice.alert.id}` });
});

test('a test notice has a dedup key of its own and always triggers, never touching the real incident', () => {
  const notice = sampleNotice({ test: true, alert: { status: 'resolved' } });
  const body = bodyOf(notice);
  assert.equal(body.event_action, 'trigger');
  assert.equal(body.dedup_key, `tai-test-${notice.deliveryId}`);
  assert.notEqual(body.dedup_key, `tai-${notice.alert.id}`);
  assert.match(body.payload.summary, /^\[TEST\] /);
});

test('the summary stays within 1024 characters', () => {
  const body = bodyOf(sampleNotice({ rule: { title: 'x'.repeat(2000) } }));
  assert.equal(body.payload.summary.length, 1024);
  assert.ok(body.payload.summary.endsWith('…'));
});
