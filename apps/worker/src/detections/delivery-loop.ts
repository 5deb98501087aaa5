import { isAppError, nextAttemptDelaySeconds, parseDestinationSettings, type DestinationKind, type Metrics, type SecretBox } from '@tai/core';
import type { DestinationsRepository } from '@tai/db';
import type { Logger } from 'pino';
import { wakeableSleep } from './wakeable-sleep.js';
import { sendNotice, type AttemptResult } from '../destinations/index.js';
import { checkDestination } from '../destinations/private-address.js';
import { buildNotice } from './delivery-notice.js';

export type DeliveryLoopOptions = {
  repo: DestinationsRepository;
  secretBox: SecretBox | null;
  pollMs: number;
  timeoutMs: number;
  publicUrl: string | null;
  /** send to loopback, private and link-local addresses too (DESTINATION_ALLOW_PRIVATE_NETWORKS) */
  allowPrivateNetworks: boolean;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
};

const CLAIM = 16;
const CONCURRENCY = 4;

/** An attempt that never reached the destination (its settings cannot be read): same bookkeeping as a sent one. */
const notSent = (outcome: 'retry' | 'failed', error: string): AttemptResult => ({ outcome, status: null, error, retryAfterSeconds: null, durationMs: 0, responseSnippet: null });

/**
 * Sends what the outbox holds, until stop(): due deliveries are leased (claimDue), sent, and their answer
 * recorded with the next attempt's time (backoff, or the destination's Retry-After). A worker that dies
 * mid-send leaves the lease to expire, and the delivery is sent again: receivers deduplicate on its id.
 */
export function startDeliveryLoop(opts: DeliveryLoopOptions) {
  let stopped = false;
  const { sleep, wake } = wakeableSleep();
  const leaseSeconds = Math.ceil(opts.timeoutMs / 1000) * 3 + 30;

  const attempt = async ({ tenantId, deliveryId }: { tenantId: string; deliveryId: string }) => {
    const log = opts.log.child({ tenantId, deliveryId });
    const ctx = await opts.repo.deliveryContext({ tenantId, deliveryId });
    if (!ctx || ctx.delivery.status !== 'pending') {
      await opts.repo.recordAttempt({ tenantId, deliveryId, attempt: { ...notSent('failed', 'the delivery is no longer pending'), nextAttemptAt: null }, now: opts.now() });
      return;
    }
    let result: AttemptResult;
    const kind = (ctx.destination?.kind ?? 'unknown') as DestinationKind;
    if (!ctx.destination) result = notSent('failed', 'destination.deleted: the destination no longer exists');
    else if (!ctx.destination.enabled && !ctx.delivery.test) result = notSent('failed', 'destination.disabled: the destination was disabled');
    else if (!opts.secretBox) result = notSent('retry', 'worker.no_secrets_key: the worker has no SECRETS_ENCRYPTION_KEY to open the destination\'s secret');
    else {
      try {
        const settings = { kind, ...parseDestinationSettings(kind, { config: ctx.destination.config, secret: JSON.parse(opts.secretBox.open(ctx.destination.sealedSecret)) }) } as Parameters<typeof sendNotice>[0];
        const checked = opts.allowPrivateNetworks ? { connectTo: undefined } : await checkDestination(settings);
        if ('refused' in checked) result = notSent('failed', checked.refused);
        else if ('unresolved' in checked) result = notSent('retry', checked.unresolved);
        else result = await sendNotice(settings, buildNotice(ctx, { tenantId, publicUrl: opts.publicUrl, now: opts.now() }), { timeoutMs: opts.timeoutMs, now: opts.now, connectTo: checked.connectTo });
      } catch (err) {
        if (!isAppError(err)) throw err;
        result = notSent('failed', `${err.code}: ${err.message}`);
      }
    }
    const delay = nextAttemptDelaySeconds({ attempt: ctx.delivery.attempts + 1, outcome: result.outcome, retryAfterSeconds: result.retryAfterSeconds });
    const now = opts.now();
    await opts.repo.recordAttempt({ tenantId, deliveryId, attempt: { ...result, nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay * 1000) }, now });
    opts.metrics.detections.delivery({ destination: kind, outcome: result.outcome === 'retry' && delay === null ? 'failed' : result.outcome });
    log.info({ destination: ctx.destination?.id, kind, outcome: result.outcome, status: result.status, error: result.error, ms: Math.round(result.durationMs), nextInSeconds: delay }, 'alert delivery attempted');
  };

  const loop = (async () => {
    while (!stopped) {
      let claimed: Array<{ tenantId: string; deliveryId: string }> = [];
      try {
        claimed = await opts.repo.claimDue({ now: opts.now(), limit: CLAIM, leaseSeconds });
        for (let i = 0; i < claimed.length; i += CONCURRENCY) {
          await Promise.all(claimed.slice(i, i + CONCURRENCY).map((c) => attempt(c).catch((err: unknown) => opts.log.error({ err, ...c }, 'alert delivery failed; it is tried again when its lease ends'))));
        }
      } catch (err) {
        opts.log.error({ err }, 'looking for alert deliveries failed');
      }
      if (claimed.length < CLAIM && !stopped) await sleep(opts.pollMs);
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      wake();
      await loop;
    },
  };
}
