// The add/edit destination form as data: what each kind asks for, the body it sends, and the checks made
// before sending (the API checks everything again and names the field). Pure: tested in
// test/dashboard-detections-models.test.ts.
import type { Destination, DestinationBody, DestinationChanges, DestinationKind, Severity } from '../../api/detections-types.js';

export type DestinationDraft = {
  name: string;
  kind: DestinationKind;
  minSeverity: Severity;
  enabled: boolean;
  // webhook
  url: string;
  // slack
  slackWebhookUrl: string;
  channelLabel: string;
  // pagerduty
  routingKey: string;
  // email
  host: string;
  port: string;
  tls: 'starttls' | 'tls' | 'none';
  from: string;
  to: string;
  username: string;
  password: string;
};

export const KIND_LABEL: Record<DestinationKind, string> = { webhook: 'Webhook', slack: 'Slack', pagerduty: 'PagerDuty', email: 'E-mail' };

export const emptyDraft = (kind: DestinationKind = 'webhook'): DestinationDraft => ({
  name: '', kind, minSeverity: 'low', enabled: true, url: '', slackWebhookUrl: '', channelLabel: '', routingKey: '',
  host: '', port: '587', tls: 'starttls', from: '', to: '', username: '', password: '',
});

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A stored destination as the edit form starts: its settings, never its secrets (the API does not return them). */
export function draftOf(d: Destination): DestinationDraft {
  const c = d.config;
  const kind = (['webhook', 'slack', 'pagerduty', 'email'] as const).find((k) => k === d.kind) ?? 'webhook';
  const tls = c.tls === 'tls' || c.tls === 'none' ? c.tls : 'starttls';
  return {
    ...emptyDraft(kind), name: d.name, minSeverity: d.minSeverity as Severity, enabled: d.enabled,
    url: text(c.url), channelLabel: text(c.channelLabel), host: text(c.host), port: text(c.port) || '587', tls,
    from: text(c.from), to: Array.isArray(c.to) ? c.to.map(text).join(', ') : '', username: text(c.username),
  };
}

/** Recipients typed with commas, semicolons, spaces or one per line. */
export const addresses = (list: string): string[] => list.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);

function configOf(d: DestinationDraft): Record<string, unknown> {
  switch (d.kind) {
    case 'webhook': return { url: d.url.trim() };
    case 'slack': return d.channelLabel.trim() ? { channelLabel: d.channelLabel.trim() } : {};
    case 'pagerduty': return {};
    case 'email': return {
      host: d.host.trim(), port: Number(d.port), tls: d.tls, from: d.from.trim(), to: addresses(d.to),
      ...(d.username.trim() ? { username: d.username.trim() } : {}),
    };
  }
}

/** The secret fields typed in; an empty input sends nothing (on edit: keeps what is stored). */
function secretOf(d: DestinationDraft): Record<string, string> {
  const typed: Record<string, string> = {};
  if (d.kind === 'slack' && d.slackWebhookUrl.trim()) typed.webhookUrl = d.slackWebhookUrl.trim();
  if (d.kind === 'pagerduty' && d.routingKey.trim()) typed.routingKey = d.routingKey.trim();
  if (d.kind === 'email' && d.password) typed.password = d.password;
  return typed;
}

export function createBody(d: DestinationDraft): DestinationBody {
  return { name: d.name.trim(), kind: d.kind, config: configOf(d), secret: secretOf(d), minSeverity: d.minSeverity, enabled: d.enabled };
}

/** PATCH body: the config is replaced whole, secret fields merge (only the ones typed are sent). */
export function updateBody(d: DestinationDraft): DestinationChanges {
  const secret = secretOf(d);
  return { name: d.name.trim(), config: configOf(d), minSeverity: d.minSeverity, enabled: d.enabled, ...(Object.keys(secret).length ? { secret } : {}) };
}

export type DraftProblems = Partial<Record<keyof DestinationDraft, string>>;

const isUrl = (value: string, protocols: string[]) => {
  try {
    return protocols.includes(new URL(value.trim()).protocol);
  } catch {
    return false;
  }
};

/**
 * What stops the form from being sent. On edit (`stored` given) a secret left empty keeps the stored one,
 * so it is only required when the destination has none.
 */
export function draftProblems(d: DestinationDraft, stored: Destination | null = null): DraftProblems {
  const p: DraftProblems = {};
  const has = (field: string) => stored?.secret.fields.includes(field) ?? false;
  if (!d.name.trim()) p.name = 'Give it a name';
  if (d.kind === 'webhook' && !isUrl(d.url, ['http:', 'https:'])) p.url = 'An http or https URL';
  if (d.kind === 'slack' && !(d.slackWebhookUrl.trim() ? isUrl(d.slackWebhookUrl, ['https:']) : has('webhookUrl'))) p.slackWebhookUrl = 'The https URL of a Slack incoming webhook';
  if (d.kind === 'pagerduty' && !(d.routingKey.trim() ? /^[\x21-\x7e]{32}$/.test(d.routingKey.trim()) : has('routingKey'))) p.routingKey = 'The 32-character integration key of an Events API v2 integration';
  if (d.kind === 'email') {
    if (!d.host.trim()) p.host = 'The SMTP server';
    const port = Number(d.port);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) p.port = 'A port, 1-65535';
    if (!/^[^\s@]+@[^\s@]+$/.test(d.from.trim())) p.from = 'An e-mail address';
    const to = addresses(d.to);
    if (to.length === 0) p.to = 'At least one address';
    else if (to.some((a) => !/^[^\s@]+@[^\s@]+$/.test(a))) p.to = 'E-mail addresses, separated by commas';
    if (d.password && !d.username.trim()) p.username = 'Needed with a password';
  }
  return p;
}
