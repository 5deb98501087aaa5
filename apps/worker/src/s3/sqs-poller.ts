import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Metrics } from '@tai/core';
import type { JobLogger } from '../runner/job-runner.js';

export type MessageVerdict = 'delete' | 'keep';
export type ReceivedMessage = { body: string; messageId: string; receiveCount: number; sentAt: Date | null };

export type SqsPollerOptions = {
  sqs: SQSClient;
  queueUrl: string;
  waitSeconds: number;
  visibilityTimeoutSeconds: number;
  handle: (message: ReceivedMessage, queue: { hasRedrivePolicy: boolean }) => Promise<MessageVerdict>;
  log: JobLogger;
  /** this poller's counters and oldest-message age; closed when it stops */
  metrics: ReturnType<Metrics['sqs']['poller']>;
  now: () => Date;
};

const MAX_BACKOFF_MS = 30_000;

const toReceived = (message: Message): ReceivedMessage => ({
  body: message.Body ?? '',
  messageId: message.MessageId ?? '',
  receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
  sentAt: message.Attributes?.SentTimestamp ? new Date(Number(message.Attributes.SentTimestamp)) : null,
});

/**
 * Long-polls one queue and hands each message to `handle`, deleting it only when handle says so (after
 * its objects are safely queued). Errors back off exponentially instead of spinning; one bad message
 * never stops the loop. stop() ends the current long poll and waits for the messages in hand.
 */
export function createSqsPoller(opts: SqsPollerOptions) {
  let stopped = false;
  const abort = new AbortController();
  let loop: Promise<void> | null = null;

  const handleOne = async (message: Message, received: ReceivedMessage, queue: { hasRedrivePolicy: boolean }) => {
    let verdict: MessageVerdict = 'keep';
    try {
      verdict = await opts.handle(received, queue);
    } catch (err) {
      opts.log.error({ err, messageId: received.messageId }, 'notification handling failed; it stays on the queue');
    }
    if (verdict === 'delete') {
      await opts.sqs.send(new DeleteMessageCommand({ QueueUrl: opts.queueUrl, ReceiptHandle: message.ReceiptHandle }));
      opts.metrics.deleted();
    }
  };

  const run = async () => {
    let backoff = 1_000;
    let queue = { hasRedrivePolicy: false };
    try {
      const attributes = await opts.sqs.send(new GetQueueAttributesCommand({ QueueUrl: opts.queueUrl, AttributeNames: ['RedrivePolicy'] }));
      queue = { hasRedrivePolicy: Boolean(attributes.Attributes?.RedrivePolicy) };
    } catch (err) {
      opts.log.warn({ err }, 'cannot read queue attributes; assuming no redrive policy');
    }
    while (!stopped) {
      try {
        const res = await opts.sqs.send(new ReceiveMessageCommand({
          QueueUrl: opts.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: opts.waitSeconds,
          // Set on every call rather than trusting the queue default: it must cover one hand-off.
          VisibilityTimeout: opts.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }), { abortSignal: abort.signal });
        const batch = (res.Messages ?? []).map((message) => ({ message, received: toReceived(message) }));
        opts.metrics.received(batch.map((m) => m.received.sentAt), opts.now());
        for (const { message, received } of batch) await handleOne(message, received, queue);
        backoff = 1_000;
      } catch (err) {
        if (stopped) break;
        opts.log.warn({ err, retryInMs: backoff }, 'receiving from SQS failed');
        await new Promise((r) => setTimeout(r, backoff).unref());
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  };

  return {
    start(): void {
      loop ??= run();
    },
    async stop(): Promise<void> {
      stopped = true;
      abort.abort();
      await loop;
      opts.metrics.close();
    },
  };
}
