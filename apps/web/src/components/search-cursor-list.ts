import { useCallback, useEffect, useRef, useState } from 'react';

type Page<T> = { data: T[]; nextCursor: string | null };
type State<T> = { rows: T[]; nextCursor: string | null; loading: boolean; error: unknown; loadingMore: boolean; moreError: unknown };

/**
 * A list read page by page through the API's opaque nextCursor (sessions, access requests): the first page
 * whenever `key` changes, more on demand. A new key aborts whatever was in flight.
 */
export function useCursorList<T>(load: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>, key: unknown[]) {
  const [state, setState] = useState<State<T>>({ rows: [], nextCursor: null, loading: true, error: null, loadingMore: false, moreError: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const controller = useRef<AbortController | null>(null);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const c = new AbortController();
    controller.current = c;
    setState((s) => ({ ...s, loading: true, error: null, moreError: null, loadingMore: false }));
    loadRef.current(null, c.signal).then(
      (page) => { if (!c.signal.aborted) setState({ rows: page.data, nextCursor: page.nextCursor, loading: false, error: null, loadingMore: false, moreError: null }); },
      (error: unknown) => { if (!c.signal.aborted) setState({ rows: [], nextCursor: null, loading: false, error, loadingMore: false, moreError: null }); },
    );
    return () => c.abort();
  }, key);

  const loadMore = useCallback(() => {
    const c = controller.current;
    const { nextCursor, loadingMore } = latest.current;
    if (!c || !nextCursor || loadingMore) return;
    latest.current = { ...latest.current, loadingMore: true };
    setState((s) => ({ ...s, loadingMore: true, moreError: null }));
    loadRef.current(nextCursor, c.signal).then(
      (page) => { if (!c.signal.aborted) setState((s) => ({ ...s, rows: [...s.rows, ...page.data], nextCursor: page.nextCursor, loadingMore: false })); },
      (moreError: unknown) => { if (!c.signal.aborted) setState((s) => ({ ...s, loadingMore: false, moreError })); },
    );
  }, []);

  return { ...state, loadMore };
}

/** q, from and to of a list page, from its URL; `defaultFrom` applies when the URL names no range. */
export function readListUrl(params: URLSearchParams, defaultFrom = ''): { q: string; from: string; to: string } {
  const from = params.get('from');
  const to = params.get('to');
  return { q: params.get('q') ?? '', from: from ?? (to ? '' : defaultFrom), to: to ?? '' };
}
