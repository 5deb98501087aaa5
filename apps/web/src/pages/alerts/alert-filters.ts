// The alert list's filters, as the page's URL keeps them (so a filtered list can be shared) and as the
// API takes them. Pure: tested in test/dashboard-detections-models.test.ts.
import { ALERT_KINDS, ALERT_STATUSES, SEVERITIES } from '../../api/detections-types.js';

export type AlertFilters = { status: string[]; severity: string[]; rule: string; kind: string };

const listParam = (params: URLSearchParams, name: string, allowed: readonly string[]): string[] => {
  const wanted = new Set((params.get(name) ?? '').split(',').map((v) => v.trim()));
  // In the allowed order, so the same filter always makes the same URL (and the same API cursor).
  return allowed.filter((v) => wanted.has(v));
};

/** The filters a URL names; values the API would refuse are dropped rather than shown as an error. */
export function readAlertFilters(params: URLSearchParams): AlertFilters {
  const kind = params.get('kind') ?? '';
  return {
    status: listParam(params, 'status', ALERT_STATUSES),
    severity: listParam(params, 'severity', SEVERITIES),
    rule: (params.get('rule') ?? '').trim(),
    kind: (ALERT_KINDS as readonly string[]).includes(kind) ? kind : '',
  };
}

/** GET /v1/alerts parameters; an empty filter is left out. */
export function alertsQuery(f: AlertFilters): Record<string, string | undefined> {
  return {
    status: f.status.length ? f.status.join(',') : undefined,
    severity: f.severity.length ? f.severity.join(',') : undefined,
    ruleId: f.rule || undefined,
    kind: f.kind || undefined,
  };
}

/** The list's address for these filters. */
export function alertsHref(f: AlertFilters): string {
  const params = new URLSearchParams();
  if (f.status.length) params.set('status', f.status.join(','));
  if (f.severity.length) params.set('severity', f.severity.join(','));
  if (f.rule) params.set('rule', f.rule);
  if (f.kind) params.set('kind', f.kind);
  const text = params.toString();
  return text ? `/alerts?${text}` : '/alerts';
}

/** Adds or removes one value of a multi-valued filter, keeping the allowed order. */
export function toggleIn(list: string[], value: string, allowed: readonly string[]): string[] {
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return allowed.filter((v) => next.includes(v));
}

export const hasFilters = (f: AlertFilters): boolean => f.status.length > 0 || f.severity.length > 0 || f.rule !== '' || f.kind !== '';
