import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertNotice } from './alert-notice.js';
import type { WebhookConfig, WebhookSecret } from './destination-settings.js';
import { jsonRequest, type HttpRequest } from './http-request.js';

export const WEBHOOK_HEADERS = { delivery: 'x-tai-delivery', timestamp: 'x-tai-timestamp', signature: 'x-tai-signature' } as const;
const SIGNATURE_VERSION = 'v1';

/** The signed string binds the timestamp to the body, so a captured request cannot be replayed later with a new one. */
const sign = (signingSecret: string, timestamp: string, body: string): string =>
  createHmac('sha256', signingSecret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** What a generic webhook receives: the notice as JSON, signed with the destination's secret. */
export function webhookRequest(notice: AlertNotice, config: WebhookConfig, secret: WebhookSecret, now: Date): HttpRequest {
  const { deliveryId, alert, rule, tenant, events } = notice;
  const payload = { type: notice.test ? 'test' : 'alert', deliveryId, alert, rule, tenant, events };
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const request = jsonRequest(config.url, payload);
  return {
    ...request,
    headers: {
      ...request.headers,
      [WEBHOOK_HEADERS.delivery]: deliveryId,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: `${SIGNATURE_VERSION}=${sign(secret.signingSecret, timestamp, request.body)}`,
    },
  };
}

export type VerifyWebhookArgs = {
  body: string;
  timestamp: string;
  /** The x-tai-signature header; several comma-separated `v1=` values are accepted so a receiver can rotate secrets. */
  signature: string;
  signingSecret: string;
  now: Date;
  toleranceSeconds?: number;
};

/** For receivers: whether a request was signed with this secret within the tolerance of `now`. */
export function verifyWebhookSignature({ body, timestamp, signature, signingSecret, now, toleranceSeconds = 300 }: VerifyWebhookArgs): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(signingSecret, timestamp, body), 'hex');
  return signature.split(',').some((part) => {
    const [version, hex] = part.trim().split('=', 2);
    if (version !== SIGNATURE_VERSION || !hex || !/^[0-9a-f]+$/i.test(hex)) return false;
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
