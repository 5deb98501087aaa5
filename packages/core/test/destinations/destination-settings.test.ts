import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, DESTINATION_KINDS, generateSigningSecret, parseDestinationSettings, type DestinationKind } from '../../src/index.js';

const SECRET = 'whsec_0123456789abcdef';
const ROUTING_KEY = 'R0123456789abcdef0123456789ABCDE';

/** The error of parsing bad settings, asserted to be `destination.invalid`. */
function invalid(kind: string, input: { config: unknown; secret: unknown }): AppError {
  try {
    parseDestinationSettings(kind as DestinationKind, input);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'destination.invalid');
    assert.equal(err.statusCode, 400);
    return err;
  }
  assert.fail('settings were accepted');
}

test('each kind parses its settings and fills the defaults', () => {
  assert.deepEqual(DESTINATION_KINDS, ['webhook', 'slack', 'pagerduty', 'email']);
  assert.deepEqual(parseDestinationSettings('webhook', { config: { url: 'https://hooks.example.com/tai' }, secret: { signingSecret: SECRET } }),
    { config: { url: 'https://hooks.example.com/tai' }, secret: { signingSecret: SECRET } });
  assert.deepEqual(parseDestinationSettings('slack', { config: {}, secret: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/x' } }),
    { config: {}, secret: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/x' } });
  assert.deepEqual(parseDestinationSettings('pagerduty', { config: {}, secret: { routingKey: ` ${ROUTING_KEY}\n` } }),
    { config: { eventsUrl: 'https://events.pagerduty.com/v2/enqueue' }, secret: { routingKey: ROUTING_KEY } });
  assert.deepEqual(parseDestinationSettings('email', { config: { host: 'smtp.example.com', from: 'tai@example.com', to: ['sec@example.com'] }, secret: {} }),
    { config: { host: 'smtp.example.com', port: 587, tls: 'starttls', from: 'tai@example.com', to: ['sec@example.com'] }, secret: {} });
});

test('a webhook URL must be http or https', () => {
  for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)']) {
    const err = invalid('webhook', { config: { url }, secret: { signingSecret: SECRET } });
    assert.equal(err.details?.field, 'config.url', url);
    assert.match(err.message, /^config\.url: must be an http or https URL/);
  }
  assert.doesNotThrow(() => parseDestinationSettings('webhook', { config: { url: 'http://10.0.0.5:8080/in' }, secret: { signingSecret: SECRET } }));
});

test('a signing secret shorter than 16 characters is refused by name', () => {
  assert.equal(invalid('webhook', { config: { url: 'https://x.example' }, secret: { signingSecret: 'short' } }).details?.field, 'secret.signingSecret');
  assert.equal(invalid('webhook', { config: { url: 'https://x.example' }, secret: {} }).details?.field, 'secret.signingSecret');
});

test('a Slack webhook URL must be https', () => {
  assert.equal(invalid('slack', { config: {}, secret: { webhookUrl: 'http://hooks.slack.com/services/T0/B0/x' } }).details?.field, 'secret.webhookUrl');
  assert.equal(invalid('slack', { config: { channelLabel: 'a\nb' }, secret: { webhookUrl: 'https://hooks.slack.com/x' } }).details?.field, 'config.channelLabel');
});

test('a PagerDuty routing key is the 32-character integration key, and the events URL https', () => {
  for (const routingKey of [ROUTING_KEY.slice(1), `${ROUTING_KEY}x`, 'R0123456789abcdef 123456789ABCDE']) {
    assert.equal(invalid('pagerduty', { config: {}, secret: { routingKey } }).details?.field, 'secret.routingKey', routingKey);
  }
  assert.equal(invalid('pagerduty', { config: { eventsUrl: 'http://events.pagerduty.com/v2/enqueue' }, secret: { routingKey: ROUTING_KEY } }).details?.field, 'config.eventsUrl');
});

test('e-mail settings name the bad recipient, port or TLS mode', () => {
  const config = { host: 'smtp.example.com', from: 'tai@example.com', to: ['a@example.com'] };
  assert.equal(invalid('email', { config: { ...config, to: ['a@example.com', 'nope'] }, secret: {} }).details?.field, 'config.to.1');
  assert.equal(invalid('email', { config: { ...config, to: [] }, secret: {} }).details?.field, 'config.to');
  const many = Array.from({ length: 21 }, (_, i) => `u${i}@example.com`);
  assert.equal(invalid('email', { config: { ...config, to: many }, secret: {} }).details?.field, 'config.to');
  assert.doesNotThrow(() => parseDestinationSettings('email', { config: { ...config, to: many.slice(0, 20) }, secret: {} }));
  assert.equal(invalid('email', { config: { ...config, port: 0 }, secret: {} }).details?.field, 'config.port');
  assert.equal(invalid('email', { config: { ...config, tls: 'ssl' }, secret: {} }).details?.field, 'config.tls');
  assert.equal(invalid('email', { config: { ...config, from: 'x@example.com\r\nBcc: e@evil.example' }, secret: {} }).details?.field, 'config.from');
  assert.equal(invalid('email', { config: { ...config, username: 'u\r\nQUIT' }, secret: {} }).details?.field, 'config.username');
});

test('an SMTP password without a user name is refused, as nothing could use it', () => {
  const config = { host: 'smtp.example.com', from: 'tai@example.com', to: ['a@example.com'] };
  assert.equal(invalid('email', { config, secret: { password: 'hunter2' } }).details?.field, 'config.username');
  assert.deepEqual(parseDestinationSettings('email', { config: { ...config, username: 'tai' }, secret: { password: 'hunter2' } }).secret, { password: 'hunter2' });
});

test('an unknown setting or kind is named, and every problem is listed', () => {
  const err = invalid('webhook', { config: { url: 'gopher://x', signingSecret: SECRET }, secret: {} });
  const fields = (err.details?.issues as Array<{ field: string }>).map((i) => i.field).sort();
  assert.deepEqual(fields, ['config.signingSecret', 'config.url', 'secret.signingSecret']);
  assert.equal(invalid('teams', { config: {}, secret: {} }).details?.field, 'kind');
});

test('a generated signing secret is 32 random bytes in base64url behind whsec_, and valid', () => {
  const a = generateSigningSecret();
  assert.match(a, /^whsec_[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(a.slice('whsec_'.length), 'base64url').length, 32);
  assert.notEqual(a, generateSigningSecret());
  assert.doesNotThrow(() => parseDestinationSettings('webhook', { config: { url: 'https://x.example' }, secret: { signingSecret: a } }));
});
