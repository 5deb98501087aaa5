// The S3 config as the form holds it, checked with the API's own patterns (sources.schemas.ts) so a mistake
// is named next to its field, instead of in the API's message for the whole union of source types.

export type S3Access = 'role' | 'keys' | 'worker';
export type S3Notify = 'service' | 'queue';

export type S3Form = {
  bucket: string;
  prefix: string;
  region: string;
  access: S3Access;
  roleArn: string;
  accessKeyId: string;
  secretAccessKey: string;
  kmsKeyArn: string;
  notify: S3Notify;
  queueUrl: string;
  clusterName: string;
};

export const emptyS3Form = (): S3Form => ({
  bucket: '', prefix: 'events', region: '', access: 'role', roleArn: '', accessKeyId: '', secretAccessKey: '',
  kmsKeyArn: '', notify: 'service', queueUrl: '', clusterName: '',
});

export type FieldErrors = Partial<Record<keyof S3Form | 'name', string>>;

export function checkS3Form(form: S3Form): FieldErrors {
  const errors: FieldErrors = {};
  const bucket = form.bucket.trim();
  if (bucket.length < 3) errors.bucket = 'Give the bucket name (at least 3 characters), an arn:aws:s3::: ARN or an s3:// URL.';
  if (form.region.trim() && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(form.region.trim())) errors.region = 'A region looks like us-east-1.';
  if (form.access === 'role' && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(form.roleArn.trim())) {
    errors.roleArn = 'A role ARN looks like arn:aws:iam::111122223333:role/teleport-audit-ingest.';
  }
  if (form.access === 'keys') {
    if (!/^[A-Z0-9]{16,128}$/.test(form.accessKeyId.trim())) errors.accessKeyId = 'An access key ID is 16 or more capital letters and digits (AKIA…).';
    if (form.secretAccessKey.length < 16 || form.secretAccessKey.length > 128) errors.secretAccessKey = 'The secret access key is 16 to 128 characters.';
  }
  if (form.kmsKeyArn.trim() && !/^arn:aws[a-z-]*:kms:/.test(form.kmsKeyArn.trim())) errors.kmsKeyArn = 'A KMS key ARN starts with arn:aws:kms:.';
  if (form.notify === 'queue' && !/^https?:\/\//.test(form.queueUrl.trim())) errors.queueUrl = 'A queue URL looks like https://sqs.us-east-1.amazonaws.com/111122223333/my-queue.';
  if (form.prefix.length > 1024) errors.prefix = 'The prefix is at most 1024 characters.';
  return errors;
}

/** Only what the user chose: an empty optional field is left out rather than sent as "". */
export function s3ConfigBody(form: S3Form): Record<string, string> {
  const config: Record<string, string> = { bucket: form.bucket.trim() };
  const set = (key: string, value: string) => { if (value.trim()) config[key] = value.trim(); };
  set('prefix', form.prefix.replace(/^\/+|\/+$/g, ''));
  set('region', form.region);
  if (form.access === 'role') set('roleArn', form.roleArn);
  if (form.access === 'keys') {
    set('accessKeyId', form.accessKeyId);
    config.secretAccessKey = form.secretAccessKey;
  }
  set('kmsKeyArn', form.kmsKeyArn);
  if (form.notify === 'queue') set('queueUrl', form.queueUrl);
  set('clusterName', form.clusterName);
  return config;
}
