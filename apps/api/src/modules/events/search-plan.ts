import {
  decodeSearchCursor, errors, fingerprintOf, isUuid, parseQuery, QuerySyntaxError, resolveQuery, resolveTimeRange,
  type Condition, type QueryNode, type SearchCursor, type TimeRange,
} from '@tai/core';
import { DEFAULT_EVENT_FIELDS, EVENT_FIELD_NAMES, type EventField, type SearchOrder } from '@tai/db';

/** What GET /v1/events takes as query parameters and POST /v1/events/search as a JSON body. */
export type SearchInput = {
  q?: string;
  from?: string;
  to?: string;
  order?: SearchOrder;
  fields?: string;
  limit?: number;
  cursor?: string;
  // The parameters of the first API version, still honoured: each is one more AND condition.
  event_type?: string;
  actor?: string;
  session_id?: string;
  cluster?: string;
  source_id?: string;
  success?: 'true' | 'false';
};

export type SearchPlan = {
  condition: Condition | null;
  range: TimeRange;
  order: SearchOrder;
  fields: readonly EventField[];
  after: SearchCursor | null;
  fingerprint: string;
};

const LEGACY: Record<string, string> = { event_type: 'event', actor: 'user', session_id: 'sid', cluster: 'cluster', source_id: 'source', success: 'success' };

function legacyConditions(input: SearchInput): QueryNode[] {
  if (input.source_id && !isUuid(input.source_id)) throw errors.badRequest({ message: 'source_id must be a UUID', details: { parameter: 'source_id' } });
  return Object.entries(LEGACY).flatMap(([param, field]) => {
    const value = input[param as keyof SearchInput];
    if (typeof value !== 'string' || value === '') return [];
    return [{ kind: 'field' as const, field, op: 'eq' as const, value, quoted: true, position: 0 }];
  });
}

/** The search's condition from `q` and the legacy parameters; a syntax error is a 400 with where and what. */
export function searchCondition(input: SearchInput, now: Date): Condition | null {
  try {
    const parsed = parseQuery(input.q ?? '');
    const extra = legacyConditions(input);
    const items = [...(parsed ? [parsed] : []), ...extra];
    const tree: QueryNode | null = items.length === 0 ? null : items.length === 1 ? items[0]! : { kind: 'and', items };
    return resolveQuery(tree, { now });
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      throw errors.invalidQuery({ message: err.message, details: { parameter: 'q', position: err.position, expected: err.expected, ...(err.hint ? { hint: err.hint } : {}) } });
    }
    throw err;
  }
}

/** `fields=time,actor,...`: API field names, validated against the catalogue. */
export function parseFields(fields: string | undefined, fallback: readonly EventField[] = DEFAULT_EVENT_FIELDS): readonly EventField[] {
  if (fields === undefined || fields.trim() === '') return fallback;
  const names = [...new Set(fields.split(',').map((f) => f.trim()).filter(Boolean))];
  const unknown = names.filter((n) => !(EVENT_FIELD_NAMES as string[]).includes(n));
  if (unknown.length > 0) {
    throw errors.badRequest({ message: `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; fields are ${EVENT_FIELD_NAMES.join(', ')}`, details: { parameter: 'fields' } });
  }
  return names as EventField[];
}

/**
 * Everything a search needs, from its request: the resolved query, the time range (the cursor's, on later
 * pages, so relative times stay put), order, fields, and the fingerprint cursors are bound to.
 */
export function planSearch(input: SearchInput, now: Date): SearchPlan {
  const order = input.order ?? 'desc';
  const condition = searchCondition(input, now);
  const fingerprint = fingerprintOf({ q: input.q ?? '', legacy: Object.keys(LEGACY).map((k) => input[k as keyof SearchInput] ?? null), from: input.from ?? null, to: input.to ?? null, order });
  const after = input.cursor ? decodeSearchCursor(input.cursor, fingerprint) : null;
  const range = after ? after.range : resolveTimeRange(input, now);
  return { condition, range, order, fields: parseFields(input.fields), after, fingerprint };
}
