import { eTagOrNull } from './etag-normalizer.js';
import { objectOrEmpty, sizeOrNull, stringOrNull, type JsonObject } from '../json-shape.js';
import { poison, NOTIFICATION_SKIP_REASONS, type Classified } from './notification-types.js';

export const isEventBridgeEvent = (doc: JsonObject): boolean =>
  typeof doc['detail-type'] === 'string' && typeof doc.source === 'string' && 'detail' in doc;

/**
 * Reads an EventBridge event delivered to SQS (s3-ingest.md §4.4). The key is kept exactly as sent:
 * whether EventBridge URL-encodes keys is unconfirmed (Data Prepper decodes, lambda-promtail does not),
 * so the object job retries once with decodeS3EventKey on NoSuchKey. `via` stays 'eventbridge' even
 * under an SNS envelope because that retry rule depends on it.
 */
export function readEventBridgeEvent(doc: JsonObject): Classified {
  const detailType = String(doc['detail-type']);
  if (doc.source !== 'aws.s3') return poison(`EventBridge event from ${String(doc.source)} (${detailType}), not aws.s3`);
  // Deletes, restores, tag and ACL changes are legitimate S3 events that carry nothing to read.
  if (detailType !== 'Object Created') {
    return { kind: 'objects', objects: [], skipped: [{ reason: NOTIFICATION_SKIP_REASONS.notObjectCreated, count: 1 }] };
  }
  const detail = objectOrEmpty(doc.detail);
  const bucket = stringOrNull(objectOrEmpty(detail.bucket).name);
  const object = objectOrEmpty(detail.object);
  const key = stringOrNull(object.key);
  if (bucket === null || key === null) return poison('EventBridge Object Created event lacks detail.bucket.name or detail.object.key');
  return {
    kind: 'objects',
    skipped: [],
    objects: [{
      bucket,
      key,
      versionId: stringOrNull(object['version-id']),
      eTag: eTagOrNull(object.etag),
      size: sizeOrNull(object.size),
      region: stringOrNull(doc.region),
      account: stringOrNull(doc.account),
      via: 'eventbridge',
      eventTime: stringOrNull(doc.time),
    }],
  };
}
