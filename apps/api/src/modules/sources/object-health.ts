import { OBJECT_ERROR_CODES as CODES } from '@tai/core';

export type ObjectErrorGroup = { errorCode: string | null; status: string; objects: number; latestKey: string; latestError: string };
type Warning = { code: string; message: string };
type S3Source = { id: string; config: Record<string, unknown> };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What the customer (or the operator) should do about each kind of error, in the source's own terms. */
function advice(code: string, source: S3Source): string {
  const c = source.config as { bucket?: string; prefix?: string; roleArn?: string; externalId?: string };
  const objects = `arn:aws:s3:::${c.bucket}/${c.prefix ? `${c.prefix}/` : ''}*`;
  switch (code) {
    case CODES.assumeRoleDenied:
      return `AWS refused to let the service assume the role ${c.roleArn} (sts:AssumeRole AccessDenied). Check the role's trust policy: `
        + `it must allow the service's worker role to call sts:AssumeRole with the condition sts:ExternalId "${c.externalId}", this source's ExternalId `
        + `(GET /v1/sources/${source.id}/setup shows the trust policy to apply), and the role ARN must be the one in this source's config.`;
    case CODES.assumeRoleFailed:
      return `Assuming the role ${c.roleArn} failed for a reason other than its trust policy; the service's operator should check the worker's own AWS credentials and STS endpoint.`;
    case CODES.accessDenied:
      return `S3 refused to read ${objects}${c.roleArn ? ` with the credentials of ${c.roleArn}` : ''}. Check the role's permissions policy `
        + '(s3:GetObject on the objects, kms:Decrypt on the key if the bucket uses SSE-KMS) and the bucket policy.';
    case CODES.credentialsRejected:
      return 'S3 did not accept the credentials the worker signed with; the service\'s operator should check the worker\'s AWS credentials and clock.';
    case CODES.unreachable:
      return 'The worker could not reach AWS (STS or S3); it keeps retrying.';
    case CODES.unreadable:
      return 'They are too large, or not in a format the service reads.';
    default:
      return 'See the objects for each error.';
  }
}

/**
 * One warning per kind of error that S3 objects of this source are retrying or failed with, so a broken
 * role or policy shows on the source itself instead of as objects that silently never arrive.
 */
export function objectErrorWarnings(groups: ObjectErrorGroup[], source: S3Source): Warning[] {
  const byCode = new Map<string, { retrying: number; failed: number; latest: ObjectErrorGroup }>();
  for (const group of groups) {
    const code = group.errorCode ?? CODES.readFailed;
    const entry = byCode.get(code) ?? { retrying: 0, failed: 0, latest: group };
    if (group.status === 'failed') entry.failed += group.objects;
    else {
      entry.retrying += group.objects;
      entry.latest = group; // a retrying object's error is the current one
    }
    byCode.set(code, entry);
  }
  return [...byCode].map(([code, { retrying, failed, latest }]) => {
    const state = [retrying ? `${retrying} retrying` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(', ');
    const retry = failed ? ` Once fixed, queue failed objects again with POST /v1/sources/${source.id}/objects/{objectId}/retry (GET /v1/sources/${source.id}/objects?status=failed lists them).` : '';
    return {
      code,
      message: `${plural(retrying + failed, 'object')} could not be ${code === CODES.unreadable ? 'ingested' : 'read'} (${state}). ${advice(code, source)}${retry} Latest: ${latest.latestKey}: ${latest.latestError}`,
    };
  });
}
