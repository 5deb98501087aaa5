import { useCallback, useRef, useState } from 'react';

export type Action<A extends unknown[]> = { run: (...args: A) => Promise<boolean>; busy: boolean; error: unknown; reset: () => void };

/**
 * One state-changing call behind a button or form: busy while it runs (so a double click does not send it
 * twice), its error kept for display until the next attempt. `run` resolves true when the call succeeded.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef(false);
  const actionRef = useRef(action);
  actionRef.current = action;

  const run = useCallback(async (...args: A) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await actionRef.current(...args);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
