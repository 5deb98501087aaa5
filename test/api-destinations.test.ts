import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSecretBox } from '@tai/core';
import { callerFor, setupApp, TEST_SECRETS_KEY, type Caller, type TestApp } from './support/app.js';

// Alert destinations: settings validated per kind, secrets sealed and never shown, test sends and retries
// through the outbox.
let t: TestApp;
let reader: Caller;
const box = createSecretBox(TEST_SECRETS_KEY);

const SLACK_URL = 'https://hooks.slack.example/services/T000/B000/slack-secret-part';
const ROUTING_KEY = 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12';
const PASSWORD = 'smtp-password-not-to-be-seen';

before(async () => {
  t = await setupApp();
  const key = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'dest-reader', role: 'reader' } });
  reader = callerFor(t.app, key.json().secret);
});
after(() => t.close());

const storedSecret = async (id: string) => (await t.db.owner.query<{ sealed_secret: string }>('select sealed_secret from alert_destinations where id = $1', [id])).rows[0]!.sealed_secret;
const create = (payload: Record<string, unknown>, call: Caller = t.tenant.call) => call({ method: 'POST', url: '/v1/destinations', payload });
const ids: Record<string, string> = {};

test('each kind is created with its secret sealed in the database and never echoed', async () => {
  const webhook = await create({ name: 'hook', kind: 'webhook', config: { url: 'https://receiver.example.test/tai' }, minSeverity: 'high' });
  assert.equal(webhook.statusCode, 201, webhook.body);
  const { destination, signingSecret } = webhook.json();
  assert.match(signingSecret, /^whsec_/, 'a generated signing secret, shown once');
  assert.deepEqual(destination.secret, { set: true, fields: ['signingSecret'] });
  assert.equal(destination.minSeverity, 'high');
  ids.webhook = destination.id;

  const slack = await create({ name: 'slack', kind: 'slack', config: { channelLabel: '#soc' }, secret: { webhookUrl: SLACK_URL } });
  const pagerduty = await create({ name: 'pager', kind: 'pagerduty', secret: { routingKey: ROUTING_KEY }, minSeverity: 'critical', enabled: false });
  const email = await create({ name: 'mail', kind: 'email', config: { host: 'smtp.example.test', from: 'tai@example.test', to: ['soc@example.test'], username: 'tai' }, secret: { password: PASSWORD } });
  for (const [kind, res] of Object.entries({ slack, pagerduty, email })) {
    assert.equal(res.statusCode, 201, `${kind}: ${res.body}`);
    assert.equal(res.json().signingSecret, undefined);
    ids[kind] = res.json().destination.id;
  }
  assert.equal(pagerduty.json().destination.config.eventsUrl, 'https://events.pagerduty.com/v2/enqueue', 'defaults filled');
  assert.equal(email.json().destination.config.port, 587);
  assert.deepEqual(email.json().destination.secret, { set: true, fields: ['password'] });

  const listed = await reader({ method: 'GET', url: '/v1/destinations' });
  assert.equal(listed.statusCode, 200);
  assert.deepEqual((listed.json().data as Array<{ name: string }>).map((d) => d.name), ['hook', 'mail', 'pager', 'slack']);
  const everything = [webhook.body.replace(signingSecret, ''), slack.body, pagerduty.body, email.body, listed.body].join('\n');
  for (const secret of [SLACK_URL, ROUTING_KEY, PASSWORD, signingSecret]) assert.ok(!everything.includes(secret), 'no secret in any answer');
  assert.ok(!(await reader({ method: 'GET', url: `/v1/destinations/${ids.webhook}` })).body.includes(signingSecret));

  const sealed = await storedSecret(ids.slack!);
  assert.ok(sealed.startsWith('v1.') && !sealed.includes('slack-secret-part'), 'sealed, not plain text');
  assert.deepEqual(JSON.parse(box.open(sealed)), { webhookUrl: SLACK_URL });
  assert.deepEqual(JSON.parse(box.open(await storedSecret(ids.webhook!))), { signingSecret });
});

test('invalid settings are refused naming the field; a name is unique per tenant', async () => {
  const bad = await create({ name: 'bad', kind: 'pagerduty', secret: { routingKey: 'short' } });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().error.code, 'destination.invalid');
  assert.equal(bad.json().error.details.field, 'secret.routingKey');
  const unknown = await create({ name: 'bad', kind: 'webhook', config: { url: 'https://x.example.test', colour: 'red' } });
  assert.equal(unknown.json().error.details.field, 'config.colour');
  const kind = await create({ name: 'bad', kind: 'sms' });
  assert.equal(kind.statusCode, 400);
  const duplicate = await create({ name: 'slack', kind: 'slack', secret: { webhookUrl: SLACK_URL } });
  assert.equal(duplicate.statusCode, 409);
});

test('PATCH renames and replaces config; secret fields merge and stay sealed', async () => {
  const renamed = await t.tenant.call({ method: 'PATCH', url: `/v1/destinations/${ids.email}`, payload: { name: 'mail-soc', config: { host: 'smtp2.example.test', from: 'tai@example.test', to: ['a@example.test', 'b@example.test'], username: 'tai' } } });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal(renamed.json().destination.name, 'mail-soc');
  assert.equal(renamed.json().destination.config.host, 'smtp2.example.test');
  assert.deepEqual(JSON.parse(box.open(await storedSecret(ids.email!))), { password: PASSWORD }, 'the password kept');

  const newUrl = 'https://hooks.slack.example/services/T000/B000/rotated-part';
  const rotated = await t.tenant.call({ method: 'PATCH', url: `/v1/destinations/${ids.slack}`, payload: { secret: { webhookUrl: newUrl }, enabled: false, minSeverity: 'medium' } });
  assert.equal(rotated.statusCode, 200, rotated.body);
  assert.equal(rotated.json().destination.enabled, false);
  assert.equal(rotated.json().destination.minSeverity, 'medium');
  assert.ok(!rotated.body.includes('rotated-part'));
  assert.deepEqual(JSON.parse(box.open(await storedSecret(ids.slack!))), { webhookUrl: newUrl });

  const removed = await t.tenant.call({ method: 'PATCH', url: `/v1/destinations/${ids.email}`, payload: { secret: { password: null } } });
  assert.equal(removed.statusCode, 200, removed.body);
  assert.deepEqual(removed.json().destination.secret, { set: false, fields: [] });
  const broken = await t.tenant.call({ method: 'PATCH', url: `/v1/destinations/${ids.slack}`, payload: { secret: { webhookUrl: 'http://plain.example.test' } } });
  assert.equal(broken.statusCode, 400);
  assert.deepEqual(JSON.parse(box.open(await storedSecret(ids.slack!))), { webhookUrl: newUrl }, 'a refused change changes nothing');
});

test('a test send is a pending delivery in the outbox; only a failed delivery can be retried', async () => {
  const sent = await t.tenant.call({ method: 'POST', url: `/v1/destinations/${ids.webhook}/test` });
  assert.equal(sent.statusCode, 202, sent.body);
  assert.equal(sent.json().delivery.status, 'pending');
  const deliveryId = sent.json().delivery.id as string;
  const { rows } = await t.db.owner.query('select d.test, d.status, (select count(*)::int from alert_delivery_due u where u.delivery_id = d.id) as due from alert_deliveries d where d.id = $1', [deliveryId]);
  assert.deepEqual(rows, [{ test: true, status: 'pending', due: 1 }]);

  const recent = await reader({ method: 'GET', url: `/v1/destinations/${ids.webhook}/deliveries?limit=5` });
  assert.deepEqual((recent.json().data as Array<{ id: string }>).map((d) => d.id), [deliveryId]);
  const one = await reader({ method: 'GET', url: `/v1/deliveries/${deliveryId}` });
  assert.equal(one.statusCode, 200);
  assert.deepEqual(one.json().delivery.destination, { id: ids.webhook, name: 'hook', kind: 'webhook' });
  assert.deepEqual(one.json().delivery.attemptLog, []);

  const early = await t.tenant.call({ method: 'POST', url: `/v1/deliveries/${deliveryId}/retry` });
  assert.equal(early.statusCode, 409, 'a pending delivery is not retried');

  // The delivery loop gives up on it, as it records a final failure.
  await t.db.repos.destinations.recordAttempt({ tenantId: t.tenant.tenantId, deliveryId, now: new Date(), attempt: { outcome: 'failed', status: 410, error: 'HTTP 410', durationMs: 12, responseSnippet: 'gone', nextAttemptAt: null } });
  const failed = (await reader({ method: 'GET', url: `/v1/deliveries/${deliveryId}` })).json().delivery;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.lastStatus, 410);
  assert.deepEqual(failed.attemptLog.map((a: { outcome: string; status: number }) => [a.outcome, a.status]), [['failed', 410]]);

  const retried = await t.tenant.call({ method: 'POST', url: `/v1/deliveries/${deliveryId}/retry` });
  assert.equal(retried.statusCode, 202, retried.body);
  assert.equal(retried.json().delivery.status, 'pending');
  const due = await t.db.owner.query('select count(*)::int as n from alert_delivery_due where delivery_id = $1', [deliveryId]);
  assert.equal(due.rows[0].n, 1, 'due again');
});

test('a reader may read destinations but not change, test or retry them', async () => {
  assert.equal((await reader({ method: 'GET', url: `/v1/destinations/${ids.slack}` })).statusCode, 200);
  for (const [method, url, payload] of [
    ['POST', '/v1/destinations', { name: 'r', kind: 'slack', secret: { webhookUrl: SLACK_URL } }],
    ['PATCH', `/v1/destinations/${ids.slack}`, { name: 'r' }],
    ['DELETE', `/v1/destinations/${ids.slack}`, undefined],
    ['POST', `/v1/destinations/${ids.slack}/test`, undefined],
  ] as const) {
    const res = await reader({ method, url, ...(payload ? { payload } : {}) });
    assert.equal(res.statusCode, 403, `${method} ${url}`);
  }
});

test('another tenant gets 404 for this tenant\'s destinations and deliveries, and lists none', async () => {
  const b = await t.newTenant('dest-b');
  const deliveryId = (await t.tenant.call({ method: 'POST', url: `/v1/destinations/${ids.pagerduty}/test` })).json().delivery.id as string;
  for (const [method, url] of [
    ['GET', `/v1/destinations/${ids.pagerduty}`], ['PATCH', `/v1/destinations/${ids.pagerduty}`], ['DELETE', `/v1/destinations/${ids.pagerduty}`],
    ['POST', `/v1/destinations/${ids.pagerduty}/test`], ['GET', `/v1/destinations/${ids.pagerduty}/deliveries`],
    ['GET', `/v1/deliveries/${deliveryId}`], ['POST', `/v1/deliveries/${deliveryId}/retry`],
  ] as const) {
    const res = await b.call({ method, url, ...(method === 'PATCH' ? { payload: { name: 'mine' } } : {}) });
    assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
  }
  assert.deepEqual((await b.call({ method: 'GET', url: '/v1/destinations' })).json().data, []);
  assert.equal((await t.tenant.call({ method: 'GET', url: `/v1/destinations/${ids.pagerduty}` })).json().destination.name, 'pager');
});

test('deleting a destination removes it and its deliveries', async () => {
  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/destinations/${ids.pagerduty}` })).statusCode, 204);
  assert.equal((await reader({ method: 'GET', url: `/v1/destinations/${ids.pagerduty}` })).statusCode, 404);
  const { rows } = await t.db.owner.query('select count(*)::int as n from alert_deliveries where destination_id = $1', [ids.pagerduty]);
  assert.equal(rows[0].n, 0);
  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/destinations/${ids.pagerduty}` })).statusCode, 404);
});

test('without a secrets key a destination is refused as an S3 static key is', async () => {
  const bare = await setupApp({ secretsKey: null });
  try {
    const res = await bare.tenant.call({ method: 'POST', url: '/v1/destinations', payload: { name: 'slack', kind: 'slack', secret: { webhookUrl: SLACK_URL } } });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error.message, /SECRETS_ENCRYPTION_KEY/);
    assert.equal(res.json().error.details.field, 'secret');
  } finally {
    await bare.close();
  }
});
