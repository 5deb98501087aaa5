import { withQuery } from '../api/client';
import { fieldTerm } from './search-query';

export type SearchState = { q?: string; from?: string; to?: string; event?: string };

/** A link to the search page; every part of its state is in the query string, so links can be shared. */
export function searchHref({ q, from, to, event }: SearchState): string {
  return withQuery('/search', { q, from, to, event });
}

/** Search for one field value, e.g. every event of this actor. */
export function searchFor(field: string, value: string, range: { from?: string; to?: string } = {}): string {
  return searchHref({ q: fieldTerm(field, value), ...range });
}

/**
 * A range that surely holds events stamped between two times (a session, a request's life): padded by a
 * minute each side, since the stored times are microseconds and the bounds are half-open.
 */
export function rangeAround(first: string | null | undefined, last: string | null | undefined): { from?: string; to?: string } {
  const a = first ? Date.parse(first) : NaN;
  const b = last ? Date.parse(last) : NaN;
  if (Number.isNaN(a)) return {};
  return { from: new Date(a - 60_000).toISOString(), to: new Date((Number.isNaN(b) ? a : b) + 60_000).toISOString() };
}
