import type { NormalizedEvent } from '../../events/normalized-event.js';
import { QUERY_FIELDS, type FieldSpec } from '../../query/query-fields.js';
import { columnValue } from '../matcher/column-values.js';
import { jsonbAt } from '../matcher/jsonb-path.js';

/**
 * A field a rule names outside its query (groupBy, newValue.fields, join, where): a search field by
 * its name or alias (`user`, `ip`, `node`), `raw.<path>` for any key of the event as sent
 * (`raw.identity.logins`, `raw."addr.remote"`), or `joined.<field>` for a field kept from the joined event.
 */
export type FieldRef =
  | { kind: 'field'; name: string; spec: FieldSpec }
  | { kind: 'raw'; name: string; path: string[] }
  | { kind: 'joined'; name: string; field: string };

export type FieldValue = string | number | boolean | string[] | Record<string, unknown> | unknown[] | null;

const BY_NAME = new Map(QUERY_FIELDS.flatMap((f) => [f.name, ...(f.aliases ?? [])].map((n) => [n.toLowerCase(), f] as const)));
/** Fields whose value is the sender's, not the event's (see rule-query.ts for why rules refuse them). */
const NOT_IN_EVENT = new Set(['source']);

/** Parses a field reference; a string message when it is not one. */
export function parseFieldRef(text: string): FieldRef | string {
  if (text.startsWith('joined.')) {
    const inner = text.slice('joined.'.length);
    const parsed = parseFieldRef(inner);
    if (typeof parsed === 'string') return parsed;
    if (parsed.kind === 'joined') return `"${text}": joined. cannot be nested`;
    return { kind: 'joined', name: text, field: inner };
  }
  if (text.startsWith('raw.')) {
    const path = splitPath(text.slice('raw.'.length));
    return path ? { kind: 'raw', name: text, path } : `"${text}" needs a path into the event, e.g. raw.identity.user`;
  }
  const spec = BY_NAME.get(text.toLowerCase());
  if (!spec) return `unknown field "${text}"; use a search field (${QUERY_FIELDS.map((f) => f.name).join(', ')}) or raw.<path>`;
  if (NOT_IN_EVENT.has(spec.name)) return `"${text}" is not part of the event and cannot be used in a rule`;
  return { kind: 'field', name: spec.name, spec };
}

/** `a.b."c.d"` → ['a', 'b', 'c.d'], as the search language splits raw paths. */
function splitPath(text: string): string[] | null {
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)+)"|([^.]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) parts.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return parts.length === 0 || parts.length > 16 ? null : parts;
}

/**
 * The value of a reference in one event: the first of a search field's columns that is set (node is the
 * host name, else the server id; access_request the request's own id, else the requests the actor's
 * certificate carried), the raw value at a path, or the kept value of the joined event. Null when absent.
 */
export function readFieldRef(event: NormalizedEvent, ref: FieldRef, joined: Record<string, FieldValue> | null = null): FieldValue {
  switch (ref.kind) {
    case 'joined':
      return joined?.[ref.field] ?? null;
    case 'raw': {
      const found = jsonbAt(event.raw, ref.path);
      return found.present ? (found.value as FieldValue) : null;
    }
    case 'field':
      for (const column of ref.spec.columns) {
        const value = column === 'access_requests' ? null : columnValue(event, column);
        if (value !== null && value !== undefined) return value as FieldValue;
      }
      return ref.spec.type === 'request' ? event.accessRequests : null;
  }
}

/** The ci-text fields compare ignoring case in searches, so they group and compare that way too. */
export const isCaseInsensitive = (ref: FieldRef): boolean => ref.kind === 'field' && ref.spec.type === 'ci-text';
