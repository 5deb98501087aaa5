import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SQS_CORPUS_DIR } from '../../../test/support/corpus.js';
import { classifyNotification, type Classified, type ObjectRef } from '../src/s3/index.js';

const SQS_CORPUS = SQS_CORPUS_DIR;

// Lambda hands SQS messages over as Records[].body; the SQS API the poller uses gives one Body per message.
function sqsBodies(file: string): string[] {
  const text = readFileSync(path.join(SQS_CORPUS, file), 'utf8');
  const doc = JSON.parse(text) as { Records?: { eventSource?: string; body?: string }[] };
  const lambdaRecords = doc.Records?.filter((record) => record.eventSource === 'aws:sqs') ?? [];
  if (lambdaRecords.length === 0) return [text];
  return lambdaRecords.map((record) => {
    assert.equal(typeof record.body, 'string');
    return record.body as string;
  });
}

const object = (ref: Omit<ObjectRef, 'account'> & { account?: string | null }): Classified =>
  ({ kind: 'objects', objects: [{ account: null, ...ref }], skipped: [] });

const HAPPY_FACE = object({
  bucket: 'sourcebucket', key: 'Happy Face.jpg', versionId: 'version', eTag: 'd41d8cd98f00b204e9800998ecf8427e',
  size: 1024, region: 'us-east-1', via: 's3', eventTime: '1970-01-01T00:00:00.123Z',
});
const TEST_PDF = object({
  bucket: 'xxx', key: 'test.pdf', versionId: 'yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV', eTag: '2e3ad1e983318bbd8e73b080e2997980',
  size: 104681, region: 'us-east-1', via: 's3', eventTime: '2023-04-12T20:43:38.021Z',
});

// s3-ingest.md §4.6 "Test vectors": one object per file, except two test events and one non-S3 SNS payload.
const EXPECTED: Record<string, Classified> = {
  'aws-lambda-go-s3-event.json': HAPPY_FACE,
  'awsdoc-eventbridge-object-created.json': object({
    bucket: 'amzn-s3-demo-bucket1', key: 'example-key', versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
    eTag: 'b1946ac92492d2347c6235b4d2611184', size: 5, region: 'ca-central-1', account: '111122223333',
    via: 'eventbridge', eventTime: '2021-11-12T00:00:00Z',
  }),
  'filebeat-eventbridge-sqs-body.json': object({
    bucket: 'vpc-flow-logs-ks', key: 'test-object-key', versionId: 'uoW5awQhqux4rhi4Nuh6il967FzQlsHJ',
    eTag: '2ba6b152f13c75a9155b87b5b072963c', size: 744, region: 'eu-west-1', account: '952856826737',
    via: 'eventbridge', eventTime: '2024-06-24T08:31:26Z',
  }),
  'filebeat-sns-sqs-body.json': object({
    bucket: 'vpc-flow-logs-ks', key: 'test-object-key', versionId: null, eTag: null, size: null,
    region: 'us-east-1', via: 'sns', eventTime: null,
  }),
  'powertools-s3Event.json': object({
    bucket: 'lambda-artifacts-deafc19498e3f2df', key: 'b21b84d653bb07b05b1e6b33684dc11b', versionId: null,
    eTag: 'b21b84d653bb07b05b1e6b33684dc11b', size: 1305107, region: 'us-east-2', via: 's3',
    eventTime: '2019-09-03T19:37:27.192Z',
  }),
  'powertools-s3EventBridgeNotificationObjectCreatedEvent.json': object({
    bucket: 'example-bucket', key: 'IMG_m7fzo3.jpg', versionId: null, eTag: '4e68adba0abe2dc8653dc3354e14c01d',
    size: 184662, region: 'eu-west-1', account: '123456789012', via: 'eventbridge', eventTime: '2023-03-08T17:50:14Z',
  }),
  'powertools-s3EventDecodedKey.json': HAPPY_FACE,
  'powertools-s3SqsEvent.json': TEST_PDF,
  'powertools-snsSqsEvent.json': {
    kind: 'poison',
    reason: 'SNS Message (topic arn:aws:sns:eu-west-1:231436140809:powertools265) is not an S3 event notification, S3 test event or EventBridge S3 event',
  },
  'sns-wrapped-s3-objectcreated-nexrad.json': object({
    bucket: 'unidata-nexrad-level2-chunks', key: 'KDAX/734/20151228-200051-001-S', versionId: null,
    eTag: 'e3d721125d839db8337f32636c33d2b9', size: 11714, region: 'us-east-1', via: 'sns',
    eventTime: '2015-12-28T20:00:53.031Z',
  }),
  'sqs-body-direct-s3-objectcreated.json': TEST_PDF,
  'vector-s3-test-event.json': { kind: 'test-event', bucket: 'bucketname' },
  'vector-sns-wrapped-s3-test-event.json': { kind: 'test-event', bucket: 'bucketname' },
};

test('the expectations cover exactly the files in the SQS corpus, so a new fixture needs a verdict', () => {
  const files = readdirSync(SQS_CORPUS).filter((name) => name.endsWith('.json')).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`corpus ${file} is classified as ${expected.kind}`, () => {
    const bodies = sqsBodies(file);
    assert.equal(bodies.length, 1);
    assert.deepEqual(classifyNotification(bodies[0] ?? ''), expected);
  });
}

test('the URL-encoded key in the powertools fixture decodes to its urlDecodedKey', () => {
  const doc = JSON.parse(readFileSync(path.join(SQS_CORPUS, 'powertools-s3EventDecodedKey.json'), 'utf8')) as {
    Records: { s3: { object: { key: string; urlDecodedKey: string } } }[];
  };
  const fixtureObject = doc.Records[0]?.s3.object;
  const result = classifyNotification(JSON.stringify(doc));
  assert.equal(fixtureObject?.key, 'Happy%20Face.jpg');
  assert.equal(result.kind === 'objects' ? result.objects[0]?.key : null, fixtureObject?.urlDecodedKey);
});

test('a Lambda-shaped SQS event fed in whole is poison that names the mistake', () => {
  const text = readFileSync(path.join(SQS_CORPUS, 'powertools-s3SqsEvent.json'), 'utf8');
  const result = classifyNotification(text);
  assert.equal(result.kind, 'poison');
  assert.match(result.kind === 'poison' ? result.reason : '', /Lambda-shaped SQS event/);
});
