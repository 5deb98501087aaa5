import { CLOUDTRAIL_REASON, isCloudTrailNotification, notJsonReason } from './foreign-body-reasons.js';
import { isEventBridgeEvent, readEventBridgeEvent } from './eventbridge-event-reader.js';
import { describeJsonType, isJsonObject, parseJson, stringOrNull } from '../json-shape.js';
import { poison, type Classified } from './notification-types.js';
import { readS3Records } from './s3-records-reader.js';
import { unwrapSnsEnvelopes } from './sns-envelope-unwrapper.js';

/**
 * Classifies one SQS message `Body` (s3-ingest.md §4). Pure: the poller decides what to delete,
 * hand off or quarantine. SNS envelopes are peeled first, so `Records: null` beside an envelope's
 * `Message` (Filebeat's fixture) never reaches the Records check.
 */
export function classifyNotification(body: string): Classified {
  const parsed = parseJson(body);
  if (!parsed.ok) return poison(notJsonReason({ text: body, where: 'body' }));
  const unwrapped = unwrapSnsEnvelopes(parsed.value);
  if (!unwrapped.ok) return unwrapped.classified;
  const { doc, viaSns, topicArn } = unwrapped;
  const where = viaSns ? 'SNS Message' : 'body';
  if (!isJsonObject(doc)) return poison(`${where} is ${describeJsonType(doc)}, not a notification object`);
  // S3 sends this once when notifications are configured; it has no Records (vector#14572).
  if (doc.Event === 's3:TestEvent') return { kind: 'test-event', bucket: stringOrNull(doc.Bucket) };
  if (Array.isArray(doc.Records)) return readS3Records({ records: doc.Records, via: viaSns ? 'sns' : 's3' });
  if (isEventBridgeEvent(doc)) return readEventBridgeEvent(doc);
  if (isCloudTrailNotification(doc)) return poison(CLOUDTRAIL_REASON);
  const origin = topicArn === null ? '' : ` (topic ${topicArn})`;
  return poison(`${where}${origin} is not an S3 event notification, S3 test event or EventBridge S3 event`);
}
