import { api } from '../../api/client';
import { RESULT_FIELDS, type EventDetail, type EventPage, type Facets, type Histogram, type SavedSearch, type SearchField } from './search-types';

export type SearchParams = { q: string; from: string; to: string };

/** The facets the sidebar shows, as GET /v1/events/facets names them. */
export const FACET_FIELDS = ['event_type', 'actor', 'node', 'login', 'remote_ip', 'cluster', 'success'] as const;

/** Facet (grouping) names to the query field a click adds. */
export const FACET_QUERY_FIELD: Record<string, string> = {
  event_type: 'event', actor: 'user', cluster: 'cluster', node: 'node', login: 'login', remote_ip: 'ip', success: 'success',
  code: 'code', session: 'sid', kube_cluster: 'kube_cluster', db: 'db', app: 'app', method: 'method', user_kind: 'user_kind',
  request_state: 'request_state', source: 'source',
};

export const FIRST_PAGE = 100;
export const NEXT_PAGE = 500;

const base = ({ q, from, to }: SearchParams) => ({ q: q.trim() || undefined, from: from || undefined, to: to || undefined });

export const fetchEvents = (p: SearchParams, cursor: string | null, signal?: AbortSignal) =>
  api.get<EventPage>('/v1/events', { ...base(p), fields: RESULT_FIELDS.join(','), limit: cursor ? NEXT_PAGE : FIRST_PAGE, cursor: cursor ?? undefined }, signal);

export const fetchHistogram = (p: SearchParams, signal?: AbortSignal) =>
  api.get<Histogram>('/v1/events/histogram', { ...base(p), group_by: 'event_type', top: 10 }, signal);

export const fetchFacets = (p: SearchParams, signal?: AbortSignal) =>
  api.get<Facets>('/v1/events/facets', { ...base(p), fields: FACET_FIELDS.join(','), size: 8 }, signal);

export const fetchEvent = (id: string, signal?: AbortSignal) => api.get<EventDetail>(`/v1/events/${encodeURIComponent(id)}`, undefined, signal);

// The field list never changes while the page is open: fetch it once for every query box.
let fieldsPromise: Promise<SearchField[]> | null = null;
export function fetchFields(): Promise<SearchField[]> {
  fieldsPromise ??= api.get<{ data: SearchField[] }>('/v1/search/fields').then((r) => r.data, (err: unknown) => { fieldsPromise = null; throw err; });
  return fieldsPromise;
}

export const listSavedSearches = (signal?: AbortSignal) => api.get<{ data: SavedSearch[] }>('/v1/saved-searches', undefined, signal).then((r) => r.data);
export const createSavedSearch = (body: { name: string; query: string; from: string | null; to: string | null }) =>
  api.post<{ savedSearch: SavedSearch }>('/v1/saved-searches', body).then((r) => r.savedSearch);
export const deleteSavedSearch = (id: string) => api.del<void>(`/v1/saved-searches/${encodeURIComponent(id)}`);

export const countSources = (signal?: AbortSignal) => api.get<{ data: unknown[] }>('/v1/sources', undefined, signal).then((r) => r.data.length);

export function exportHref(p: SearchParams, format: 'csv' | 'ndjson'): string {
  const params = new URLSearchParams();
  const b = base(p);
  if (b.q) params.set('q', b.q);
  if (b.from) params.set('from', b.from);
  if (b.to) params.set('to', b.to);
  params.set('format', format);
  return `/v1/events/export?${params.toString()}`;
}
