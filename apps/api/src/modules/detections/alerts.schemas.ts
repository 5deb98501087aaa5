import { Type } from 'typebox';
import { EventDetail } from '../events/events.schemas.js';

const S = Type.Union([Type.String(), Type.Null()]);
const N = Type.Union([Type.Integer(), Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Integer());

export const AlertView = Type.Object({
  id: Type.String(), kind: Type.String({ description: 'detection (a rule) or monitor (completeness)' }), ruleId: Type.String(), ruleVersion: Type.Integer(),
  title: Type.String(), severity: Type.String(), status: Type.String({ description: 'open, acknowledged or resolved' }),
  alertKey: Type.String(), groupKey: Type.String(), group: Type.Record(Type.String(), Type.Unknown(), { description: 'the groupBy values' }),
  sourceId: S, details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  firstSeen: Type.String(), lastSeen: Type.String(), eventCount: Type.Integer(),
  acknowledgedAt: S, acknowledgedBy: S, resolvedAt: S, resolvedBy: S, createdAt: Type.String(), updatedAt: Type.String(),
});

export const AlertListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated: open, acknowledged, resolved' })),
  severity: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated: info, low, medium, high, critical' })),
  ruleId: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.Union([Type.Literal('detection'), Type.Literal('monitor')])),
  sourceId: Type.Optional(Type.String({ format: 'uuid' })),
  from: Type.Optional(Type.String({ maxLength: 64, description: 'alerts last seen at or after (RFC 3339, a date, -24h)' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'alerts first seen before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor from the previous page (same filter)' })),
}, { additionalProperties: false });

export const AlertPage = Type.Object({
  data: Type.Array(AlertView), nextCursor: S,
  counts: Type.Object({ byStatus: Counts, bySeverity: Counts }, { description: 'byStatus over every status; bySeverity over the statuses asked for' }),
});

export const Attempt = Type.Object({ attempt: Type.Integer(), at: Type.String(), outcome: Type.String(), status: N, error: S, durationMs: Type.Integer(), responseSnippet: S });
export const DeliveryView = Type.Object({
  id: Type.String(), alertId: S, test: Type.Boolean(), destination: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  status: Type.String({ description: 'pending, delivered or failed' }), attempts: Type.Integer(), nextAttemptAt: S, lastStatus: N, lastError: S, deliveredAt: S, createdAt: Type.String(),
  attemptLog: Type.Optional(Type.Array(Attempt)),
});

const NoteText = Type.String({ minLength: 1, maxLength: 2_000, pattern: '\\S' });
export const AlertNote = Type.Object({ id: Type.String(), author: Type.String({ description: 'a user\'s email, or an API key\'s name and prefix' }), text: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
export const AlertNoteBody = Type.Object({ text: NoteText }, { additionalProperties: false });

export const AlertDetail = Type.Object({
  alert: AlertView,
  notes: Type.Array(AlertNote, { description: 'what was written on it while triaging, oldest first (the first 500)' }),
  rule: Type.Union([Type.Object({ id: Type.String(), version: Type.Integer(), title: Type.String(), description: Type.String(), runbook: Type.String(), mitre: Type.Array(Type.String()) }), Type.Null()], { description: 'the rule version that raised it' }),
  events: Type.Array(EventDetail, { description: 'its first 100 events' }),
  deliveries: Type.Array(DeliveryView),
});

export const AlertIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const AlertPatch = Type.Object({
  status: Type.Union([Type.Literal('acknowledged'), Type.Literal('resolved'), Type.Literal('open')]),
  note: Type.Optional(Type.String({ maxLength: 2_000, description: 'why; kept with the alert as a note (an empty one is none) and in the audit log with the change' })),
}, { additionalProperties: false });
