import { s3NotificationWarnings } from './s3-notification-warnings.js';

/**
 * What a customer applies in their AWS account so the worker can read an S3 source (s3-ingest.md §6):
 * the role's trust policy (with this source's ExternalId), its permissions, and the bucket notification.
 * Values the service does not know yet appear as <PLACEHOLDERS>.
 */
export type S3SourceSetupInput = {
  bucket: string;
  prefix: string | null;
  region: string | null;
  roleArn: string | null;
  kmsKeyArn: string | null;
  queueUrl: string | null;
  externalId: string;
};

const queueArnFromUrl = (url: string): string => {
  const match = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/([^/?]+)/.exec(url);
  return match ? `arn:aws:sqs:${match[1]}:${match[2]}:${match[3]}` : '<QUEUE_ARN>';
};

export function s3SourceSetup(source: S3SourceSetupInput, service: { workerRoleArn: string | null; topicArn: string | null }) {
  const objects = source.prefix ? `${source.prefix}/*` : '*';
  const workerRole = service.workerRoleArn ?? '<SERVICE_WORKER_ROLE_ARN>';
  const customerQueue = source.queueUrl !== null;

  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: workerRole },
      Action: 'sts:AssumeRole',
      // The ExternalId is chosen by this service, per source: another customer of the service cannot make
      // the worker read this bucket by naming this role (the confused-deputy problem).
      Condition: { StringEquals: { 'sts:ExternalId': source.externalId } },
    }],
  };

  const permissionsPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadAuditEvents', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::${source.bucket}/${objects}` },
      {
        Sid: 'ListForBackfill', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${source.bucket}`,
        ...(source.prefix ? { Condition: { StringLike: { 's3:prefix': [`${source.prefix}/*`] } } } : {}),
      },
      ...(source.kmsKeyArn ? [{ Sid: 'DecryptSseKms', Effect: 'Allow', Action: 'kms:Decrypt', Resource: source.kmsKeyArn }] : []),
      ...(customerQueue ? [{
        Sid: 'ConsumeNotifications', Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        Resource: queueArnFromUrl(source.queueUrl!),
      }] : []),
    ],
  };

  const filter = { Key: { FilterRules: source.prefix ? [{ Name: 'prefix', Value: `${source.prefix}/` }] : [] } };
  const bucketNotification = customerQueue
    ? { QueueConfigurations: [{ Id: 'teleport-audit-events', QueueArn: queueArnFromUrl(source.queueUrl!), Events: ['s3:ObjectCreated:*'], Filter: filter }] }
    : { TopicConfigurations: [{ Id: 'teleport-audit-events', TopicArn: service.topicArn ?? '<SERVICE_TOPIC_ARN>', Events: ['s3:ObjectCreated:*'], Filter: filter }] };

  return {
    externalId: source.externalId,
    access: source.roleArn ? 'role' : 'worker-credentials',
    trustPolicy,
    permissionsPolicy,
    bucketNotification,
    notificationTarget: customerQueue ? { kind: 'customer-queue', queueUrl: source.queueUrl } : { kind: 'service-topic', topicArn: service.topicArn },
    commands: [
      `aws iam create-role --role-name teleport-audit-ingest --assume-role-policy-document file://trust-policy.json`,
      `aws iam put-role-policy --role-name teleport-audit-ingest --policy-name read-audit-events --policy-document file://permissions-policy.json`,
      // put-bucket-notification-configuration replaces the whole configuration: merge with what is there.
      `aws s3api get-bucket-notification-configuration --bucket ${source.bucket}   # merge the result with bucket-notification.json first`,
      `aws s3api put-bucket-notification-configuration --bucket ${source.bucket} --notification-configuration file://bucket-notification.json`,
    ],
    notes: [
      'Put-bucket-notification-configuration replaces the bucket\'s whole notification configuration; merge with any existing one.',
      'S3 sends an s3:TestEvent when the configuration is saved; the worker acknowledges it. Changes take a few minutes to apply.',
      'Objects already in the bucket are not announced: run POST /v1/sources/{id}/backfill for the history you want.',
      ...(source.region ? [] : ['Set config.region to the bucket\'s region to avoid a redirect on every read.']),
    ],
    warnings: s3NotificationWarnings({ queueUrl: source.queueUrl }, service),
  };
}
