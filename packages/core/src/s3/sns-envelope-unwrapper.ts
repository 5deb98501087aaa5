import { poison, type Classified } from './notification-types.js';
import { isJsonObject, parseJson, type JsonObject } from '../json-shape.js';
import { notJsonReason } from './foreign-body-reasons.js';

// One wrap for S3→SNS→SQS, a second for topics fanned out through another topic. Anything deeper is
// not a topology we document, and a bound keeps a hostile body from making us parse forever.
const MAX_SNS_WRAPS = 2;

// Filebeat's fixture has no `Type`, so a string `TopicArn` is enough (s3-ingest.md §4.2).
const isSnsNotification = (doc: JsonObject): boolean =>
  typeof doc.Message === 'string' && (doc.Type === 'Notification' || typeof doc.TopicArn === 'string');

// Both carry a prose `Message` and a `TopicArn`, so they must be recognised before the envelope test.
const SUBSCRIPTION_TYPES = new Set(['SubscriptionConfirmation', 'UnsubscribeConfirmation']);

export type Unwrapped =
  | { ok: true; doc: unknown; viaSns: boolean; topicArn: string | null }
  | { ok: false; classified: Classified };

/** Peels SNS envelopes off a parsed body; `Message` is a JSON string that must be parsed again. */
export function unwrapSnsEnvelopes(parsed: unknown): Unwrapped {
  let doc = parsed;
  let wraps = 0;
  let topicArn: string | null = null;
  while (isJsonObject(doc)) {
    if (typeof doc.Type === 'string' && SUBSCRIPTION_TYPES.has(doc.Type)) {
      return { ok: false, classified: { kind: 'subscription-confirmation' } };
    }
    const message = doc.Message;
    if (!isSnsNotification(doc) || typeof message !== 'string') break;
    if (wraps === MAX_SNS_WRAPS) {
      return { ok: false, classified: poison(`SNS envelopes nested more than ${MAX_SNS_WRAPS} deep`) };
    }
    topicArn = typeof doc.TopicArn === 'string' ? doc.TopicArn : topicArn;
    const inner = parseJson(message);
    if (!inner.ok) return { ok: false, classified: poison(notJsonReason({ text: message, where: 'SNS Message' })) };
    doc = inner.value;
    wraps++;
  }
  return { ok: true, doc, viaSns: wraps > 0, topicArn };
}
