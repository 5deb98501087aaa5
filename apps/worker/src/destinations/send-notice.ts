import { pagerDutyRequest, slackRequest, webhookRequest, type AlertNotice, type DestinationSettings } from '@tai/core';
import { secretScrubber, type AttemptResult } from './attempt-result.js';
import { sendEmail } from './email-send.js';
import { sendHttp } from './http-send.js';

/** connectTo: the address checkDestination checked, connected to instead of resolving the host again */
export type SendNoticeOptions = { timeoutMs?: number; now?: () => Date; connectTo?: string };

const DEFAULT_TIMEOUT_MS = 10_000;

/** Every secret value of a destination, so none of them reaches an error or a stored snippet. */
const secretsOf = (settings: DestinationSettings): Array<string | undefined> => {
  switch (settings.kind) {
    case 'webhook': return [settings.secret.signingSecret];
    case 'slack': return [settings.secret.webhookUrl];
    case 'pagerduty': return [settings.secret.routingKey];
    case 'email': return [settings.secret.password];
  }
};

/** One delivery attempt of one notice to one destination, with validated settings. Never throws for the receiver's faults. */
export async function sendNotice(settings: DestinationSettings, notice: AlertNotice, { timeoutMs = DEFAULT_TIMEOUT_MS, now = () => new Date(), connectTo }: SendNoticeOptions = {}): Promise<AttemptResult> {
  const scrub = secretScrubber(secretsOf(settings));
  switch (settings.kind) {
    case 'webhook': return sendHttp(webhookRequest(notice, settings.config, settings.secret, now()), { timeoutMs, now, scrub, connectTo });
    case 'slack': return sendHttp(slackRequest(notice, settings.secret), { timeoutMs, now, scrub, connectTo });
    case 'pagerduty': return sendHttp(pagerDutyRequest(notice, settings.config, settings.secret), { timeoutMs, now, scrub, connectTo });
    case 'email': return sendEmail(notice, settings.config, settings.secret, { timeoutMs, scrub, connectTo });
  }
}
