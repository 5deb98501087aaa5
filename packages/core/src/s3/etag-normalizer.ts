/**
 * Notifications send ETags bare while the S3 API (HeadObject, ListObjectsV2) quotes them. Stripping the
 * quotes makes both spellings one value, so a backfilled object gets the same job id as a notified one.
 */
export const unquoteETag = (eTag: string): string => eTag.replaceAll('"', '');

/** A notification's ETag field, unquoted; absent, non-string or empty-after-unquoting reads as null. */
export function eTagOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const bare = unquoteETag(value);
  return bare === '' ? null : bare;
}
