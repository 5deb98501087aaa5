/**
 * What the completeness monitor can find wrong with a tenant's pipeline. The subject says which instance:
 * a session id, an event type, a UTC day (YYYY-MM-DD); '' for findings about the source as a whole.
 */
export const FINDING_KINDS = [
  'source.silent', 'session.incomplete', 'session.open_too_long', 'event_type.unknown', 'rejects.spike',
  's3.objects_missing', 's3.objects_failed',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_STATES = ['open', 'resolved'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** A finding that was opened or resolved, as handed to whoever turns findings into alerts. */
export type FindingTransition = {
  tenantId: string;
  sourceId: string | null;
  kind: FindingKind;
  subject: string;
  state: FindingState;
  details: Record<string, unknown>;
  at: Date;
};
