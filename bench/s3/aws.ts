import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startFauxqs } from 'fauxqs';
import { teleportParquet } from '../../apps/worker/test/support/teleport-parquet.js';
import type { EventFactory } from '../lib/events.js';

export const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export type UploadedObject = { key: string; eTag: string; size: number };

/**
 * fauxqs (S3, SNS, SQS) in the bench process, wired as production is: S3 notifications go to an SNS topic
 * that delivers to the service's SQS queue. fauxqs has no bucket notifications, so the bench publishes what
 * S3 would (the record shape of test/support/s3-stack.ts).
 */
export async function startLocalAws() {
  const aws = await startFauxqs({ port: 0, logger: false });
  const clientConfig = { region: REGION, endpoint: aws.address, forcePathStyle: true, credentials: CREDENTIALS };
  const s3 = new S3Client(clientConfig);
  const sns = new SNSClient(clientConfig);

  const put = async (bucket: string, key: string, body: Uint8Array): Promise<UploadedObject> => {
    const res = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return { key, eTag: res.ETag!.replaceAll('"', ''), size: body.byteLength };
  };
  const s3Record = (bucket: string, object: UploadedObject) => ({
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: REGION, eventTime: new Date().toISOString(), eventName: 'ObjectCreated:Put',
    s3: { s3SchemaVersion: '1.0', configurationId: 'teleport-audit', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      // Bench keys need no form-encoding (letters, digits, '-', '/', '.').
      object: { key: object.key, size: object.size, eTag: object.eTag, sequencer: '0066792EC46EC0B037' } },
  });

  /**
   * A topic and the service queue it delivers to, one pair per phase: a stopped worker's last long poll can
   * still take a message of the next phase and hide it for the visibility timeout.
   */
  const channel = (name: string) => {
    // A visibility timeout longer than any object takes here, so no notification is received twice.
    const { queueUrl } = aws.createQueue(name, { attributes: { VisibilityTimeout: '120' } });
    const { topicArn } = aws.createTopic(name);
    aws.subscribe({ topic: name, queue: name });
    const publish = async (message: unknown) => {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'Amazon S3 Notification', Message: JSON.stringify(message) }));
    };
    return {
      queueUrl,
      /** one S3 -> SNS -> SQS notification per object, as S3 sends them */
      notify: (bucket: string, object: UploadedObject) => publish({ Records: [s3Record(bucket, object)] }),
      /** the s3:TestEvent S3 sends when notifications are configured: the worker deletes it, which shows it is polling */
      testEvent: (bucket: string) => publish({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date().toISOString(), Bucket: bucket, RequestId: 'bench', HostId: 'bench' }),
      queueDepth: () => {
        const q = aws.inspectQueue(name)!;
        return q.messages.ready.length + q.messages.inflight.length + q.messages.delayed.length;
      },
    };
  };
  return {
    address: aws.address,
    createBucket: (name: string) => aws.createBucket(name),
    put,
    channel,
    stop: async () => {
      s3.destroy();
      sns.destroy();
      await aws.stop();
    },
  };
}

export type LocalAws = Awaited<ReturnType<typeof startLocalAws>>;

/**
 * Parquet objects as Teleport writes them (s3-ingest.md §2.2-2.3): its exact schema, Snappy, one flush of
 * `eventsPerObject` events each. The events are the corpus templates with fresh uids and times this month.
 */
export function buildTeleportObjects(factory: EventFactory, { objects, eventsPerObject, rowGroupSize }: { objects: number; eventsPerObject: number; rowGroupSize: number }) {
  const day = new Date().toISOString().slice(0, 10);
  const built: { key: string; body: Uint8Array; events: number }[] = [];
  for (let i = 0; i < objects; i++) {
    const events = Array.from({ length: eventsPerObject }, () => factory.next().event);
    // Teleport names objects <prefix>/<UTC date>/<uuidv7>.parquet; any unique name under the date folder will do here.
    built.push({ key: `events/${day}/bench-${String(i).padStart(5, '0')}.parquet`, body: teleportParquet(events, { rowGroupSize }), events: events.length });
  }
  return built;
}
