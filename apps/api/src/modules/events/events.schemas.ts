import { MAX_QUERY_LENGTH } from '@tai/core';
import { Type } from 'typebox';

const S = Type.Union([Type.String(), Type.Null()]);

const searchParams = {
  q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'the search language: user:alice event:session.* ip:10.0.0.0/8 exit_code:>0 "free text" AND OR NOT ( ); see the README' })),
  from: Type.Optional(Type.String({ maxLength: 64, description: 'inclusive lower bound on event time: RFC 3339, a date, now, or relative (-24h, now-7d)' })),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'exclusive upper bound on event time, in the same forms' })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')], { description: 'newest first (default) or oldest first' })),
  fields: Type.Optional(Type.String({ maxLength: 1_000, description: 'comma-separated fields to return (default: all but raw)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 1_024, description: 'nextCursor from the previous page (same query)' })),
  event_type: Type.Optional(Type.String({ maxLength: 200, description: 'same as q event:<value>' })),
  actor: Type.Optional(Type.String({ maxLength: 500, description: 'same as q user:<value>' })),
  session_id: Type.Optional(Type.String({ maxLength: 200, description: 'same as q sid:<value>' })),
  cluster: Type.Optional(Type.String({ maxLength: 200, description: 'same as q cluster:<value>' })),
  source_id: Type.Optional(Type.String({ maxLength: 36, description: 'same as q source:<id>' })),
  success: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
};

export const EventQuery = Type.Object(searchParams, { additionalProperties: false });
export const EventSearchBody = Type.Object(searchParams, { additionalProperties: false });

const Range = Type.Object({ from: S, to: S }, { description: 'the time range searched, resolved (relative times made absolute)' });

/** One event: its id and time, and the chosen fields (all but raw unless `fields` says otherwise). */
export const EventSummary = Type.Object({
  id: Type.String({ description: 'stable id for GET /v1/events/{id}' }),
  time: Type.String({ description: 'event time, UTC, to the microsecond' }),
}, { additionalProperties: true });

export const EventPage = Type.Object({ data: Type.Array(EventSummary), nextCursor: S, range: Range });

export const EventDetail = Type.Object({
  event: EventSummary,
  fields: Type.Record(Type.String(), Type.Unknown(), { description: 'every normalized column, as stored' }),
  raw: Type.Record(Type.String(), Type.Unknown(), { description: 'the event exactly as received' }),
});
