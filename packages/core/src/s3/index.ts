export { decodeS3EventKey } from './event-key-decoder.js';
export { classifyNotification } from './notification-classifier.js';
export { NOTIFICATION_SKIP_REASONS, type Classified, type ObjectRef, type SkippedRecords } from './notification-types.js';
export { parseBucketIdentifier, type BucketIdentifier, type BucketIdentifierResult } from './bucket-identifier-parser.js';
export { eventObjectFilter, OBJECT_FILTER_SKIP_REASONS, type ObjectFilter, type ObjectFilterDecision } from './event-object-filter.js';
export { objectJobId } from './object-job-id.js';
export { unquoteETag } from './etag-normalizer.js';
export { sniffContainer, type ObjectContainer } from './container-sniffer.js';
export { BACKFILL_MAX_DAYS, backfillPrefixes, checkBackfillScope, parseIsoDate, type BackfillScope, type BackfillScopeResult } from './backfill-scope.js';
