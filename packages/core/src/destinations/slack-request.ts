import { isHttpUrl, noticeHeadline, noticeTags, truncate, valueText, type AlertNotice } from './alert-notice.js';
import type { SlackSecret } from './destination-settings.js';
import { jsonRequest, type HttpRequest } from './http-request.js';

// Block Kit limits; Slack answers 400 invalid_blocks past any of them.
export const SLACK_LIMITS = { headerText: 150, sectionText: 3000, fieldText: 2000, fields: 10, contextElements: 10, buttonText: 75, buttonUrl: 3000, fallbackText: 3000 } as const;
const FIXED_FIELDS = 4; // status, count, first seen, last seen

/** mrkdwn reads &, < and > as markup (`<url|text>` links, `<!channel>` pings): a tenant's text must not. */
export const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: truncate(text, max) });
const field = (label: string, value: string) => mrkdwn(`*${slackEscape(label)}*\n${slackEscape(value)}`, SLACK_LIMITS.fieldText);

function groupFields(notice: AlertNotice) {
  const entries = Object.entries(notice.alert.group).map(([k, v]) => [k, valueText(v)] as const);
  if (entries.length === 0) return [field('Group', notice.alert.groupKey)];
  const room = SLACK_LIMITS.fields - FIXED_FIELDS;
  if (entries.length <= room) return entries.map(([k, v]) => field(k, v));
  // More group keys than fields: the last field holds the rest.
  const rest = entries.slice(room - 1).map(([k, v]) => `${k}=${v}`).join(', ');
  return [...entries.slice(0, room - 1).map(([k, v]) => field(k, v)), field('More', rest)];
}

const eventLine = (e: AlertNotice['events'][number]) =>
  `• ${slackEscape(`${e.time} ${e.type}${e.code ? ` (${e.code})` : ''}${e.user ? ` by ${e.user}` : ''}: ${e.summary}`)}`;

/** A Slack incoming-webhook message: `text` is the notification and fallback, `blocks` the message itself. */
export function slackRequest(notice: AlertNotice, secret: SlackSecret): HttpRequest {
  const { alert, rule, tenant, events } = notice;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${noticeTags(notice)} ${rule.title}`, SLACK_LIMITS.headerText), emoji: false } },
  ];
  if (rule.description) blocks.push({ type: 'section', text: mrkdwn(slackEscape(rule.description), SLACK_LIMITS.sectionText) });
  blocks.push({
    type: 'section',
    fields: [
      ...groupFields(notice),
      field('Status', alert.status),
      field('Count', String(alert.count)),
      field('First seen', alert.firstSeen),
      field('Last seen', alert.lastSeen),
    ],
  });
  if (events.length) blocks.push({ type: 'section', text: mrkdwn(`*Recent events*\n${events.map(eventLine).join('\n')}`, SLACK_LIMITS.sectionText) });
  if (rule.runbook) blocks.push({ type: 'section', text: mrkdwn(`*Runbook*\n${slackEscape(rule.runbook)}`, SLACK_LIMITS.sectionText) });
  const context = [
    `Rule \`${slackEscape(rule.id)}\` v${rule.version}`,
    rule.mitre.length ? `MITRE ATT&amp;CK ${rule.mitre.map(slackEscape).join(', ')}` : null,
    `Tenant ${slackEscape(tenant.name)}`,
    notice.test ? 'Test message sent from Teleport audit ingest' : null,
  ].filter((t): t is string => t !== null);
  blocks.push({ type: 'context', elements: context.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t, SLACK_LIMITS.sectionText)) });
  if (alert.url && isHttpUrl(alert.url) && alert.url.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open alert' }, url: alert.url }] });
  }
  const text = truncate(slackEscape(noticeHeadline(notice)), SLACK_LIMITS.fallbackText);
  return jsonRequest(secret.webhookUrl, { text, blocks });
}
