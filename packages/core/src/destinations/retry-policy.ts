export const MAX_DELIVERY_ATTEMPTS = 12;
const BASE_DELAY_SECONDS = 10;
const MAX_DELAY_SECONDS = 3_600;
const JITTER = 0.2;

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';
export type AttemptError = 'timeout' | 'network' | 'tls' | 'smtp_transient' | 'smtp_permanent';
export type AttemptClass = { outcome: AttemptOutcome; reason: string };

// Statuses that say "not now" rather than "never": request timeout, too early, rate limited.
const RETRIABLE_4XX = new Set([408, 425, 429]);

const ERROR_CLASS: Record<AttemptError, AttemptClass> = {
  timeout: { outcome: 'retry', reason: 'no answer in time' },
  network: { outcome: 'retry', reason: 'could not reach the receiver' },
  // Certificates get renewed and fixed within the retry window often enough to be worth the few extra attempts.
  tls: { outcome: 'retry', reason: 'the TLS handshake failed (certificate or protocol)' },
  smtp_transient: { outcome: 'retry', reason: 'the mail server deferred the message (4xx)' },
  smtp_permanent: { outcome: 'failed', reason: 'the mail server rejected the message (5xx)' },
};

/** What one attempt's answer means for the delivery. A transport error, when given, decides over a status. */
export function classifyAttempt({ status, error }: { status?: number; error?: AttemptError }): AttemptClass {
  if (error) return ERROR_CLASS[error];
  if (status === undefined) return { outcome: 'retry', reason: 'no answer' };
  if (status >= 200 && status < 300) return { outcome: 'delivered', reason: `HTTP ${status}` };
  if (status >= 300 && status < 400) return { outcome: 'failed', reason: `HTTP ${status}: redirects are not followed; point the destination at the final URL` };
  if (RETRIABLE_4XX.has(status)) return { outcome: 'retry', reason: `HTTP ${status}: the receiver asks to try again later` };
  if (status >= 500 && status < 600) return { outcome: 'retry', reason: `HTTP ${status}: server error at the receiver` };
  if (status >= 400 && status < 500) return { outcome: 'failed', reason: `HTTP ${status}: the receiver refused the request; check the destination settings` };
  return { outcome: 'failed', reason: `HTTP ${status}: not an answer this service understands` };
}

/**
 * Seconds to wait after the `attempt`-th attempt (1-based): 10 s doubling, capped at 1 h, ±20 % jitter so many
 * failed deliveries to one receiver do not come back at the same instant. A Retry-After of at most 1 h wins.
 */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random, retryAfterSeconds?: number | null): number {
  if (retryAfterSeconds != null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0 && retryAfterSeconds <= MAX_DELAY_SECONDS) {
    return retryAfterSeconds;
  }
  const exponent = Math.min(Math.max(Math.floor(attempt), 1) - 1, 30);
  const base = Math.min(BASE_DELAY_SECONDS * 2 ** exponent, MAX_DELAY_SECONDS);
  const jittered = base * (1 + (random() * 2 - 1) * JITTER);
  return Math.min(Math.round(jittered), MAX_DELAY_SECONDS);
}

/** Seconds until the next attempt, or null when the delivery is done: delivered, failed, or out of attempts. */
export function nextAttemptDelaySeconds(args: { attempt: number; outcome: AttemptOutcome; retryAfterSeconds?: number | null; random?: () => number }): number | null {
  if (args.outcome !== 'retry' || args.attempt >= MAX_DELIVERY_ATTEMPTS) return null;
  return retryDelaySeconds(args.attempt, args.random, args.retryAfterSeconds);
}

/** A Retry-After header (delta seconds or an HTTP date) as whole seconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
