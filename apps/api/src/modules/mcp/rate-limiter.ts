/**
 * Tool calls per key: a token bucket that refills continuously, so a burst of `perMinute` calls is allowed and
 * then one call every 60/perMinute seconds. Kept in memory: each replica counts its own calls.
 */
/** Tool calls a key may make per minute (a burst of as many, then one every half second). */
export const MCP_CALLS_PER_MINUTE = 120;

export type RateLimiter = { take: (key: string) => { ok: true } | { ok: false; retryAfterSeconds: number } };

// Keys whose bucket is full again are forgotten when the map grows past this, so it cannot grow without bound.
const MAX_TRACKED_KEYS = 10_000;

export function createRateLimiter({ perMinute, now = () => performance.now() }: { perMinute: number; now?: () => number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  const level = (bucket: { tokens: number; at: number }, t: number) => Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      const tokens = level(bucket, t);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: t });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: t });
      if (buckets.size > MAX_TRACKED_KEYS) {
        for (const [k, b] of buckets) if (level(b, t) >= perMinute) buckets.delete(k);
      }
      return { ok: true };
    },
  };
}
