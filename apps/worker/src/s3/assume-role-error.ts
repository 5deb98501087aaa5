/**
 * AssumeRole failed for a source's role. The provider's error is wrapped so an STS refusal is not mistaken
 * for S3's own AccessDenied, which has the same name but another cure (the trust policy and ExternalId,
 * not the permissions policy).
 */
export class AssumeRoleError extends Error {
  readonly roleArn: string;

  constructor({ roleArn, cause }: { roleArn: string; cause: unknown }) {
    super(`AssumeRole ${roleArn}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`, { cause });
    this.name = 'AssumeRoleError';
    this.roleArn = roleArn;
  }
}
