import { unquoteETag } from '../s3/etag-normalizer.js';

export type ListedObject = { key: string; etag: string; size: number | null };
/** An ingested_objects row as far as reconciliation needs it. */
export type KnownObject = { key: string; etag: string; status: string };

// Read, or deliberately passed over (not an event object): nothing left to do.
const SETTLED = new Set(['done', 'skipped']);
// A job still holds it.
const IN_FLIGHT = new Set(['queued', 'processing']);

/**
 * What a bucket listing (one day's prefix) says about ingestion: `missing`, objects never recorded (no
 * notification reached us, or it named another ETag: an object overwritten since); `failed`, recorded but
 * given up on (failed, or missing when read although it is listed now); `pending`, queued or being read.
 * Objects are one by key and ETag, the ETag unquoted as the listing sends it quoted and notifications bare.
 * Which keys are event objects at all is the caller's filter (eventObjectFilter), applied before.
 */
export function reconcileListing({ listed, known }: { listed: readonly ListedObject[]; known: readonly KnownObject[] }) {
  const byIdentity = new Map(known.map((k) => [`${unquoteETag(k.etag)}\u0000${k.key}`, k]));
  const missing: ListedObject[] = [];
  const failed: (ListedObject & { status: string })[] = [];
  const pending: (ListedObject & { status: string })[] = [];
  for (const object of listed) {
    const record = byIdentity.get(`${unquoteETag(object.etag)}\u0000${object.key}`);
    if (!record) missing.push(object);
    else if (IN_FLIGHT.has(record.status)) pending.push({ ...object, status: record.status });
    else if (!SETTLED.has(record.status)) failed.push({ ...object, status: record.status });
  }
  return { missing, failed, pending };
}
