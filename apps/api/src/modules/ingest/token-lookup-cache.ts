import type { Repositories, SourceRow } from '@tai/db';

type Lookup = Pick<Repositories['sources'], 'findByTokenHash'>;

/**
 * The Event Handler sends one event per request; looking its token up in Postgres every time costs a
 * transaction per event, more than the insert itself. Found sources are remembered for a few seconds,
 * so a rotated-out, revoked or deleted token can keep working for at most `ttlMs` after the change.
 * Unknown tokens are not remembered: guesses never repeat, and the ingest route sends the look-ups of an
 * address that keeps failing through one lane (keyed-lane.ts).
 */
export function cachedTokenLookup(lookup: Lookup, { ttlMs, maxEntries = 10_000, now = () => Date.now() }: { ttlMs: number; maxEntries?: number; now?: () => number }) {
  const cache = new Map<string, { source: SourceRow; expiresAt: number }>();
  const peek = (tokenHash: string): SourceRow | null => {
    const hit = cache.get(tokenHash);
    if (hit && hit.expiresAt > now()) return hit.source;
    cache.delete(tokenHash);
    return null;
  };
  return {
    /** The remembered source, without a look-up; null when it is not remembered. */
    peek,
    findByTokenHash: async ({ tokenHash }: { tokenHash: string }): Promise<SourceRow | null> => {
      const hit = peek(tokenHash);
      if (hit) return hit;
      const source = await lookup.findByTokenHash({ tokenHash });
      if (source && ttlMs > 0) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(tokenHash, { source, expiresAt: now() + ttlMs });
      }
      return source;
    },
  };
}
