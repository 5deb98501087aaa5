import type { Severity } from '../detections/rules/rule-schema.js';
import { isHttpUrl, noticeHeadline, truncate, type AlertNotice } from './alert-notice.js';
import type { PagerDutyConfig, PagerDutySecret } from './destination-settings.js';
import { jsonRequest, type HttpRequest } from './http-request.js';

export const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info',
};
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

type EventAction = 'trigger' | 'acknowledge' | 'resolve';
const ACTION: Record<AlertNotice['alert']['status'], EventAction> = { open: 'trigger', acknowledged: 'acknowledge', resolved: 'resolve' };

/**
 * One alert is one PagerDuty alert: its id is the dedup key, so later notices acknowledge or resolve it.
 * A test gets a key of its own and always triggers, so it never touches (or resolves) a real incident.
 */
export const pagerDutyDedupKey = (notice: AlertNotice): string =>
  truncate(notice.test ? `tai-test-${notice.deliveryId}` : `tai-${notice.alert.id}`, DEDUP_KEY_MAX);

/** An Events API v2 event for the notice: trigger with the facts, or a bare acknowledge/resolve. */
export function pagerDutyRequest(notice: AlertNotice, config: PagerDutyConfig, secret: PagerDutySecret): HttpRequest {
  const { alert, rule, tenant, events } = notice;
  const action = notice.test ? 'trigger' : ACTION[alert.status];
  const head = { routing_key: secret.routingKey, event_action: action, dedup_key: pagerDutyDedupKey(notice) };
  if (action !== 'trigger') return jsonRequest(config.eventsUrl, head);
  const links = [
    ...(alert.url && isHttpUrl(alert.url) ? [{ href: alert.url, text: 'Open alert in Teleport audit ingest' }] : []),
    ...(isHttpUrl(rule.runbook) ? [{ href: rule.runbook, text: 'Runbook' }] : []),
  ];
  return jsonRequest(config.eventsUrl, {
    ...head,
    payload: {
      summary: truncate(noticeHeadline(notice), SUMMARY_MAX),
      source: tenant.name || tenant.id,
      severity: PAGERDUTY_SEVERITY[alert.severity],
      timestamp: alert.lastSeen,
      component: 'teleport',
      group: rule.id,
      class: rule.title,
      custom_details: {
        test: notice.test,
        delivery_id: notice.deliveryId,
        alert_id: alert.id,
        status: alert.status,
        severity: alert.severity,
        group: alert.group,
        group_key: alert.groupKey,
        count: alert.count,
        first_seen: alert.firstSeen,
        last_seen: alert.lastSeen,
        rule: { id: rule.id, version: rule.version, title: rule.title, mitre: rule.mitre },
        description: rule.description,
        runbook: rule.runbook,
        tenant,
        events,
      },
    },
    links,
    client: 'Teleport audit ingest',
    ...(alert.url && isHttpUrl(alert.url) ? { client_url: alert.url } : {}),
  });
}
