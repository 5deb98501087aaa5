// How alerts read on the page: severity tones, group values, which status changes make sense. Pure.

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const SEVERITY_TONE: Record<string, Tone> = { info: 'neutral', low: 'info', medium: 'warn', high: 'bad', critical: 'bad' };
const STATUS_TONE: Record<string, Tone> = { open: 'bad', acknowledged: 'warn', resolved: 'good' };

export const severityTone = (severity: string): Tone => SEVERITY_TONE[severity] ?? 'neutral';
export const statusTone = (status: string): Tone => STATUS_TONE[status] ?? 'neutral';

/** A group value as text: strings as they are, anything else as JSON; null as "—". */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `user=alice · node=web-1`, for a group in one line. */
export const groupText = (group: Record<string, unknown>): string =>
  Object.entries(group).map(([k, v]) => `${k}=${valueText(v)}`).join(' · ');

export type StatusAction = { status: 'acknowledged' | 'resolved' | 'open'; label: string };

/** The changes an alert in this status can take: acknowledge an open one, resolve an unresolved one, reopen the rest. */
export function statusActions(status: string): StatusAction[] {
  const out: StatusAction[] = [];
  if (status === 'open') out.push({ status: 'acknowledged', label: 'Acknowledge' });
  if (status !== 'resolved') out.push({ status: 'resolved', label: 'Resolve' });
  if (status !== 'open') out.push({ status: 'open', label: 'Reopen' });
  return out;
}

/** MITRE ATT&CK's page for a technique (T1078.003 → techniques/T1078/003/) or tactic (TA0004). */
export function mitreHref(id: string): string | null {
  const technique = /^T(\d{4})(?:\.(\d{3}))?$/.exec(id);
  if (technique) return `https://attack.mitre.org/techniques/T${technique[1]}/${technique[2] ? `${technique[2]}/` : ''}`;
  if (/^TA\d{4}$/.test(id)) return `https://attack.mitre.org/tactics/${id}/`;
  return null;
}
