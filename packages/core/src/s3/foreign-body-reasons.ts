import type { JsonObject } from '../json-shape.js';

// Teleport's own SNS→SQS leg carries base64 protobuf events (lib/events/athena/publisher.go). Someone
// pointing us at that queue would steal events from Teleport (s3-ingest.md §2.6), so name it in the reason.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MIN_BASE64_LENGTH = 16; // shorter strings are too likely to be plain words

function looksLikeBase64(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length >= MIN_BASE64_LENGTH && trimmed.length % 4 === 0 && BASE64.test(trimmed);
}

/** The poison reason for text that should have been JSON; `where` says which layer it was. */
export function notJsonReason({ text, where }: { text: string; where: string }): string {
  if (looksLikeBase64(text)) {
    return `${where} is base64, not JSON: this looks like Teleport's internal protobuf event queue, which only Teleport may consume`;
  }
  return `${where} is not valid JSON`;
}

/** CloudTrail's "new log file" notification names the files but is not an S3 event notification (vector#14438). */
export function isCloudTrailNotification(doc: JsonObject): boolean {
  return typeof doc.s3Bucket === 'string' && Array.isArray(doc.s3ObjectKey);
}

export const CLOUDTRAIL_REASON =
  'CloudTrail log-delivery notification (s3Bucket/s3ObjectKey), not an S3 event notification; configure ObjectCreated notifications on the bucket instead';
