import { isHttpUrl, noticeHeadline, oneLine, truncate, valueText, type AlertNotice } from './alert-notice.js';
import type { EmailConfig } from './destination-settings.js';

export type EmailMessage = { from: string; to: string[]; subject: string; text: string; html: string };

const SUBJECT_MAX = 200;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The facts of a notice as label/value rows, shared by the text and the HTML part so both say the same. */
function facts(notice: AlertNotice): Array<[string, string]> {
  const { alert, rule, tenant } = notice;
  const group = Object.entries(alert.group).map(([k, v]) => `${k}=${valueText(v)}`).join(', ') || alert.groupKey;
  return [
    ['Severity', alert.severity],
    ['Status', alert.status],
    ['Group', group],
    ['Count', String(alert.count)],
    ['First seen', alert.firstSeen],
    ['Last seen', alert.lastSeen],
    ['Rule', `${rule.id} v${rule.version}`],
    ...(rule.mitre.length ? [['MITRE ATT&CK', rule.mitre.join(', ')] as [string, string]] : []),
    ['Tenant', tenant.name],
    ...(alert.url ? [['Alert', alert.url] as [string, string]] : []),
  ];
}

const eventLine = (e: AlertNotice['events'][number]) =>
  `${e.time} ${e.type}${e.code ? ` (${e.code})` : ''}${e.user ? ` by ${e.user}` : ''}: ${e.summary}`;

/** A plain-text and a simple HTML e-mail with the same facts and the runbook. */
export function emailMessage(notice: AlertNotice, config: EmailConfig): EmailMessage {
  const { rule, events } = notice;
  const subject = truncate(oneLine(noticeHeadline(notice)), SUBJECT_MAX);
  const rows = facts(notice);
  const intro = notice.test ? 'This is a test message from Teleport audit ingest; no alert was raised.' : null;

  const text = [
    ...(intro ? [intro, ''] : []),
    rule.title,
    ...(rule.description ? ['', rule.description] : []),
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(events.length ? ['', 'Recent events:', ...events.map((e) => `- ${eventLine(e)}`)] : []),
    ...(rule.runbook ? ['', 'Runbook:', rule.runbook] : []),
    '',
  ].join('\n');

  const cell = (label: string, value: string) =>
    label === 'Alert' && isHttpUrl(value) ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
  const paragraph = (t: string) => `<p>${escapeHtml(t).replace(/\n/g, '<br>')}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    ...(intro ? [`<p><em>${escapeHtml(intro)}</em></p>`] : []),
    `<h2>${escapeHtml(rule.title)}</h2>`,
    ...(rule.description ? [paragraph(rule.description)] : []),
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${cell(label, value)}</td></tr>`),
    '</table>',
    ...(events.length ? ['<h3>Recent events</h3><ul>', ...events.map((e) => `<li>${escapeHtml(eventLine(e))}</li>`), '</ul>'] : []),
    ...(rule.runbook ? ['<h3>Runbook</h3>', paragraph(rule.runbook)] : []),
    '</body></html>',
  ].join('\n');

  return { from: config.from, to: config.to, subject, text, html };
}
