import { classifyAttempt, parseRetryAfter, type AttemptError, type HttpRequest } from '@tai/core';
import { snippet, type AttemptResult } from './attempt-result.js';

export const MAX_ANSWER_BYTES = 64 * 1024;

type SendArgs = { timeoutMs: number; now: () => Date; scrub: (text: string) => string };

/** At most `max` bytes of an answer; a receiver streaming forever must not hold the worker. */
async function readLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The status already answered; a body cut off (timeout, reset) only shortens the snippet.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed for now',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the receiver',
};
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const isTlsCode = (code: string) => /CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED|HOSTNAME/.test(code);

/** A fetch failure as an error class and a detail built from its code only: undici's messages may quote the URL. */
export function classifyFetchError(err: unknown, timeoutMs: number): { error: AttemptError | 'request'; detail: string } {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { error: 'timeout', detail: `no answer within ${timeoutMs} ms` };
  const code = e?.cause?.code ?? (err as { code?: string })?.code;
  if (typeof code === 'string') {
    if (TIMEOUT_CODES.has(code)) return { error: 'timeout', detail: `no answer within ${timeoutMs} ms (${code})` };
    if (isTlsCode(code)) return { error: 'tls', detail: `TLS failed (${code})` };
    return { error: 'network', detail: `${NETWORK_WORDS[code] ?? 'could not reach the receiver'} (${code})` };
  }
  // fetch rejects a URL or header it cannot send with a TypeError of its own, before any connection.
  if (err instanceof TypeError && !e.cause) return { error: 'request', detail: 'the request could not be built (URL or header)' };
  return { error: 'network', detail: 'could not reach the receiver' };
}

/** One POST, never following redirects, bounded in time and in how much of the answer is read. */
export async function sendHttp(request: HttpRequest, { timeoutMs, now, scrub }: SendArgs): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal });
  } catch (err) {
    const { error, detail } = classifyFetchError(err, timeoutMs);
    if (error === 'request') return { outcome: 'failed', status: null, error: `request: ${scrub(detail)}`, retryAfterSeconds: null, durationMs: elapsed(), responseSnippet: null };
    return { outcome: classifyAttempt({ error }).outcome, status: null, error: `${error}: ${scrub(detail)}`, retryAfterSeconds: null, durationMs: elapsed(), responseSnippet: null };
  }
  const answer = await readLimited(response.body, MAX_ANSWER_BYTES);
  const { outcome, reason } = classifyAttempt({ status: response.status });
  const retryAfter = outcome === 'retry' ? parseRetryAfter(response.headers.get('retry-after'), now()) : null;
  return {
    outcome,
    status: response.status,
    error: outcome === 'delivered' ? null : scrub(reason),
    retryAfterSeconds: retryAfter,
    durationMs: elapsed(),
    responseSnippet: snippet(answer, scrub),
  };
}
