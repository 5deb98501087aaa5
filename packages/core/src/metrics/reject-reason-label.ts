import type { NormalizeFailureReason } from '../events/normalize-event.js';
import type { RejectReason } from '../ingest/decode-types.js';

/**
 * Every reason code a reject is recorded with, across both ingest paths. A Record over the union (rather
 * than a list) makes the compiler name a code added to RejectReason or NormalizeFailureReason but not here.
 */
type KnownRejectReason =
  | RejectReason
  | NormalizeFailureReason
  | 'body.invalid_line' // Fluentd TSV objects (worker)
  | 'event.rejected_by_database'
  | 'notification.unreadable';

const KNOWN: Record<KnownRejectReason, true> = {
  'body.unsupported_encoding': true,
  'body.corrupt_compression': true,
  'body.invalid_json': true,
  'body.invalid_msgpack': true,
  'body.invalid_form': true,
  'body.invalid_line': true,
  'record.not_object': true,
  'record.too_large': true,
  'record.nul_character': true,
  'record.invalid_unicode': true,
  'record.too_deep': true,
  'record.unrepresentable_number': true,
  'event.not_object': true,
  'event.missing_type': true,
  'event.rejected_by_database': true,
  'notification.unreadable': true,
};

export const REJECT_REASON_LABELS: readonly string[] = [...Object.keys(KNOWN), 'other'];

/** The reason as a metric label: a known code as is, anything else `other`, so a label never carries free text. */
export const rejectReasonLabel = (code: string): string => (Object.hasOwn(KNOWN, code) ? code : 'other');
