import { createAuthFailureLimiter } from '../ingest/auth-failure-limiter.js';

/**
 * Failed sign-ins are limited per client address and per email address, so neither one guesser nor many
 * guessers at one account get far. Only failures count: a right password always gets through, unless its
 * account or address is under attack, in which case it waits out the minute like the attacker.
 */
export function createSignInLimiter({ maxPerMinute, now }: { maxPerMinute: number; now: () => number }) {
  const byAddress = createAuthFailureLimiter({ maxPerMinute, now });
  const byEmail = createAuthFailureLimiter({ maxPerMinute, now });
  return {
    retryAfterSeconds: (ip: string, email: string) => Math.max(byAddress.retryAfterSeconds(ip), byEmail.retryAfterSeconds(email)),
    recordFailure: (ip: string, email: string) => {
      byAddress.recordFailure(ip);
      byEmail.recordFailure(email);
    },
  };
}
