import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findSourceByWebhookToken } from '@tai/api';
import { PUBLIC_URL, setupApp, type TestApp } from './support/app.js';

let t: TestApp;
before(async () => {
  t = await setupApp({ overlapSeconds: 3_600 });
});
after(() => t.close());

const tokenAuth = (token: string) => findSourceByWebhookToken({ sources: t.db.repos.sources, now: t.clock.now }, token);

async function createWebhookSource(name: string) {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name, config: { clusterName: 'prod' } } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

test('creating a webhook source returns its URLs and token once', async () => {
  const { source, webhook } = await createWebhookSource('prod-cluster');
  assert.match(webhook.token, /^tai_wh_[0-9A-Za-z]{40}$/);
  assert.equal(webhook.url, `${PUBLIC_URL}/v1/ingest/teleport/${webhook.token}`);
  assert.equal(webhook.sessionUrl, `${webhook.url}/session`);
  assert.equal(source.type, 'teleport_webhook');
  assert.deepEqual(source.config, { clusterName: 'prod' });
  assert.ok(webhook.token.startsWith(source.webhook.tokenPrefix));

  const got = await t.tenant.call({ method: 'GET', url: `/v1/sources/${source.id}` });
  assert.equal(got.statusCode, 200);
  assert.ok(!got.body.includes(webhook.token), 'the token is never shown again');
  const list = await t.tenant.call({ method: 'GET', url: '/v1/sources' });
  assert.ok(!list.body.includes(webhook.token));
  assert.ok(list.json().data.some((s: { id: string }) => s.id === source.id));
  assert.equal((await tokenAuth(webhook.token))?.id, source.id);
});

test('an S3 source needs a bucket and has no webhook token', async () => {
  const missing = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas', config: {} } });
  assert.equal(missing.statusCode, 400);
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas', config: { bucket: 'teleport-audit', prefix: 'events/', region: 'eu-west-1' } } });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().webhook, null);
  assert.equal(res.json().source.webhook, null);
});

test('an unknown source type or extra field is refused', async () => {
  for (const payload of [{ type: 'syslog', name: 'x' }, { type: 'teleport_webhook', name: 'x', secret: 'y' }, { type: 'teleport_webhook', name: '' }]) {
    const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload });
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.equal(res.json().error.code, 'request.invalid');
  }
});

test('source names are unique per tenant', async () => {
  await createWebhookSource('dup');
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'dup' } });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().error.code, 'resource.conflict');
  const other = await t.newTenant('other');
  const elsewhere = await other.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'dup' } });
  assert.equal(elsewhere.statusCode, 201, 'another tenant may use the same name');
});

test('a source can be renamed and reconfigured, with its config validated for its type', async () => {
  const { source } = await createWebhookSource('to-rename');
  const renamed = await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${source.id}`, payload: { name: 'renamed', config: { clusterName: 'staging' } } });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal(renamed.json().name, 'renamed');
  assert.deepEqual(renamed.json().config, { clusterName: 'staging' });
  const bad = await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${source.id}`, payload: { config: { bucket: 'not-for-webhooks' } } });
  assert.equal(bad.statusCode, 400);
  const empty = await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${source.id}`, payload: {} });
  assert.equal(empty.statusCode, 400);
});

test('deleting a source revokes its token and later reads get 404', async () => {
  const { source, webhook } = await createWebhookSource('to-delete');
  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/sources/${source.id}` })).statusCode, 204);
  const gone = await t.tenant.call({ method: 'GET', url: `/v1/sources/${source.id}` });
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.json().error.code, 'source.not_found');
  assert.equal(await tokenAuth(webhook.token), null);
  assert.equal((await t.tenant.call({ method: 'DELETE', url: `/v1/sources/${source.id}` })).statusCode, 404);
});

test('after rotation both tokens work until the overlap ends, then only the new one', async () => {
  const { source, webhook: first } = await createWebhookSource('rotating');
  const rotated = await t.tenant.call({ method: 'POST', url: `/v1/sources/${source.id}/rotate-token` });
  assert.equal(rotated.statusCode, 200, rotated.body);
  const second = rotated.json().webhook;
  assert.notEqual(second.token, first.token);
  const validUntil = new Date(rotated.json().source.webhook.previousTokenValidUntil);
  assert.equal(validUntil.getTime(), t.clock.now().getTime() + 3_600_000);

  assert.equal((await tokenAuth(first.token))?.id, source.id, 'old token works inside the overlap');
  assert.equal((await tokenAuth(second.token))?.id, source.id);

  t.clock.advance(3_600_000 + 1);
  assert.equal(await tokenAuth(first.token), null, 'old token stops after the overlap');
  assert.equal((await tokenAuth(second.token))?.id, source.id);
  const after = await t.tenant.call({ method: 'GET', url: `/v1/sources/${source.id}` });
  assert.equal(after.json().webhook.previousTokenValidUntil, null);
});

test('a second rotation inside the overlap is refused unless forced, and forcing ends the oldest token', async () => {
  const { source, webhook: first } = await createWebhookSource('rotating-twice');
  const second = (await t.tenant.call({ method: 'POST', url: `/v1/sources/${source.id}/rotate-token` })).json().webhook;
  const refused = await t.tenant.call({ method: 'POST', url: `/v1/sources/${source.id}/rotate-token` });
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().error.code, 'source.rotation_in_progress');
  assert.equal((await tokenAuth(first.token))?.id, source.id, 'a refused rotation changes nothing');

  const forced = await t.tenant.call({ method: 'POST', url: `/v1/sources/${source.id}/rotate-token?force=true` });
  assert.equal(forced.statusCode, 200);
  const third = forced.json().webhook;
  assert.equal(await tokenAuth(first.token), null);
  assert.equal((await tokenAuth(second.token))?.id, source.id);
  assert.equal((await tokenAuth(third.token))?.id, source.id);
});

test('S3 sources have no token to rotate', async () => {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas-2', config: { bucket: 'another-bucket' } } });
  const rotate = await t.tenant.call({ method: 'POST', url: `/v1/sources/${res.json().source.id}/rotate-token` });
  assert.equal(rotate.statusCode, 409);
});

test('every change is in the audit log with actor, target and origin', async () => {
  const { source } = await createWebhookSource('audited');
  await t.tenant.call({ method: 'POST', url: `/v1/sources/${source.id}/rotate-token`, headers: { 'user-agent': 'audit-test' } });
  const log = (await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=2' })).json();
  assert.equal(log.data.length, 2);
  const [rotation, creation] = log.data;
  assert.equal(rotation.action, 'source.rotate_token');
  assert.equal(rotation.target.id, source.id);
  assert.equal(rotation.userAgent, 'audit-test');
  assert.equal(rotation.ip, '127.0.0.1');
  assert.ok(rotation.actor.keyPrefix.startsWith('tai_ak_'));
  assert.equal(creation.action, 'source.create');
  assert.ok(log.nextCursor, 'more entries exist');
  const next = (await t.tenant.call({ method: 'GET', url: `/v1/audit-log?limit=2&cursor=${log.nextCursor}` })).json();
  assert.ok(next.data.every((e: { id: string }) => e.id !== rotation.id && e.id !== creation.id));
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/audit-log?cursor=garbage' })).statusCode, 400);
});

test('creation returns ready-to-paste sender configuration with the real URLs and token', async () => {
  const { webhook } = await createWebhookSource('with-setup');
  const { setup } = webhook;
  assert.ok(setup.eventHandlerToml.includes(`url = "${webhook.url}/events.log"`));
  assert.ok(setup.eventHandlerToml.includes(`session-url = "${webhook.url}/session"`));
  assert.ok(setup.fluentdConf.includes('keep_time_key true'));
  assert.ok(setup.fluentdConf.includes(`endpoint ${webhook.url}/\${tag}`));
  assert.match(setup.fluentdConf, /compress gzip/);
  assert.match(setup.fluentdConf, /retryable_response_codes \[[^\]]*503/);
  assert.match(setup.fluentBitConf, /URI\s+\/v1\/ingest\/teleport\/tai_wh_/);
  assert.match(setup.fluentBitConf, /Host\s+ingest\.example\.test/);
  assert.match(setup.fluentBitConf, /Port\s+443/);
  assert.ok(setup.vectorToml.includes(`auth.token = "${webhook.token}"`));
  assert.ok(setup.curl.includes(webhook.url));
});

test('GET setup shows the same snippets with a placeholder instead of the token', async () => {
  const { source, webhook } = await createWebhookSource('setup-later');
  const res = await t.tenant.call({ method: 'GET', url: `/v1/sources/${source.id}/setup` });
  assert.equal(res.statusCode, 200);
  assert.ok(!res.body.includes(webhook.token));
  assert.ok(res.json().eventHandlerToml.includes(`${PUBLIC_URL}/v1/ingest/teleport/<WEBHOOK_TOKEN>/session`));
});

test('an S3 source accepts the bucket as an ARN or s3:// URL and gets an ExternalId the customer cannot choose', async () => {
  const arn = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas-arn', config: { bucket: 'arn:aws:s3:::acme-longterm-1234/events' } } });
  assert.equal(arn.statusCode, 201, arn.body);
  const { config } = arn.json().source;
  assert.equal(config.bucket, 'acme-longterm-1234');
  assert.equal(config.prefix, 'events');
  assert.match(config.externalId, /^tai-[0-9a-f]{32}$/);

  const chosen = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas-x', config: { bucket: 'b-1234', externalId: 'mine' } } });
  assert.equal(chosen.statusCode, 400);
  const lambda = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas-y', config: { bucket: 'arn:aws:lambda:us-east-1:123456789012:function:x' } } });
  assert.equal(lambda.statusCode, 400);
  assert.match(lambda.json().error.message, /lambda/i);

  const patched = await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${arn.json().source.id}`, payload: { config: { bucket: 's3://acme-longterm-1234/audit', region: 'eu-west-1' } } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().config.externalId, config.externalId, 'the ExternalId survives updates');
  assert.equal(patched.json().config.prefix, 'audit');
});

test('S3 setup gives the trust policy with the ExternalId, the permissions and the bucket notification', async () => {
  const created = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas-setup', config: {
    bucket: 'acme-audit-bucket', prefix: 'events', region: 'us-east-1',
    roleArn: 'arn:aws:iam::123456789012:role/teleport-audit-ingest', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc',
  } } });
  const { id, config } = created.json().source;
  const setup = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${id}/setup` })).json();
  assert.equal(setup.externalId, config.externalId);
  assert.deepEqual(setup.trustPolicy.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': config.externalId } });
  const actions = setup.permissionsPolicy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
  assert.deepEqual(actions.sort(), ['kms:Decrypt', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']);
  assert.equal(setup.permissionsPolicy.Statement[0].Resource, 'arn:aws:s3:::acme-audit-bucket/events/*');
  assert.deepEqual(setup.bucketNotification.TopicConfigurations[0].Events, ['s3:ObjectCreated:*']);
  assert.deepEqual(setup.bucketNotification.TopicConfigurations[0].Filter.Key.FilterRules, [{ Name: 'prefix', Value: 'events/' }]);

  const own = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas-own-queue', config: {
    bucket: 'acme-audit-bucket-2', queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/audit-notifications',
  } } });
  const ownSetup = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${own.json().source.id}/setup` })).json();
  assert.equal(ownSetup.bucketNotification.QueueConfigurations[0].QueueArn, 'arn:aws:sqs:eu-west-1:123456789012:audit-notifications');
  assert.ok(ownSetup.permissionsPolicy.Statement.some((s: { Action: string[] }) => [s.Action].flat().includes('sqs:ReceiveMessage')));
});

test('static access keys are stored sealed, never shown, kept on updates that repeat the key id', async () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'self-hosted', config: { bucket: 'minio-audit', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret } } });
  assert.equal(res.statusCode, 201, res.body);
  assert.ok(!res.body.includes(secret) && !res.body.includes('Sealed'), 'neither the secret nor its sealed form is returned');
  assert.equal(res.json().source.config.secretAccessKeySet, true);
  const { rows } = await t.db.owner.query(`select config from sources where id = $1`, [res.json().source.id]);
  assert.ok(!JSON.stringify(rows[0].config).includes(secret));
  assert.match(rows[0].config.secretAccessKeySealed, /^v1\./);

  const patched = await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${res.json().source.id}`, payload: { config: { bucket: 'minio-audit', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1' } } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().config.secretAccessKeySet, true);
  const halfKey = await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${res.json().source.id}`, payload: { config: { bucket: 'minio-audit', accessKeyId: 'AKIAOTHERKEY00000000' } } });
  assert.equal(halfKey.statusCode, 400, 'a new key id needs its secret');
});

test('static access keys are refused when the service has no secrets key', async () => {
  const bare = await setupApp({ secretsKey: null });
  try {
    const res = await bare.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'x', config: { bucket: 'minio-audit', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } } });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /SECRETS_ENCRYPTION_KEY/);
  } finally {
    await bare.close();
  }
});
