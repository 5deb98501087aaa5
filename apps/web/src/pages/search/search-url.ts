import { navigate } from '../../router';
import { searchHref } from '../../components/search-link';

export const DEFAULT_FROM = '-24h';

export type SearchUrlState = { q: string; from: string; to: string; event: string };

/** The search page's whole state comes from the URL; with no range at all it is the last 24 hours. */
export function readSearchUrl(params: URLSearchParams): SearchUrlState {
  const from = params.get('from');
  const to = params.get('to');
  return {
    q: params.get('q') ?? '',
    from: from ?? (to ? '' : DEFAULT_FROM),
    to: to ?? '',
    event: params.get('event') ?? '',
  };
}

/** A new query or range is a new history entry; opening an event replaces the current one. */
export function goSearch(state: SearchUrlState, options: { replace?: boolean } = {}): void {
  navigate(searchHref({ q: state.q || undefined, from: state.from || undefined, to: state.to || undefined, event: state.event || undefined }), options);
}
