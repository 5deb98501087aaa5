/**
 * Things read when Prometheus scrapes rather than recorded as they happen (queue depths, pool usage):
 * whoever owns one adds it and removes it when it closes, so a closed pool or app stops being reported.
 */
export function scrapeSources<T>() {
  const items = new Set<{ value: T }>();
  return {
    add(value: T): () => void {
      const entry = { value };
      items.add(entry);
      return () => void items.delete(entry);
    },
    values: (): T[] => [...items].map((entry) => entry.value),
  };
}

/** A read that may hang (BullMQ waits for Redis to come back) must not hold the whole scrape. */
export async function withinMs<T>(ms: number, read: () => Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([read().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
