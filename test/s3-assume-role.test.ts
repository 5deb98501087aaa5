import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { uuidv7 } from '@tai/core';
import { createAwsClients } from '@tai/worker';
import { setupApp, type TestApp } from './support/app.js';
import { startS3Front } from './support/local-s3-front.js';
import { startLocalSts, type LocalSts } from './support/local-sts.js';
import { REGION, startS3Stack, waitFor } from './support/s3-stack.js';

// The cross-account path of s3-ingest.md §6.1: the worker reads each bucket with credentials from AssumeRole on
// the customer's role, with the ExternalId the service chose for the source. A local STS issues them and an S3
// front before fauxqs accepts nothing else, so "the events are stored" means "read with the assumed role".

let t: TestApp;
let sts: LocalSts;
let front: Awaited<ReturnType<typeof startS3Front>>;
let stack: Awaited<ReturnType<typeof startS3Stack>>;

before(async () => {
  t = await setupApp();
  sts = await startLocalSts();
  stack = await startS3Stack({
    repos: t.db.repos,
    config: { stsEndpoint: sts.endpoint },
    workerEndpoint: async (fauxqs) => {
      front = await startS3Front({ upstream: fauxqs, sts });
      return front.endpoint;
    },
  });
});
after(async () => {
  await stack.stop();
  await front.stop();
  await sts.stop();
  await t.close();
});

type ObjectView = { id: string; key: string; status: string; attempts: number; lastError: string | null };
type Warning = { code: string; message: string };

/** An S3 source on its own bucket, read through a role, as a customer creates it; the service picks the ExternalId. */
async function roleSource(name: string) {
  const bucket = `acme-${name}`;
  const roleArn = `arn:aws:iam::111122223333:role/teleport-audit-${name}`;
  stack.aws.createBucket(bucket);
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name, config: { bucket, prefix: 'events', roleArn } } });
  assert.equal(res.statusCode, 201, res.body);
  const { id, config } = res.json().source as { id: string; config: { externalId: string } };
  assert.match(config.externalId, /^tai-[0-9a-f]{32}$/);
  const objects = async (): Promise<ObjectView[]> => (await t.tenant.call({ method: 'GET', url: `/v1/sources/${id}/objects` })).json().data;
  return {
    id, bucket, roleArn, externalId: config.externalId,
    /** puts an object of `events` and announces it as S3 would, through SNS */
    send: async (events: { uid: string }[]) => {
      const key = `events/2024-06-01/${uuidv7()}.json.gz`;
      const object = await stack.put(bucket, key, gzipSync(events.map((e) => JSON.stringify({ event: 'user.login', time: '2024-06-01T10:00:00Z', user: 'alice', ...e })).join('\n')));
      await stack.notifyViaSns([stack.s3Record(bucket, key, object)]);
      return key;
    },
    object: (key: string, status: string) => waitFor(async () => (await objects()).find((o) => o.key === key && o.status === status), { what: `${key} ${status}` }),
    settled: (key: string) => waitFor(async () => (await objects()).find((o) => o.key === key && ['done', 'failed', 'missing'].includes(o.status)), { what: `${key} settled` }),
    warnings: async (): Promise<Warning[]> => (await t.tenant.call({ method: 'GET', url: `/v1/sources/${id}` })).json().health.warnings,
    storedEvents: async () => (await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [id])).rows[0].n as number,
  };
}

const frontRequestsFor = (bucket: string) => front.requests.filter((r) => r.path.startsWith(`/${bucket}/`) || r.path.startsWith(`/${bucket}?`));

test('objects are read with credentials from AssumeRole on the source\'s role and its own ExternalId', async () => {
  const source = await roleSource('assumed');
  sts.putRole(source.roleArn, { externalId: source.externalId, buckets: [source.bucket] });

  const keys = [];
  for (let i = 0; i < 3; i++) keys.push(await source.send([{ uid: `assumed-${i}-a` }, { uid: `assumed-${i}-b` }]));
  for (const key of keys) await source.object(key, 'done');
  assert.equal(await source.storedEvents(), 6);

  const calls = sts.callsFor(source.roleArn);
  assert.equal(calls.length, 1, 'credentials that last 900 s are assumed once for all three objects');
  assert.deepEqual({ ...calls[0], sessionName: calls[0]!.sessionName.slice(0, 15) }, {
    roleArn: source.roleArn, externalId: source.externalId, durationSeconds: 3_600, sessionName: 'teleport-audit-', callerKeyId: 'test', outcome: 'issued',
  });
  const reads = frontRequestsFor(source.bucket);
  assert.ok(reads.length >= 6, 'a HEAD and a GET per object');
  assert.ok(reads.every((r) => r.roleArn === source.roleArn && r.code === null && r.status < 300), JSON.stringify(reads));
  assert.equal(new Set(reads.map((r) => r.accessKeyId)).size, 1);

  // The front is not a formality: the worker's own keys, which fauxqs would take, are refused, and so is the
  // issued key id and token signed with any secret but the one STS issued with them.
  const issued = sts.issuedFor(reads[0]!.accessKeyId!)!;
  for (const [credentials, name] of [
    [{ accessKeyId: 'test', secretAccessKey: 'test' }, 'InvalidAccessKeyId'],
    [{ accessKeyId: issued.accessKeyId, sessionToken: issued.sessionToken, secretAccessKey: 'not-the-issued-secret' }, 'SignatureDoesNotMatch'],
  ] as const) {
    const other = new S3Client({ region: REGION, endpoint: front.endpoint, forcePathStyle: true, credentials });
    await assert.rejects(other.send(new GetObjectCommand({ Bucket: source.bucket, Key: keys[0] })), { name });
    other.destroy();
  }
});

test('short-lived credentials are assumed again before they expire: reads spread over several lifetimes never meet an expired token', async () => {
  const source = await roleSource('refresh');
  // Under the SDK's 5-minute refresh window, so the provider must assume again rather than reuse what it has;
  // real seconds, because the SDK judges expiry by the wall clock and the front by the same clock.
  sts.putRole(source.roleArn, { externalId: source.externalId, lifetimeSeconds: 2 });

  const started = Date.now();
  for (let i = 0; i < 4; i++) {
    const settled = await source.settled(await source.send([{ uid: `refresh-${i}` }]));
    assert.equal(settled.status, 'done', settled.lastError ?? '');
    assert.equal(settled.attempts, 1, 'no attempt failed on an expired token');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  assert.ok(Date.now() - started > 4_000);
  assert.equal(await source.storedEvents(), 4);

  const reads = frontRequestsFor(source.bucket);
  assert.deepEqual(reads.filter((r) => r.code !== null), [], 'the front refused nothing');
  const keysUsed = [...new Set(reads.map((r) => r.accessKeyId!))].map((k) => sts.issuedFor(k)!);
  assert.ok(keysUsed.length >= 3, `reads used ${keysUsed.length} successive credentials`);
  assert.ok(keysUsed.at(-1)!.issuedAt > keysUsed[0]!.expiresAt, 'the last credentials were issued after the first had expired');
  assert.ok(sts.callsFor(source.roleArn).every((c) => c.outcome === 'issued' && c.externalId === source.externalId));
});

test('a wrong ExternalId or a role that does not trust the service fails the objects with s3.assume_role_denied, and the source\'s health says to check the trust policy and ExternalId', async () => {
  const wrongId = await roleSource('wrong-external-id');
  sts.putRole(wrongId.roleArn, { externalId: 'tai-00000000000000000000000000000000' }); // the customer pasted another source's
  const untrusting = await roleSource('no-trust');
  sts.putRole(untrusting.roleArn, { externalId: untrusting.externalId, trustsService: false });

  for (const source of [wrongId, untrusting]) {
    const key = await source.send([{ uid: `${source.id}-1` }]);
    const failed = await source.object(key, 'failed');
    assert.match(failed.lastError!, new RegExp(`^attempt 2/2: AssumeRole ${source.roleArn}: AccessDenied: .*not authorized to perform: sts:AssumeRole`));
    assert.equal(frontRequestsFor(source.bucket).length, 0, 'nothing was read without the role');
    assert.ok(sts.callsFor(source.roleArn).every((c) => c.outcome === 'denied' && c.externalId === source.externalId), 'the source\'s own ExternalId was sent');

    const warning = (await source.warnings()).find((w) => w.code === 's3.assume_role_denied');
    assert.ok(warning, JSON.stringify(await source.warnings()));
    assert.match(warning.message, /^1 object could not be read \(1 failed\)\. AWS refused to let the service assume the role /);
    assert.ok(warning.message.includes(`trust policy`) && warning.message.includes(`sts:ExternalId "${source.externalId}"`), warning.message);
    assert.ok(warning.message.includes(`/v1/sources/${source.id}/objects/{objectId}/retry`), warning.message);
  }

  // Once the customer fixes the trust policy, retrying the object reads it and the warning goes away.
  sts.putRole(wrongId.roleArn, { externalId: wrongId.externalId });
  const [failed] = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${wrongId.id}/objects?status=failed` })).json().data as ObjectView[];
  assert.equal((await t.tenant.call({ method: 'POST', url: `/v1/sources/${wrongId.id}/objects/${failed!.id}/retry` })).statusCode, 200);
  await wrongId.object(failed!.key, 'done');
  assert.equal(await wrongId.storedEvents(), 1);
  assert.ok(!(await wrongId.warnings()).some((w) => w.code === 's3.assume_role_denied'));
});

test('a role whose permissions do not cover the bucket fails with s3.access_denied, pointing at the permissions policy, not the trust', async () => {
  const source = await roleSource('no-permission');
  sts.putRole(source.roleArn, { externalId: source.externalId, buckets: ['some-other-bucket'] });
  const failed = await source.object(await source.send([{ uid: 'no-permission-1' }]), 'failed');
  assert.equal(failed.lastError, 'attempt 2/2: HTTP 403 Forbidden without error details', 'a HEAD refused brings only its status');
  assert.ok(sts.callsFor(source.roleArn).every((c) => c.outcome === 'issued'), 'the role itself was assumed');
  const warnings = await source.warnings();
  assert.ok(!warnings.some((w) => w.code === 's3.assume_role_denied'));
  const warning = warnings.find((w) => w.code === 's3.access_denied');
  assert.ok(warning, JSON.stringify(warnings));
  assert.match(warning.message, new RegExp(`S3 refused to read arn:aws:s3:::${source.bucket}/events/\\* with the credentials of ${source.roleArn}\\. Check the role's permissions policy`));
});

test('a customer-owned queue is polled with the source\'s role, like its bucket, not with the worker\'s own keys', async () => {
  const roleArn = 'arn:aws:iam::111122223333:role/teleport-audit-own-queue';
  const externalId = 'tai-0123456789abcdef0123456789abcdef';
  sts.putRole(roleArn, { externalId });
  const { queueUrl } = stack.aws.createQueue('customer-owned-notifications');
  const aws = createAwsClients({ region: REGION, endpoint: front.endpoint, stsEndpoint: sts.endpoint });
  try {
    const source = { id: '0190f7e0-0000-7000-8000-000000000001', config: { bucket: 'acme-own-queue', roleArn, externalId } };
    await aws.sqsFor(source, queueUrl).send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    await aws.sqs(queueUrl).send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    const [own, service] = front.otherServices.slice(-2);
    assert.equal(own!.service, 'sqs');
    assert.equal(sts.issuedFor(own!.accessKeyId)?.roleArn, roleArn, 'the source\'s queue is read with credentials AssumeRole issued for its role');
    assert.equal(service!.accessKeyId, 'test', 'the service\'s own queue is read with the worker\'s credentials');
    assert.equal(sts.callsFor(roleArn).at(-1)!.externalId, externalId);
  } finally {
    aws.close();
  }
});
