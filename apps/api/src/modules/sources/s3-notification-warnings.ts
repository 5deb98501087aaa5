export type SourceWarning = { code: string; message: string };

export const NO_SERVICE_QUEUE = 's3.no_service_queue';

/**
 * An S3 source learns of new objects from notifications only: through the service's SNS topic (and the
 * shared queue behind it) or through an SQS queue of the customer's own. With neither, for example under a
 * plain `npm start`, the source looks set up but never receives anything, so every answer about it says so
 * and names the mode that needs nothing from the operator.
 */
export function s3NotificationWarnings(config: Record<string, unknown>, service: { topicArn: string | null }): SourceWarning[] {
  if (typeof config.queueUrl === 'string' && config.queueUrl !== '') return [];
  if (service.topicArn) return [];
  return [{
    code: NO_SERVICE_QUEUE,
    message: 'This service has no shared queue for S3 notifications (its operator sets S3_NOTIFICATION_TOPIC_ARN on the API '
      + 'and S3_INGEST_QUEUE_URL on the worker), so new objects in this bucket are never announced and never read. '
      + 'Use an SQS queue of your own instead: create one, let the bucket notify it of s3:ObjectCreated:*, and set it as '
      + 'config.queueUrl of this source (PATCH /v1/sources/{id}; in the dashboard, "My own SQS queue" when creating a source); '
      + 'the setup then shows the bucket notification and permissions for that queue. A backfill reads what is already in the bucket either way.',
  }];
}
