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

/** `from=all` in the page's URL: every event; the event list and exports are unbounded then. */
export const ALL_TIME = 'all';

const base = ({ q, from, to }: SearchParams) => ({ q: q.trim() || undefined, from: from && from !== ALL_TIME ? from : undefined, to: to || undefined });

// The histogram and facets need a start; for all time it is the day of the oldest match, asked once per query.
const oldest = new Map<string, Promise<string>>();
async function bounded(p: SearchParams, signal?: AbortSignal): Promise<SearchParams> {
  if (p.from !== ALL_TIME) return p;
  const key = `${p.q.trim()}\n${p.to}`;
  let start = oldest.get(key);
  if (!start) {
    start = api.get<EventPage>('/v1/events', { ...base(p), order: 'asc', limit: 1, fields: 'time' }, signal)
      .then((page) => (page.data[0] ? `${page.data[0].time.slice(0, 10)}` : '-24h'));
    oldest.set(key, start);
    start.catch(() => oldest.delete(key));
  }
  return { ...p, from: await start };
}

export const fetchEvents = (p: SearchParams, cursor: string | null, signal?: AbortSignal) =>
  api.get<EventPage>('/v1/events', { ...base(p), fields: RESULT_FIELDS.join(','), limit: cursor ? NEXT_PAGE : FIRST_PAGE, cursor: cursor ?? undefined }, signal);

export const fetchHistogram = async (p: SearchParams, signal?: AbortSignal) =>
  api.get<Histogram>('/v1/events/histogram', { ...base(await bounded(p, signal)), group_by: 'event_type', top: 10 }, signal);

export const fetchFacets = async (p: SearchParams, signal?: AbortSignal) =>
  api.get<Facets>('/v1/events/facets', { ...base(await bounded(p, signal)), fields: FACET_FIELDS.join(','), size: 8 }, signal);

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
