import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyNotification, type Classified } from '../src/s3/index.js';

type RecordArgs = { key: string; eventName?: string; eventVersion?: string; eTag?: string; bucket?: string };

/** One record in exactly the shape S3 sends (S3 User Guide, "Event message structure"), key as S3 encodes it. */
function s3Record({ key, eventName = 'ObjectCreated:Put', eventVersion = '2.1', eTag = '0123456789abcdef0123456789abcdef', bucket = 'acme-teleport-audit' }: RecordArgs) {
  return {
    eventVersion, eventSource: 'aws:s3', awsRegion: 'us-west-2', eventTime: '2024-05-01T12:00:01.000Z', eventName,
    userIdentity: { principalId: 'AWS:AROAEXAMPLE:teleport' },
    requestParameters: { sourceIPAddress: '10.0.0.1' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S' },
    s3: {
      s3SchemaVersion: '1.0', configurationId: 'teleport-events',
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key, size: 2048, eTag, versionId: 'v1', sequencer: '0055AED6DCD90281E5' },
    },
  };
}

const body = (...records: object[]): string => JSON.stringify({ Records: records });

/** An SNS envelope as SNS writes it with raw delivery off. */
const snsEnvelope = (message: string): string => JSON.stringify({
  Type: 'Notification', MessageId: '74412159-e129-5807-b697-6fa2761c8a0a',
  TopicArn: 'arn:aws:sns:us-west-2:123456789012:teleport-events', Subject: 'Amazon S3 Notification',
  Message: message, Timestamp: '2024-05-01T12:00:01.100Z', SignatureVersion: '1', Signature: 'EXAMPLE',
  SigningCertURL: 'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-example.pem',
  UnsubscribeURL: 'https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe',
});

const keysOf = (result: Classified): string[] => (result.kind === 'objects' ? result.objects.map((o) => o.key) : []);
const reasonOf = (result: Classified): string => (result.kind === 'poison' ? result.reason : `not poison: ${result.kind}`);

test('keys are decoded as S3 encodes them: plus is a space, %2B a plus, %3D and %3A their characters', () => {
  const cases: [string, string][] = [
    ['this+im+%2B+age+blah.txt', 'this im + age blah.txt'],
    ['my+audit+log.json', 'my audit log.json'],
    ['a%3Db.ndjson', 'a=b.ndjson'],
    ['events/2024-05-01/12%3A00%3A01.parquet', 'events/2024-05-01/12:00:01.parquet'],
    ['Happy%20Face.jpg', 'Happy Face.jpg'],
  ];
  for (const [raw, decoded] of cases) {
    assert.deepEqual(keysOf(classifyNotification(body(s3Record({ key: raw })))), [decoded], raw);
  }
});

test('every record of a multi-record message becomes an object, in order', () => {
  const result = classifyNotification(body(s3Record({ key: 'events/2024-05-01/a.parquet' }), s3Record({ key: 'events/2024-05-02/b.parquet' })));
  assert.deepEqual(keysOf(result), ['events/2024-05-01/a.parquet', 'events/2024-05-02/b.parquet']);
  assert.deepEqual(result.kind === 'objects' ? result.skipped : null, []);
});

test('a direct record carries every field the object job needs', () => {
  const result = classifyNotification(body(s3Record({ key: 'events/2024-05-01/a.parquet' })));
  assert.deepEqual(result, {
    kind: 'objects', skipped: [],
    objects: [{
      bucket: 'acme-teleport-audit', key: 'events/2024-05-01/a.parquet', versionId: 'v1',
      eTag: '0123456789abcdef0123456789abcdef', size: 2048, region: 'us-west-2', account: null, via: 's3',
      eventTime: '2024-05-01T12:00:01.000Z',
    }],
  });
});

test('ObjectRemoved records are skipped and counted while ObjectCreated ones in the same message are kept', () => {
  const result = classifyNotification(body(
    s3Record({ key: 'gone.parquet', eventName: 'ObjectRemoved:Delete' }),
    s3Record({ key: 'kept.parquet', eventName: 'ObjectCreated:CompleteMultipartUpload' }),
    s3Record({ key: 'gone-too.parquet', eventName: 'ObjectRemoved:DeleteMarkerCreated' }),
  ));
  assert.deepEqual(keysOf(result), ['kept.parquet']);
  assert.deepEqual(result.kind === 'objects' ? result.skipped : null, [{ reason: 'not_object_created', count: 2 }]);
});

test('an eventVersion with major 3 is skipped, while 2.x and a missing version are accepted', () => {
  const v3 = classifyNotification(body(s3Record({ key: 'a.parquet', eventVersion: '3.0' })));
  assert.deepEqual(v3, { kind: 'objects', objects: [], skipped: [{ reason: 'unsupported_event_version', count: 1 }] });
  assert.deepEqual(keysOf(classifyNotification(body(s3Record({ key: 'a.parquet', eventVersion: '2.3' })))), ['a.parquet']);
  const { eventVersion: _dropped, ...unversioned } = s3Record({ key: 'b.parquet' });
  assert.deepEqual(keysOf(classifyNotification(body(unversioned))), ['b.parquet']);
});

test('a quoted ETag is unquoted', () => {
  const result = classifyNotification(body(s3Record({ key: 'a.parquet', eTag: '"d41d8cd98f00b204e9800998ecf8427e-3"' })));
  assert.equal(result.kind === 'objects' ? result.objects[0]?.eTag : null, 'd41d8cd98f00b204e9800998ecf8427e-3');
});

test('an empty Records array is an empty objects result, so the message is simply deleted', () => {
  assert.deepEqual(classifyNotification('{"Records":[]}'), { kind: 'objects', objects: [], skipped: [] });
});

test('an SNS-wrapped record is unwrapped and marked via sns', () => {
  const result = classifyNotification(snsEnvelope(body(s3Record({ key: 'x+y.gz' }))));
  assert.equal(result.kind === 'objects' ? result.objects[0]?.via : null, 'sns');
  assert.deepEqual(keysOf(result), ['x y.gz']);
});

test('a double-wrapped SNS envelope is unwrapped, a triple-wrapped one is poison', () => {
  const inner = body(s3Record({ key: 'events/2024-05-01/a.parquet' }));
  assert.deepEqual(keysOf(classifyNotification(snsEnvelope(snsEnvelope(inner)))), ['events/2024-05-01/a.parquet']);
  assert.match(reasonOf(classifyNotification(snsEnvelope(snsEnvelope(snsEnvelope(inner))))), /nested more than 2 deep/);
});

test('an SNS-wrapped S3 test event is a test event with its bucket', () => {
  const testEvent = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2024-05-01T12:00:00.000Z', Bucket: 'acme-teleport-audit', RequestId: 'R', HostId: 'H' });
  assert.deepEqual(classifyNotification(snsEnvelope(testEvent)), { kind: 'test-event', bucket: 'acme-teleport-audit' });
});

test('a test event with an empty Bucket reports no bucket', () => {
  const testEvent = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2024-05-01T12:00:00.000Z', Bucket: '', RequestId: 'R', HostId: 'H' });
  assert.deepEqual(classifyNotification(testEvent), { kind: 'test-event', bucket: null });
});

test('an SNS SubscriptionConfirmation is recognised rather than parsed as a notification', () => {
  const confirmation = JSON.stringify({
    Type: 'SubscriptionConfirmation', MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b', Token: '2336412f37',
    TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
    Message: 'You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\nTo confirm the subscription, visit the SubscribeURL included in this message.',
    SubscribeURL: 'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37',
    Timestamp: '2012-04-26T20:45:04.751Z', SignatureVersion: '1', Signature: 'EXAMPLE',
    SigningCertURL: 'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
  });
  assert.deepEqual(classifyNotification(confirmation), { kind: 'subscription-confirmation' });
});

/** An EventBridge event as the S3 User Guide documents it ("EventBridge event message structure"). */
const eventBridge = ({ detailType = 'Object Created', source = 'aws.s3', key = 'events/2024-05-01/a.parquet' } = {}) => JSON.stringify({
  version: '0', id: '17793124-05d4-b198-2fde-7ededc63b103', 'detail-type': detailType, source, account: '111122223333',
  time: '2024-05-01T12:00:01Z', region: 'us-west-2', resources: ['arn:aws:s3:::acme-teleport-audit'],
  detail: {
    version: '0', bucket: { name: 'acme-teleport-audit' },
    object: { key, size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189' },
    'request-id': 'N4N7GDK58NMKJ12R', requester: '111122223333', 'source-ip-address': '1.2.3.4', reason: 'PutObject',
  },
});

test('an EventBridge Object Created event keeps its key exactly as sent and carries the account', () => {
  const result = classifyNotification(eventBridge({ key: 'logs/Happy%20Face+1.gz' }));
  assert.deepEqual(keysOf(result), ['logs/Happy%20Face+1.gz']);
  assert.equal(result.kind === 'objects' ? result.objects[0]?.account : null, '111122223333');
  assert.equal(result.kind === 'objects' ? result.objects[0]?.via : null, 'eventbridge');
});

test('other EventBridge S3 events are skipped, events from other services are poison', () => {
  assert.deepEqual(classifyNotification(eventBridge({ detailType: 'Object Deleted' })),
    { kind: 'objects', objects: [], skipped: [{ reason: 'not_object_created', count: 1 }] });
  assert.match(reasonOf(classifyNotification(eventBridge({ source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' }))), /aws\.ec2/);
});

test('a body that is not JSON is poison', () => {
  assert.equal(reasonOf(classifyNotification('{"Records": [')), 'body is not valid JSON');
  assert.equal(reasonOf(classifyNotification('')), 'body is not valid JSON');
});

test('JSON that is not an object is poison naming its type', () => {
  assert.match(reasonOf(classifyNotification('[1,2]')), /an array/);
  assert.match(reasonOf(classifyNotification('null')), /null/);
});

test('a base64 body from Teleport\'s internal protobuf queue is poison that says so', () => {
  const protobuf = Buffer.from('\n\x0buser.login\x12\x04T1000I\x1a\x24f2a2c8ad-1b2c-4d5e-8f90-123456789abc').toString('base64');
  assert.match(reasonOf(classifyNotification(protobuf)), /Teleport's internal protobuf event queue/);
  assert.match(reasonOf(classifyNotification(snsEnvelope(protobuf))), /^SNS Message is base64/);
});

test('a CloudTrail log-delivery notification is poison, directly or through SNS', () => {
  const cloudTrail = JSON.stringify({
    s3Bucket: 'acme-cloudtrail',
    s3ObjectKey: ['AWSLogs/123456789012/CloudTrail/us-east-2/2013/12/13/123456789012_CloudTrail_us-west-2_20131213T1920Z_LnPgDQnpkSKEsppV.json.gz'],
  });
  assert.match(reasonOf(classifyNotification(cloudTrail)), /CloudTrail/);
  assert.match(reasonOf(classifyNotification(snsEnvelope(cloudTrail))), /CloudTrail/);
});

test('a MinIO bucket notification is poison', () => {
  const minio = {
    eventVersion: '2.0', eventSource: 'minio:s3', awsRegion: '', eventTime: '2024-05-01T12:00:01.000Z', eventName: 's3:ObjectCreated:Put',
    userIdentity: { principalId: 'minioadmin' }, requestParameters: { principalId: 'minioadmin', region: '', sourceIPAddress: '172.17.0.1' },
    responseElements: { 'x-amz-request-id': '17C9B0B1A2B3C4D5', 'x-minio-origin-endpoint': 'http://172.17.0.2:9000' },
    s3: {
      s3SchemaVersion: '1.0', configurationId: 'Config',
      bucket: { name: 'audit', ownerIdentity: { principalId: 'minioadmin' }, arn: 'arn:aws:s3:::audit' },
      object: { key: 'events%2F2024-05-01%2Fa.parquet', size: 2048, eTag: 'd41d8cd98f00b204e9800998ecf8427e', contentType: 'application/octet-stream', userMetadata: {}, sequencer: '17C9B0B1A2B3C4D5' },
    },
    source: { host: '172.17.0.1', port: '', userAgent: 'MinIO (linux; amd64) minio-go/v7.0.70' },
  };
  assert.match(reasonOf(classifyNotification(JSON.stringify({ EventName: 's3:ObjectCreated:Put', Key: 'audit/events/2024-05-01/a.parquet', Records: [minio] }))), /MinIO/);
});

test('a non-S3 SNS payload is poison naming the topic', () => {
  assert.match(reasonOf(classifyNotification(snsEnvelope('{"message":"hello world"}'))), /topic arn:aws:sns:us-west-2:123456789012:teleport-events/);
});

test('an ObjectCreated record without a key is poison rather than silently dropped', () => {
  const record = s3Record({ key: 'a.parquet' });
  const { key: _key, ...objectWithoutKey } = record.s3.object;
  assert.match(reasonOf(classifyNotification(body({ ...record, s3: { ...record.s3, object: objectWithoutKey } }))), /Records\[0\].*s3\.object\.key/);
});
