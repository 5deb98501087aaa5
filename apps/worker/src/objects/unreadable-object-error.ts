export type UnreadableReason = 'corrupt_parquet' | 'corrupt_compression' | 'unknown_format' | 'too_large' | 'schema_mismatch';

/**
 * The object as a whole cannot be read: the job marks it `failed` (s3-ingest.md §5.7) instead of
 * counting bad records. Errors from the ObjectSource itself (network, S3) are never wrapped in this,
 * so the job can still tell a retryable read failure from a bad object.
 */
export class UnreadableObjectError extends Error {
  override name = 'UnreadableObjectError';
  readonly reason: UnreadableReason;

  constructor({ reason, message, cause }: { reason: UnreadableReason; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.reason = reason;
  }
}
