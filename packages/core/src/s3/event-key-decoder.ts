/**
 * S3 event notifications carry object keys form-URL-encoded (S3 User Guide, "Event message structure"):
 * a space arrives as `+` and a literal `+` as `%2B`. The plus must become a space *before* `%XX` is
 * decoded, or `%2B` would turn into a space too and GetObject would ask for a key that does not exist
 * (vector#7437). A malformed escape leaves the plus-decoded text rather than failing the whole record:
 * S3 itself never produces one, and the NoSuchKey that follows is recorded per object.
 */
export function decodeS3EventKey(raw: string): string {
  const plusAsSpace = raw.replaceAll('+', ' ');
  try {
    return decodeURIComponent(plusAsSpace);
  } catch {
    return plusAsSpace;
  }
}
