import type { Repositories, SourceRow } from '@tai/db';

type Lookup = Pick<Repositories['sources'], 'findByTokenHash'>;

/**
 * The Event Handler sends one event per request; looking its token up in Postgres every time costs a
 * transaction per event, more than the insert itself. Found sources are remembered for a few seconds,
 * so a rotated-out, revoked or deleted token can keep working for at most `ttlMs` after the change.
 * Unknown tokens are not remembered: the auth-failure limiter already bounds guessing.
 */
export function cachedTokenLookup(lookup: Lookup, { ttlMs, maxEntries = 10_000, now = () => Date.now() }: { ttlMs: number; maxEntries?: number; now?: () => number }): Lookup {
  const cache = new Map<string, { source: SourceRow; expiresAt: number }>();
  return {
    findByTokenHash: async ({ tokenHash }) => {
      const hit = cache.get(tokenHash);
      if (hit && hit.expiresAt > now()) return hit.source;
      cache.delete(tokenHash);
      const source = await lookup.findByTokenHash({ tokenHash });
      if (source && ttlMs > 0) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(tokenHash, { source, expiresAt: now() + ttlMs });
      }
      return source;
    },
  };
}
