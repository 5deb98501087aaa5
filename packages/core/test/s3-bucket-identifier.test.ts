import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBucketIdentifier } from '../src/s3/index.js';

const errorOf = (input: string): string => {
  const result = parseBucketIdentifier(input);
  return 'error' in result ? result.error : `parsed: ${JSON.stringify(result)}`;
};

test('a bare bucket name parses with no prefix, surrounding whitespace ignored', () => {
  assert.deepEqual(parseBucketIdentifier('acme-longterm-0b6e3c1a'), { bucket: 'acme-longterm-0b6e3c1a', prefix: null });
  assert.deepEqual(parseBucketIdentifier('  logs.example.com \n'), { bucket: 'logs.example.com', prefix: null });
});

test('bucket ARNs parse in the aws, aws-us-gov, aws-cn and aws-eusc partitions', () => {
  for (const partition of ['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc']) {
    assert.deepEqual(parseBucketIdentifier(`arn:${partition}:s3:::acme-audit`), { bucket: 'acme-audit', prefix: null }, partition);
  }
});

test('an ARN or s3:// URL with a path yields the prefix without trailing slashes or an IAM wildcard', () => {
  assert.deepEqual(parseBucketIdentifier('arn:aws:s3:::acme-audit/events'), { bucket: 'acme-audit', prefix: 'events' });
  assert.deepEqual(parseBucketIdentifier('arn:aws:s3:::acme-audit/events/*'), { bucket: 'acme-audit', prefix: 'events' });
  assert.deepEqual(parseBucketIdentifier('s3://acme-audit/teleport/events/'), { bucket: 'acme-audit', prefix: 'teleport/events' });
  assert.deepEqual(parseBucketIdentifier('s3://acme-audit'), { bucket: 'acme-audit', prefix: null });
  assert.deepEqual(parseBucketIdentifier('s3://acme-audit/'), { bucket: 'acme-audit', prefix: null });
});

test('ARNs of other services are rejected naming the service', () => {
  assert.match(errorOf('arn:aws:sqs:us-east-1:123456789012:teleport-events'), /"sqs" service \(an SQS queue\)/);
  assert.match(errorOf('arn:aws:sns:us-east-1:123456789012:teleport-events'), /"sns" service \(an SNS topic\)/);
  assert.match(errorOf('arn:aws:iam::123456789012:role/reader'), /"iam" service/);
  assert.match(errorOf('arn:aws:dynamodb:us-east-1:123456789012:table/x'), /"dynamodb" service/);
});

test('S3 ARNs that are not bucket ARNs are rejected with the reason', () => {
  assert.match(errorOf('arn:aws:s3:us-east-1:123456789012:accesspoint/teleport'), /access point/);
  assert.match(errorOf('arn:aws:s3:us-east-1::acme-audit'), /empty region and account/);
  assert.match(errorOf('arn:aws-iso:s3:::acme-audit'), /partition "aws-iso"/);
  assert.match(errorOf('arn:aws:s3'), /malformed ARN/);
});

test('bucket names breaking S3 naming rules are rejected with the rule', () => {
  const cases: [string, RegExp][] = [
    ['ab', /3 to 63/],
    ['a'.repeat(64), /3 to 63/],
    ['Acme-Audit', /lowercase/],
    ['acme_audit', /only lowercase letters, digits, dots and hyphens/],
    ['-acme', /start and end with a letter or digit/],
    ['acme.', /start and end with a letter or digit/],
    ['acme..audit', /adjacent dots/],
    ['192.168.5.4', /IP address/],
    ['xn--acme', /"xn--"/],
    ['amzn-s3-demo-bucket1', /documentation/],
    ['acme-s3alias', /access point alias/],
    ['acme--usw2-az1--x-s3', /directory bucket/],
  ];
  for (const [name, rule] of cases) assert.match(errorOf(name), rule, name);
  assert.match(errorOf('s3://Acme/events'), /invalid bucket name "Acme"/);
});

test('empty input, a bare name with a slash and other URL schemes are rejected', () => {
  assert.match(errorOf('   '), /empty/);
  assert.match(errorOf('s3://'), /missing bucket name/);
  assert.match(errorOf('acme-audit/events'), /s3:\/\/<bucket>\/<prefix>/);
  assert.match(errorOf('https://acme-audit.s3.amazonaws.com/events'), /unsupported URL/);
});
