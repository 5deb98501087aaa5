export { groupSummary, noticeHeadline, type AlertNotice } from './alert-notice.js';
export { destinationErrors } from './destination-errors.js';
export {
  DESTINATION_KINDS, EMAIL_MAX_RECIPIENTS, PAGERDUTY_EVENTS_URL, generateSigningSecret, isDestinationKind, parseDestinationSettings,
  type DestinationConfig, type DestinationKind, type DestinationSecret, type DestinationSettings,
  type EmailConfig, type EmailSecret, type PagerDutyConfig, type PagerDutySecret, type SlackConfig, type SlackSecret, type WebhookConfig, type WebhookSecret,
} from './destination-settings.js';
export { USER_AGENT as DESTINATION_USER_AGENT, type HttpRequest } from './http-request.js';
export { WEBHOOK_HEADERS, verifyWebhookSignature, webhookRequest, type VerifyWebhookArgs } from './webhook-request.js';
export { SLACK_LIMITS, slackEscape, slackRequest } from './slack-request.js';
export { PAGERDUTY_SEVERITY, pagerDutyDedupKey, pagerDutyRequest } from './pagerduty-request.js';
export { emailMessage, type EmailMessage } from './email-message.js';
export {
  MAX_DELIVERY_ATTEMPTS, classifyAttempt, nextAttemptDelaySeconds, parseRetryAfter, retryDelaySeconds,
  type AttemptClass, type AttemptError, type AttemptOutcome,
} from './retry-policy.js';
