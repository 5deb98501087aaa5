import type { Severity } from '../detections/rules/rule-schema.js';
import type { FindingKind, FindingTransition } from './finding-kinds.js';

/** The built-in monitors as alerting sees them: a rule id, a title and a severity per kind of finding. */
export const MONITOR_RULES: Record<FindingKind, { ruleId: string; title: string; severity: Severity }> = {
  'source.silent': { ruleId: 'monitor-source-silent', title: 'Source went silent', severity: 'high' },
  'session.incomplete': { ruleId: 'monitor-session-incomplete', title: 'Session is missing events', severity: 'medium' },
  'session.open_too_long': { ruleId: 'monitor-session-open-too-long', title: 'Session open far longer than usual', severity: 'low' },
  'event_type.unknown': { ruleId: 'monitor-unknown-event-type', title: 'Unknown event type seen', severity: 'low' },
  'rejects.spike': { ruleId: 'monitor-reject-spike', title: 'Spike of rejected events', severity: 'medium' },
  's3.objects_missing': { ruleId: 'monitor-s3-objects-missing', title: 'S3 objects never ingested', severity: 'high' },
  's3.objects_failed': { ruleId: 'monitor-s3-objects-failed', title: 'S3 objects failed to ingest', severity: 'medium' },
};

/** What the alert of a finding is made of: one alert per finding (kind, source, subject), resolved when it is. */
export function monitorAlertOf(finding: FindingTransition) {
  const monitor = MONITOR_RULES[finding.kind];
  const group = { source: finding.sourceId, subject: finding.subject };
  return {
    ...monitor,
    alertKey: `${monitor.ruleId}|${finding.sourceId ?? ''}|${finding.subject}`,
    groupKey: JSON.stringify([finding.sourceId, finding.subject]),
    group,
    title: finding.subject ? `${monitor.title}: ${finding.subject}`.slice(0, 300) : monitor.title,
  };
}
