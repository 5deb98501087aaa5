import { decodeS3EventKey } from './event-key-decoder.js';
import { eTagOrNull } from './etag-normalizer.js';
import { isJsonObject, objectOrEmpty, sizeOrNull, stringOrNull } from '../json-shape.js';
import { poison, NOTIFICATION_SKIP_REASONS, type Classified, type ObjectRef } from './notification-types.js';
import { tallySkips } from './skip-tally.js';

type RecordOutcome = { object: ObjectRef } | { skip: string } | { poison: string };

// AWS documents 2.0–2.3 and promises minor bumps stay compatible; a new major may move fields we read.
// Filebeat's SNS fixture omits the field entirely, so absence is accepted (s3-ingest.md §4.6 test vectors).
function isSupportedEventVersion(version: unknown): boolean {
  if (version === undefined || version === null || version === '') return true;
  return String(version).split('.')[0] === '2';
}

function readRecord({ record, index, via }: { record: unknown; index: number; via: 's3' | 'sns' }): RecordOutcome {
  if (!isJsonObject(record)) return { poison: `Records[${index}] is not an object` };
  if (record.eventSource !== 'aws:s3') return { skip: NOTIFICATION_SKIP_REASONS.notAwsS3 };
  if (!isSupportedEventVersion(record.eventVersion)) return { skip: NOTIFICATION_SKIP_REASONS.unsupportedEventVersion };
  if (typeof record.eventName !== 'string' || !record.eventName.startsWith('ObjectCreated:')) {
    return { skip: NOTIFICATION_SKIP_REASONS.notObjectCreated };
  }
  const s3 = objectOrEmpty(record.s3);
  const bucket = stringOrNull(objectOrEmpty(s3.bucket).name);
  const object = objectOrEmpty(s3.object);
  const rawKey = stringOrNull(object.key);
  // An ObjectCreated we cannot address would vanish if merely skipped; poison keeps the body for a human.
  if (bucket === null || rawKey === null) return { poison: `Records[${index}] is ObjectCreated but lacks s3.bucket.name or s3.object.key` };
  return {
    object: {
      bucket,
      key: decodeS3EventKey(rawKey),
      versionId: stringOrNull(object.versionId),
      eTag: eTagOrNull(object.eTag),
      size: sizeOrNull(object.size),
      region: stringOrNull(record.awsRegion),
      account: null, // S3 records name the owner by canonical id only, never by account number
      via,
      eventTime: stringOrNull(record.eventTime),
    },
  };
}

/** Why a Records array that holds no S3 record at all is someone else's message, named for the operator. */
function foreignRecordsReason(records: readonly unknown[]): string | null {
  const sources = new Set(records.map((record) => (isJsonObject(record) ? record.eventSource : undefined)));
  if (sources.has('minio:s3')) return 'MinIO bucket notification (eventSource minio:s3); S3-compatible stores are not supported';
  if (records.length === 0 || sources.has('aws:s3')) return null;
  if (sources.has('aws:sqs')) return 'Lambda-shaped SQS event (Records[].body); the SQS API delivers each body as its own message';
  const names = [...sources].map((source) => (typeof source === 'string' ? source : 'none'));
  return `Records have eventSource ${names.join(', ')}, not aws:s3`;
}

/** Reads `{"Records":[…]}` from direct S3 delivery or SNS raw delivery; AWS sends one record but we loop anyway. */
export function readS3Records({ records, via }: { records: readonly unknown[]; via: 's3' | 'sns' }): Classified {
  const foreign = foreignRecordsReason(records);
  if (foreign !== null) return poison(foreign);
  const objects: ObjectRef[] = [];
  const skips: string[] = [];
  for (const [index, record] of records.entries()) {
    const outcome = readRecord({ record, index, via });
    if ('poison' in outcome) return poison(outcome.poison);
    if ('skip' in outcome) skips.push(outcome.skip);
    else objects.push(outcome.object);
  }
  return { kind: 'objects', objects, skipped: tallySkips(skips) };
}
