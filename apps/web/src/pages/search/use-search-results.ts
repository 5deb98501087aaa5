import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchEvents, type SearchParams } from './search-api';
import type { EventRow } from './search-types';

type Results = {
  rows: EventRow[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  loadingMore: boolean;
  moreError: unknown;
};

const EMPTY: Results = { rows: [], nextCursor: null, loading: true, error: null, loadingMore: false, moreError: null };

/**
 * The first page of results for a query, and further pages appended through nextCursor. A new query aborts
 * whatever is in flight, so an older answer never lands on a newer query.
 */
export function useSearchResults(params: SearchParams, refresh: number): Results & { loadMore: () => void } {
  const [state, setState] = useState<Results>(EMPTY);
  const controller = useRef<AbortController | null>(null);
  const { q, from, to } = params;

  useEffect(() => {
    const c = new AbortController();
    controller.current = c;
    setState((s) => ({ ...s, loading: true, error: null, moreError: null, loadingMore: false }));
    fetchEvents({ q, from, to }, null, c.signal).then(
      (page) => { if (!c.signal.aborted) setState({ rows: page.data, nextCursor: page.nextCursor, loading: false, error: null, loadingMore: false, moreError: null }); },
      (error: unknown) => { if (!c.signal.aborted) setState({ ...EMPTY, loading: false, error }); },
    );
    return () => c.abort();
  }, [q, from, to, refresh]);

  // The latest state, read by loadMore so a double press cannot fetch the same page twice.
  const latest = useRef(state);
  latest.current = state;

  const loadMore = useCallback(() => {
    const c = controller.current;
    const { nextCursor, loadingMore } = latest.current;
    if (!nextCursor || loadingMore || !c) return;
    latest.current = { ...latest.current, loadingMore: true };
    setState((s) => ({ ...s, loadingMore: true, moreError: null }));
    fetchEvents({ q, from, to }, nextCursor, c.signal).then(
      (page) => { if (!c.signal.aborted) setState((cur) => ({ ...cur, rows: [...cur.rows, ...page.data], nextCursor: page.nextCursor, loadingMore: false })); },
      (moreError: unknown) => { if (!c.signal.aborted) setState((cur) => ({ ...cur, loadingMore: false, moreError })); },
    );
  }, [q, from, to]);

  return { ...state, loadMore };
}
