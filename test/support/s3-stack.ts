import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import pino from 'pino';
import { createAwsClients, createInProcessRunner, startS3Ingest, type S3IngestConfig } from '@tai/worker';
import type { Repositories } from '@tai/db';

// fauxqs checks no credentials, but the SDK's default chain must find some.
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_REGION ??= 'us-east-1';

export const REGION = 'us-east-1';
export const TOPIC = 'teleport-s3-ingest';
export const QUEUE = 'teleport-s3-ingest';

/** S3 form-encodes keys in notifications: spaces become '+', everything else %XX, '/' kept. */
export const formEncodeKey = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

/**
 * A local AWS (fauxqs: S3, SNS, SQS) and the worker's S3 ingest running against it, jobs in-process.
 * `workerEndpoint` puts something between the worker and fauxqs (the S3 front that checks credentials).
 */
export async function startS3Stack({ repos, config = {}, workerEndpoint = (fauxqs) => fauxqs }: { repos: Repositories; config?: Partial<S3IngestConfig>; workerEndpoint?: (fauxqs: string) => string | Promise<string> }) {
  const aws = await startFauxqs({ port: 0, logger: false });
  const { queueUrl, queueArn } = aws.createQueue(QUEUE, { attributes: { VisibilityTimeout: '30' } });
  const { topicArn } = aws.createTopic(TOPIC);
  aws.subscribe({ topic: TOPIC, queue: QUEUE });
  const clientConfig = { region: REGION, endpoint: aws.address, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client(clientConfig);
  const sns = new SNSClient(clientConfig);
  const sqs = new SQSClient(clientConfig);

  const runner = createInProcessRunner({ logger: pino({ level: 'silent' }) });
  const endpoint = await workerEndpoint(aws.address);
  const clients = createAwsClients({ region: REGION, endpoint, stsEndpoint: config.stsEndpoint ?? null });
  const ingest = await startS3Ingest({
    config: {
      region: REGION, endpoint, stsEndpoint: null, serviceQueueUrl: queueUrl, visibilityTimeoutSeconds: 3, waitSeconds: 1, maxReceiveCount: 2,
      objectConcurrency: 2, objectAttempts: 2, retryDelayMs: 200, staleObjectMs: 300_000, secretsKey: null, maxObjectBytes: 1 << 30, maxEventBytes: 16 << 20, rejectPayloadMaxBytes: 1 << 20,
      ...config,
    },
    repos, runner, aws: clients, log: pino({ level: 'silent' }),
  });

  const put = async (bucket: string, key: string, body: Uint8Array | string) => {
    const res = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: typeof body === 'string' ? Buffer.from(body) : body }));
    return { eTag: res.ETag!.replaceAll('"', ''), size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength };
  };
  /** The S3 event record exactly as S3 writes it (eventVersion 2.1, form-encoded key). */
  const s3Record = (bucket: string, key: string, object: { eTag: string; size: number }) => ({
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: REGION, eventTime: new Date().toISOString(), eventName: 'ObjectCreated:Put',
    s3: { s3SchemaVersion: '1.0', configurationId: 'teleport-audit', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: { key: formEncodeKey(key), size: object.size, eTag: object.eTag, sequencer: '0066792EC46EC0B037' } },
  });
  /** S3 -> SNS -> SQS, as AWS delivers it (fauxqs has no bucket notifications, so we publish what S3 would). */
  const notifyViaSns = async (records: unknown[]) => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'Amazon S3 Notification', Message: JSON.stringify({ Records: records }) }));
  };
  const sendRaw = async (body: string) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  };
  const queueDepth = () => {
    const q = aws.inspectQueue(QUEUE)!;
    return q.messages.ready.length + q.messages.inflight.length + q.messages.delayed.length;
  };

  return {
    aws, s3, queueUrl, queueArn, topicArn, put, s3Record, notifyViaSns, sendRaw, queueDepth, runner,
    stop: async () => {
      await ingest.stop();
      await runner.close();
      clients.close();
      s3.destroy(); sns.destroy(); sqs.destroy();
      await aws.stop();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, { timeoutMs = 20_000, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
