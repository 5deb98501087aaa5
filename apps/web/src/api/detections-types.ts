// Shapes of the detections routes (apps/api/src/modules/detections/*.schemas.ts): rules, alerts,
// destinations and deliveries, as the dashboard reads them.

type S = string | null;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_KINDS = ['detection', 'monitor'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const RULE_KINDS = ['match', 'threshold', 'new_value'] as const;

export type RuleSummary = {
  id: string; title: string; kind: string; severity: string; enabled: boolean; builtin: boolean; edited: boolean;
  version: number; mitre: string[]; description: string; updatedAt: string; updatedBy: S;
};
export type RuleMeta = { builtin: boolean; edited: boolean; enabledAt: S; updatedAt: string; updatedBy: S };
/** The rule as stored (README "Detections"); the dashboard edits its YAML, so only a few fields are read. */
export type RuleDefinition = { id: string; title: string; kind: string; severity: string; enabled?: boolean; version?: number; description?: string; mitre?: string[] } & Record<string, unknown>;
export type RuleDetail = { rule: RuleDefinition; meta: RuleMeta };
export type RuleVersionSummary = { version: number; title: string; createdAt: string; createdBy: S };

export type RuleIssue = { field: string; message: string; line?: number | null; column?: number | null };
export type RuleFailure = { case: string; message: string };
export type RuleCheck = { valid: boolean; issues: RuleIssue[]; failures: RuleFailure[] };
export type ImportResult = { imported: { id: string; version: number; created: boolean; warnings: string[] }[] };

export type BacktestFiring = {
  alertKey: string; groupKey: string; group: Record<string, unknown>; firstSeen: string; lastSeen: string; count: number;
  eventIds: string[]; newValue?: Record<string, unknown>;
};
export type BacktestResult = { range: { from: S; to: S }; events: number; truncated: boolean; firings: BacktestFiring[]; totalFirings: number; alerts: number };

export type Alert = {
  id: string; kind: AlertKind | string; ruleId: string; ruleVersion: number; title: string; severity: Severity | string; status: AlertStatus | string;
  alertKey: string; groupKey: string; group: Record<string, unknown>; sourceId: S; details: Record<string, unknown> | null;
  firstSeen: string; lastSeen: string; eventCount: number;
  acknowledgedAt: S; acknowledgedBy: S; resolvedAt: S; resolvedBy: S; createdAt: string; updatedAt: string;
};
export type AlertPage = { data: Alert[]; nextCursor: S; counts: { byStatus: Record<string, number>; bySeverity: Record<string, number> } };

export type Attempt = { attempt: number; at: string; outcome: string; status: number | null; error: S; durationMs: number; responseSnippet: S };
export type Delivery = {
  id: string; alertId: S; test: boolean; destination: { id: string; name: string; kind: string };
  status: 'pending' | 'delivered' | 'failed' | string; attempts: number; nextAttemptAt: S; lastStatus: number | null; lastError: S; deliveredAt: S; createdAt: string;
  attemptLog?: Attempt[];
};

/** An event as GET /v1/events/{id} presents it: `event` carries the id, time and every normalized field. */
export type AlertEvent = { event: { id: string; time: string } & Record<string, unknown>; fields: Record<string, unknown>; raw: Record<string, unknown> };
export type AlertRule = { id: string; version: number; title: string; description: string; runbook: string; mitre: string[] };
export type AlertNote = { id: string; author: string; text: string; createdAt: string };
export type AlertDetail = { alert: Alert; notes: AlertNote[]; rule: AlertRule | null; events: AlertEvent[]; deliveries: Delivery[] };

export const DESTINATION_KINDS = ['webhook', 'slack', 'pagerduty', 'email'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
export type Destination = {
  id: string; name: string; kind: DestinationKind | string; config: Record<string, unknown>;
  secret: { set: boolean; fields: string[] }; minSeverity: Severity | string; enabled: boolean; createdAt: string; updatedAt: string;
};
export type DestinationCreated = { destination: Destination; signingSecret?: string };
export type DestinationBody = {
  name: string; kind: DestinationKind; config: Record<string, unknown>; secret: Record<string, string>; minSeverity: Severity; enabled: boolean;
};
export type DestinationChanges = {
  name?: string; config?: Record<string, unknown>; secret?: Record<string, string | null>; minSeverity?: Severity; enabled?: boolean;
};
