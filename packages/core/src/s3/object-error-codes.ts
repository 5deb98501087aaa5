/**
 * Why an S3 object could not be read, stored with its error on the ingested_objects row: the worker
 * classifies, source health tells the customer what to fix. Stable: health and clients branch on them.
 */
export const OBJECT_ERROR_CODES = {
  /** STS refused AssumeRole: the role's trust policy, or the ExternalId it requires */
  assumeRoleDenied: 's3.assume_role_denied',
  /** AssumeRole failed otherwise (the worker's own credentials, a region where STS is disabled, …) */
  assumeRoleFailed: 's3.assume_role_failed',
  /** S3 refused the read: the role's permissions policy, the bucket policy or the KMS key */
  accessDenied: 's3.access_denied',
  /** S3 did not accept the credentials themselves (unknown key, expired or invalid session token) */
  credentialsRejected: 's3.credentials_rejected',
  /** STS or S3 could not be reached */
  unreachable: 's3.unreachable',
  readFailed: 's3.read_failed',
  /** the object was read but cannot be ingested (too large, not a format we read) */
  unreadable: 'object.unreadable',
} as const;

export type ObjectErrorCode = (typeof OBJECT_ERROR_CODES)[keyof typeof OBJECT_ERROR_CODES];
