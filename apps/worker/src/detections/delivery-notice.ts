import { formatEventId, type AlertNotice, type Severity } from '@tai/core';
import type { DeliveryContext } from '@tai/db';

const TEST_RULE = {
  id: 'test-notification', version: 1, title: 'Test notification from Teleport audit ingest',
  description: 'Sent by "send test" to check that this destination receives alerts. Nothing happened.', mitre: [], runbook: '',
};

const summaryOf = (e: DeliveryContext['events'][number]): string =>
  [e.eventType, e.actor ? `by ${e.actor}` : null, e.serverHostname ? `on ${e.serverHostname}` : null, e.message].filter(Boolean).join(' ').slice(0, 300);

/** The notice a delivery sends, from what the database holds for it; a test delivery gets a notice of its own. */
export function buildNotice(ctx: DeliveryContext, { tenantId, publicUrl, now }: { tenantId: string; publicUrl: string | null; now: Date }): AlertNotice {
  const tenant = { id: tenantId, name: ctx.tenantName };
  const { alert } = ctx;
  if (!alert) {
    const at = now.toISOString();
    return {
      deliveryId: ctx.delivery.id, test: true, tenant, rule: TEST_RULE, events: [],
      alert: { id: ctx.delivery.id, status: 'open', severity: 'info', groupKey: '[]', group: {}, firstSeen: at, lastSeen: at, count: 0, url: publicUrl ? `${publicUrl}/alerts` : null },
    };
  }
  const rule = ctx.rule as { title?: string; description?: string; mitre?: string[]; runbook?: string } | null;
  return {
    deliveryId: ctx.delivery.id,
    test: ctx.delivery.test,
    tenant,
    alert: {
      id: alert.id, status: alert.status, severity: alert.severity as Severity, groupKey: alert.groupKey, group: alert.groupValues,
      firstSeen: alert.firstSeenMicro, lastSeen: alert.lastSeenMicro, count: alert.eventCount,
      url: publicUrl ? `${publicUrl}/alerts/${alert.id}` : null,
    },
    rule: {
      id: alert.ruleId, version: alert.ruleVersion, title: rule?.title ?? alert.title, description: rule?.description ?? '',
      mitre: rule?.mitre ?? [], runbook: rule?.runbook ?? '',
    },
    events: ctx.events.map((e) => ({
      id: formatEventId({ eventTime: new Date(e.eventTime), id: e.id }), time: new Date(e.eventTime).toISOString(), type: e.eventType,
      code: e.eventCode, user: e.actor, summary: summaryOf(e),
    })),
  };
}
