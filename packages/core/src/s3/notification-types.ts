/** One object a notification announced, with the key already in the form GetObject expects (except EventBridge, see eventbridge-event-reader.ts). */
export type ObjectRef = {
  bucket: string;
  key: string;
  versionId: string | null;
  eTag: string | null;
  size: number | null;
  region: string | null;
  account: string | null;
  via: 's3' | 'sns' | 'eventbridge';
  eventTime: string | null;
};

export type SkippedRecords = { reason: string; count: number }[];

/**
 * What the SQS poller should do with one message body: hand off the objects (and delete), delete a
 * test event or SNS subscription message, or quarantine a poison body with the reason.
 */
export type Classified =
  | { kind: 'objects'; objects: ObjectRef[]; skipped: SkippedRecords }
  | { kind: 'test-event'; bucket: string | null }
  | { kind: 'subscription-confirmation' }
  | { kind: 'poison'; reason: string };

/** Records that are well-formed but not ours to ingest; counted by reason for metrics (s3-ingest.md §5.11). */
export const NOTIFICATION_SKIP_REASONS = {
  notObjectCreated: 'not_object_created',
  unsupportedEventVersion: 'unsupported_event_version',
  notAwsS3: 'not_aws_s3',
} as const;

export const poison = (reason: string): Classified => ({ kind: 'poison', reason });
