/**
 * Tool calls per key: a token bucket that refills continuously, so a burst of `perMinute` tokens is allowed and
 * then one every 60/perMinute seconds. A call takes one token to start and one more for each REST request after its
 * first (user_activity's seven cost seven), so a key's load on the API is what is bounded, not its count of calls.
 * At most `maxInFlight` calls of a key run at once. Kept in memory: each replica counts its own calls.
 */
/** Tokens a key gets per minute (a burst of as many, then one every half second). */
export const MCP_CALLS_PER_MINUTE = 120;
/** Calls of one key running at once: a client firing many in parallel waits for its own. */
export const MCP_CALLS_IN_FLIGHT = 4;

export type RateLimiter = {
  /** one token for a call's start */
  take: (key: string) => { ok: true } | { ok: false; retryAfterSeconds: number };
  /** tokens a running call spent after its start (its further REST requests): may go below zero, so later calls wait */
  charge: (key: string, tokens: number) => void;
  /** a call starts running: false when the key has maxInFlight running already */
  enter: (key: string) => boolean;
  leave: (key: string) => void;
};

// Keys whose bucket is full again are forgotten when the map grows past this, so it cannot grow without bound.
const MAX_TRACKED_KEYS = 10_000;

export function createRateLimiter({ perMinute, maxInFlight = MCP_CALLS_IN_FLIGHT, now = () => performance.now() }: { perMinute: number; maxInFlight?: number; now?: () => number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const running = new Map<string, number>();
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
    charge(key, spent) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      // A debt of at most one minute's tokens: a call that read a lot delays the next ones, it does not lock the key out.
      buckets.set(key, { tokens: Math.max(-perMinute, level(bucket, t) - spent), at: t });
    },
    enter(key) {
      const n = running.get(key) ?? 0;
      if (n >= maxInFlight) return false;
      running.set(key, n + 1);
      return true;
    },
    leave(key) {
      const n = (running.get(key) ?? 1) - 1;
      if (n > 0) running.set(key, n);
      else running.delete(key);
    },
  };
}
