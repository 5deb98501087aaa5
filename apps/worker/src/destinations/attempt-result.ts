import type { AttemptOutcome } from '@tai/core';

/** What one delivery attempt did; the delivery loop stores it and asks the retry policy what comes next. */
export type AttemptResult = {
  outcome: AttemptOutcome;
  /** The HTTP status, or the SMTP reply code for e-mail; null when nothing answered. */
  status: number | null;
  /** `<class>: <detail>` (`timeout: …`, `network: …`, `HTTP 404: …`), without secrets; null when delivered. */
  error: string | null;
  retryAfterSeconds: number | null;
  durationMs: number;
  /** At most 500 characters of the answer, without secrets. */
  responseSnippet: string | null;
};

export const SNIPPET_MAX = 500;

/**
 * Cuts every secret value out of text that may quote it: receivers echo requests, and error messages quote URLs.
 * Slack's whole URL is a secret, and so is its path alone (some errors print only the path).
 */
export function secretScrubber(secrets: Array<string | undefined>): (text: string) => string {
  const values = secrets.flatMap((s) => {
    if (!s) return [];
    try {
      const { pathname, search } = new URL(s);
      return [s, `${pathname}${search}`].filter((v) => v.length > 1);
    } catch {
      return [s];
    }
  }).filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, v) => out.split(v).join('[redacted]'), text);
}

export const snippet = (text: string, scrub: (t: string) => string): string | null => {
  const clean = scrub(text).trim();
  return clean ? clean.slice(0, SNIPPET_MAX) : null;
};
