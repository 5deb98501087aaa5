import { errors } from '../errors.js';
import { isStorableInstant } from '../events/event-time.js';
import { isUuid } from '../ids.js';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** Query-string parameters of GET /v1/events, as the route schema delivers them (all optional strings). */
export type EventQueryParams = {
  from?: string;
  to?: string;
  event_type?: string;
  actor?: string;
  session_id?: string;
  cluster?: string;
  source_id?: string;
  success?: 'true' | 'false';
  limit?: number;
  cursor?: string;
};

export type EventTypeFilter = { kind: 'exact'; value: string } | { kind: 'prefix'; value: string };

export type EventFilters = {
  from: Date | null;
  to: Date | null;
  eventType: EventTypeFilter | null;
  actor: string | null;
  sessionId: string | null;
  clusterName: string | null;
  sourceId: string | null;
  success: boolean | null;
};

function parseInstant(name: string, value: string | undefined): Date | null {
  if (value === undefined || value === '') return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !isStorableInstant(date)) {
    throw errors.badRequest({ message: `${name} must be an RFC 3339 timestamp between the years 0001 and 9999, e.g. 2026-01-31T00:00:00Z`, details: { parameter: name } });
  }
  return date;
}

/**
 * `session.*` (or `session.`) selects every type under `session.`; anything else is an exact match.
 * Only a trailing `*` is a wildcard, so type names that contain other characters stay literal.
 */
export function parseEventType(value: string | undefined): EventTypeFilter | null {
  if (value === undefined || value === '') return null;
  if (value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    if (prefix.includes('*')) throw errors.badRequest({ message: 'event_type accepts one trailing * only', details: { parameter: 'event_type' } });
    return { kind: 'prefix', value: prefix };
  }
  return { kind: 'exact', value };
}

export function parseEventFilters(params: EventQueryParams): EventFilters {
  const from = parseInstant('from', params.from);
  const to = parseInstant('to', params.to);
  if (from && to && from >= to) throw errors.badRequest({ message: 'from must be earlier than to', details: { parameter: 'from' } });
  if (params.source_id && !isUuid(params.source_id)) {
    throw errors.badRequest({ message: 'source_id must be a UUID', details: { parameter: 'source_id' } });
  }
  const text = (v: string | undefined) => (v === undefined || v === '' ? null : v);
  return {
    from,
    to,
    eventType: parseEventType(params.event_type),
    actor: text(params.actor),
    sessionId: text(params.session_id),
    clusterName: text(params.cluster),
    sourceId: text(params.source_id),
    success: params.success === undefined ? null : params.success === 'true',
  };
}

/** Escapes LIKE metacharacters so a prefix is matched literally. */
export const likePrefix = (prefix: string): string => prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
