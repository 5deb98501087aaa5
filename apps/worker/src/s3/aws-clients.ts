import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SecretBox } from '@tai/core';
import type { SourceRow } from '@tai/db';
import { AssumeRoleError } from './assume-role-error.js';

export type AwsClients = ReturnType<typeof createAwsClients>;
type CredentialProvider = ReturnType<typeof fromTemporaryCredentials>;

type S3SourceConfig = { region?: string; roleArn?: string; externalId?: string; accessKeyId?: string; secretAccessKeySealed?: string };

/**
 * SDK clients, one per queue and one per source, cached. A source with a roleArn is read with temporary
 * credentials from AssumeRole and its own ExternalId (the confused-deputy defence); the provider refreshes
 * them before they expire. A source with static keys (self-hosted) uses them, opened with the secrets key,
 * directly or as the base for AssumeRole. Otherwise the worker's own credentials (the SDK's default chain).
 * STS has an endpoint of its own: the local S3/SQS emulators have no STS.
 */
export function createAwsClients({ region, endpoint, stsEndpoint = null, secretBox = null }: { region: string; endpoint: string | null; stsEndpoint?: string | null; secretBox?: SecretBox | null }) {
  const local = endpoint ? { endpoint, forcePathStyle: true } : {};
  const sqsClients = new Map<string, SQSClient>();
  const s3Clients = new Map<string, { key: string; client: S3Client }>();

  /** A source's credentials: its role (assumed with its ExternalId), its static keys, or none (the worker's own). */
  const credentialsFor = (source: Pick<SourceRow, 'id' | 'config'>) => {
    const config = source.config as S3SourceConfig;
    let staticKeys: { accessKeyId: string; secretAccessKey: string } | undefined;
    if (config.accessKeyId && config.secretAccessKeySealed) {
      if (!secretBox) throw new Error('this source has static access keys; set SECRETS_ENCRYPTION_KEY on the worker');
      staticKeys = { accessKeyId: config.accessKeyId, secretAccessKey: secretBox.open(config.secretAccessKeySealed) };
    }
    return config.roleArn
      ? assumedRole(config.roleArn, fromTemporaryCredentials({
        params: { RoleArn: config.roleArn, ExternalId: config.externalId, RoleSessionName: `teleport-audit-${source.id}`.slice(0, 64), DurationSeconds: 3_600 },
        clientConfig: { region: config.region ?? region, ...(stsEndpoint ? { endpoint: stsEndpoint } : {}) },
        ...(staticKeys ? { masterCredentials: staticKeys } : {}),
      }))
      : staticKeys;
  };
  const credentialKey = (config: S3SourceConfig) => JSON.stringify([config.region, config.roleArn, config.externalId, config.accessKeyId, config.secretAccessKeySealed]);
  // A queue URL names its region: https://sqs.<region>.amazonaws.com/<account>/<name>
  const queueRegion = (queueUrl: string) => /sqs[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(queueUrl)?.[1] ?? region;

  return {
    /** The service's own queue, read with the worker's credentials. */
    sqs(queueUrl: string): SQSClient {
      let client = sqsClients.get(queueUrl);
      if (!client) {
        client = new SQSClient({ region: queueRegion(queueUrl), ...local });
        sqsClients.set(queueUrl, client);
      }
      return client;
    },

    /**
     * A customer-owned queue, read with that source's credentials: the setup asks customers to grant the SQS
     * actions to the role they give us (or to the static keys), exactly as for the bucket.
     */
    sqsFor(source: Pick<SourceRow, 'id' | 'config'>, queueUrl: string): SQSClient {
      const key = `${source.id} ${queueUrl} ${credentialKey(source.config as S3SourceConfig)}`;
      let client = sqsClients.get(key);
      if (!client) {
        const credentials = credentialsFor(source);
        client = new SQSClient({ region: queueRegion(queueUrl), ...local, ...(credentials ? { credentials } : {}) });
        sqsClients.set(key, client);
      }
      return client;
    },

    s3For(source: Pick<SourceRow, 'id' | 'config'>): S3Client {
      const config = source.config as S3SourceConfig;
      const key = credentialKey(config);
      const cached = s3Clients.get(source.id);
      if (cached?.key === key) return cached.client;
      cached?.client.destroy();
      const credentials = credentialsFor(source);
      const client = new S3Client({ region: config.region ?? region, ...local, ...(credentials ? { credentials } : {}) });
      s3Clients.set(source.id, { key, client });
      return client;
    },

    close(): void {
      for (const c of sqsClients.values()) c.destroy();
      for (const { client } of s3Clients.values()) client.destroy();
    },
  };
}

/** The role's credential provider, its failures marked as AssumeRole's (see AssumeRoleError). */
function assumedRole(roleArn: string, provider: CredentialProvider): CredentialProvider {
  return async (...args) => {
    try {
      return await provider(...args);
    } catch (err) {
      throw new AssumeRoleError({ roleArn, cause: err });
    }
  };
}
