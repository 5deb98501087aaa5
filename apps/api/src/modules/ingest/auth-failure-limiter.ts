/**
 * Counts failed webhook authentications per client address in a sliding minute. Past the limit the
 * address's failures are answered 429 and its look-ups share one lane (ingest.routes.ts); its valid
 * tokens are still served, since many senders may share one address. In memory per process: a guesser
 * spread over several replicas gets a few more tries, which the token's 238 bits of entropy absorb.
 */
export function createAuthFailureLimiter({ maxPerMinute, now = () => Date.now(), maxTracked = 100_000 }: { maxPerMinute: number; now?: () => number; maxTracked?: number }) {
  const WINDOW_MS = 60_000;
  const failures = new Map<string, number[]>();

  const recent = (address: string): number[] => {
    const cutoff = now() - WINDOW_MS;
    const kept = (failures.get(address) ?? []).filter((t) => t > cutoff);
    if (kept.length === 0) failures.delete(address);
    else failures.set(address, kept);
    return kept;
  };

  return {
    /** seconds until the address may try again, or 0 when it may try now */
    retryAfterSeconds(address: string): number {
      const times = recent(address);
      if (times.length < maxPerMinute) return 0;
      return Math.max(1, Math.ceil((times[0]! + WINDOW_MS - now()) / 1000));
    },
    recordFailure(address: string): void {
      if (!failures.has(address) && failures.size >= maxTracked) {
        // Forget the oldest address rather than grow without bound under a spray of addresses.
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      failures.set(address, [...recent(address), now()]);
    },
  };
}
