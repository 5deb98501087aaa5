import { useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

/**
 * Runs `load` whenever `key` changes (and on reload), aborting the previous run, so a fast typist or a
 * quick clicker never sees an older answer replace a newer one.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => { if (!controller.signal.aborted) { setData(value); setError(null); setLoading(false); } },
      (err: unknown) => { if (!controller.signal.aborted) { setError(err); setLoading(false); } },
    );
    return () => controller.abort();
  }, [...key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

/** Calls `tick` every `ms` while the tab is visible. */
export function useInterval(tick: () => void, ms: number | null): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (ms === null) return;
    const id = window.setInterval(() => { if (document.visibilityState === 'visible') tickRef.current(); }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

export function useDocumentTitle(title: string): void {
  useEffect(() => { document.title = `${title} · Teleport audit`; }, [title]);
}
