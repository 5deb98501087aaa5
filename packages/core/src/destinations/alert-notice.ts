import type { Severity } from '../detections/rules/rule-schema.js';

/** What one delivery sends: built from the database by the delivery loop, turned into a request by a builder. */
export type AlertNotice = {
  deliveryId: string;
  test: boolean;
  alert: {
    id: string;
    status: 'open' | 'acknowledged' | 'resolved';
    severity: Severity;
    groupKey: string;
    group: Record<string, unknown>;
    firstSeen: string;
    lastSeen: string;
    count: number;
    url: string | null;
  };
  rule: { id: string; version: number; title: string; description: string; mitre: string[]; runbook: string };
  tenant: { id: string; name: string };
  events: Array<{ id: string; time: string; type: string; code: string | null; user: string | null; summary: string }>;
};

export const valueText = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);

/** The alert's group as `user=alice, cluster=prod`, or its key when the rule groups by nothing. */
export const groupSummary = (notice: AlertNotice): string => {
  const entries = Object.entries(notice.alert.group);
  return entries.length ? entries.map(([k, v]) => `${k}=${valueText(v)}`).join(', ') : notice.alert.groupKey;
};

/** `[TEST] [HIGH] [RESOLVED]`: the words that lead a subject, a header or a summary. */
export const noticeTags = (notice: AlertNotice): string =>
  [notice.test ? '[TEST]' : null, `[${notice.alert.severity.toUpperCase()}]`, notice.alert.status === 'open' ? null : `[${notice.alert.status.toUpperCase()}]`]
    .filter(Boolean).join(' ');

/** The one-line headline every channel uses. */
export const noticeHeadline = (notice: AlertNotice): string => `${noticeTags(notice)} ${notice.rule.title} — ${groupSummary(notice)}`;

/** Text cut to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair (receivers count at least that). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Header values and subjects take one line: a tenant's text must not start a header of its own. */
export const oneLine = (text: string): string => text.replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ');

export const isHttpUrl = (text: string): boolean => {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};
