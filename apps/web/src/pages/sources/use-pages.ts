import { useCallback, useEffect, useRef, useState } from 'react';
import type { Cursor } from './sources-api';

export type Pages<T> = { items: T[]; nextCursor: string | null; loading: boolean; error: unknown; loadMore: () => void; reload: () => void };

/**
 * A cursor-paged list: the first page whenever `key` changes or on reload, further pages appended on demand.
 * An older answer never lands after a newer request (each request carries its generation).
 */
export function usePages<T>(fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Cursor<T>>, key: unknown[]): Pages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const controller = useRef<AbortController | null>(null);

  const load = useCallback((cursor: string | null) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    fetchRef.current(cursor, current.signal).then((page) => {
      if (current.signal.aborted) return;
      setItems((prev) => (cursor ? [...prev, ...page.data] : page.data));
      setNextCursor(page.nextCursor);
      setError(null);
      setLoading(false);
    }, (err: unknown) => {
      if (current.signal.aborted) return;
      setError(err);
      setLoading(false);
    });
  }, []);

  useEffect(() => {
    load(null);
    return () => controller.current?.abort();
  }, [...key, generation, load]);

  const loadMore = useCallback(() => { if (nextCursor) load(nextCursor); }, [nextCursor, load]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { items, nextCursor, loading, error, loadMore, reload };
}
