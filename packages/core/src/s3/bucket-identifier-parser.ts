import { bucketNameProblem } from './bucket-name-validator.js';

export type BucketIdentifier = { bucket: string; prefix: string | null };
export type BucketIdentifierResult = BucketIdentifier | { error: string };

// Partitions with commercial S3 buckets; isolated partitions are out of reach of a hosted service anyway.
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-eusc']);
// The resource part of an ARN may itself contain colons (keys can), so only the first five split.
const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const FORMS = 'a bucket name, arn:aws:s3:::<bucket>[/<prefix>] or s3://<bucket>[/<prefix>]';

// Users paste whatever ARN the console shows them; naming what they pasted is the helpful part.
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  sqs: 'an SQS queue', sns: 'an SNS topic', iam: 'an IAM principal', kms: 'a KMS key',
  events: 'an EventBridge resource', lambda: 'a Lambda function', s3express: 'an S3 Express directory bucket',
  's3-outposts': 'an S3 on Outposts resource', 's3-object-lambda': 'an S3 Object Lambda access point',
};

/**
 * Prefixes are folders: `s3://b/events/` and `s3://b/events` both mean `events`, matching the key
 * filter's `<prefix>/…`. A trailing `*` is dropped because ARNs copied from IAM policies end in `/*`.
 */
function normalizePrefix(raw: string): string | null {
  const prefix = raw.replace(/\*$/, '').replace(/\/+$/, '');
  return prefix === '' ? null : prefix;
}

function fromBucketPath(path: string): BucketIdentifierResult {
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  if (bucket === '') return { error: `missing bucket name; expected ${FORMS}` };
  const problem = bucketNameProblem(bucket);
  if (problem !== null) return { error: `invalid bucket name "${bucket}": ${problem}` };
  return { bucket, prefix: slash < 0 ? null : normalizePrefix(path.slice(slash + 1)) };
}

function fromArn(arn: string): BucketIdentifierResult {
  const match = ARN.exec(arn);
  if (match === null) return { error: 'malformed ARN: expected arn:<partition>:<service>:<region>:<account>:<resource>' };
  const [, partition = '', service = '', region = '', account = '', resource = ''] = match;
  if (service !== 's3') {
    const what = SERVICE_NAMES[service] ?? `a resource of another service`;
    return { error: `this is an ARN for the "${service}" service (${what}), not an S3 bucket; expected arn:aws:s3:::<bucket>` };
  }
  if (!PARTITIONS.has(partition)) return { error: `unsupported AWS partition "${partition}" in S3 ARN` };
  if (resource.startsWith('accesspoint/')) return { error: 'S3 access point ARNs are not supported; give the bucket behind the access point' };
  if (region !== '' || account !== '') return { error: 'an S3 bucket ARN has empty region and account fields: arn:aws:s3:::<bucket>' };
  return fromBucketPath(resource);
}

/** Parses how a user identifies their bucket (s3-ingest.md §5.5) into the bucket name and an optional key prefix. */
export function parseBucketIdentifier(input: string): BucketIdentifierResult {
  const text = input.trim();
  if (text === '') return { error: `bucket identifier is empty; expected ${FORMS}` };
  if (text.startsWith('arn:')) return fromArn(text);
  if (/^s3:\/\//i.test(text)) return fromBucketPath(text.slice('s3://'.length));
  if (OTHER_SCHEME.test(text)) return { error: `unsupported URL; expected ${FORMS}` };
  if (text.includes('/')) return { error: `a bare bucket name cannot contain "/"; for a prefix use s3://<bucket>/<prefix>` };
  return fromBucketPath(text);
}
