import { monitorAlertOf, type FindingTransition, type Metrics } from '@tai/core';
import type { DetectionEvaluationRepository } from '@tai/db';
import type { Logger } from 'pino';

const ATTEMPTS = 5;

/**
 * Turns completeness findings into monitor alerts. The finding is already committed when this runs, so a
 * database hiccup is retried here a few times before it is logged as lost for alerting (the finding itself
 * stays, on the source's health).
 */
export function monitorFindingHandler({ repo, log, metrics, now }: { repo: DetectionEvaluationRepository; log: Logger; metrics: Metrics; now: () => Date }) {
  return async (finding: FindingTransition): Promise<void> => {
    const alert = monitorAlertOf(finding);
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await repo.applyMonitorFinding({ tenantId: finding.tenantId, state: finding.state, alert, details: finding.details, sourceId: finding.sourceId, at: finding.at, now: now() });
        if (id && finding.state === 'open') metrics.detections.alert({ kind: 'monitor', severity: alert.severity, outcome: 'created' });
        log.info({ tenantId: finding.tenantId, sourceId: finding.sourceId, kind: finding.kind, subject: finding.subject, state: finding.state, alertId: id }, 'completeness finding');
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS) {
          log.error({ err, tenantId: finding.tenantId, kind: finding.kind, subject: finding.subject }, 'a completeness finding could not be turned into an alert');
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  };
}
