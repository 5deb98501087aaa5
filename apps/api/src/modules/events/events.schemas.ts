import { Type } from 'typebox';

const S = Type.Union([Type.String(), Type.Null()]);

export const EventQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'inclusive lower bound on event time, RFC 3339' })),
  to: Type.Optional(Type.String({ description: 'exclusive upper bound on event time, RFC 3339' })),
  event_type: Type.Optional(Type.String({ maxLength: 200, description: 'exact type (user.login) or a prefix ending in * (session.*)' })),
  actor: Type.Optional(Type.String({ maxLength: 500 })),
  session_id: Type.Optional(Type.String({ maxLength: 200 })),
  cluster: Type.Optional(Type.String({ maxLength: 200 })),
  source_id: Type.Optional(Type.String({ maxLength: 36 })),
  success: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor from the previous page (same filters)' })),
}, { additionalProperties: false });

export const EventSummary = Type.Object({
  id: Type.String({ description: 'stable id for GET /v1/events/{id}' }),
  time: Type.String({ format: 'date-time' }),
  timeFromReceivedAt: Type.Boolean({ description: 'the event had no usable time; time is when it was received (by us or by a forwarder)' }),
  receivedAt: Type.String({ format: 'date-time' }),
  sourceId: Type.String(),
  uid: S,
  type: Type.String(),
  code: S,
  success: Type.Union([Type.Boolean(), Type.Null()]),
  actor: S,
  login: S,
  clusterName: S,
  sessionId: S,
  serverHostname: S,
  remoteIp: S,
  resourceName: S,
  command: S,
  error: S,
  parseWarnings: Type.Array(Type.String()),
});

export const EventPage = Type.Object({ data: Type.Array(EventSummary), nextCursor: S });

export const EventDetail = Type.Object({
  event: EventSummary,
  /** the normalized columns, as stored */
  fields: Type.Record(Type.String(), Type.Unknown()),
  raw: Type.Record(Type.String(), Type.Unknown(), { description: 'the event exactly as received' }),
});
