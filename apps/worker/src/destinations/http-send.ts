import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAttempt, parseRetryAfter, type AttemptError, type HttpRequest } from '@tai/core';
import { snippet, type AttemptResult } from './attempt-result.js';

export const MAX_ANSWER_BYTES = 64 * 1024;

/** connectTo: the checked address to connect to instead of resolving the URL's host again (see checkDestination) */
type SendArgs = { timeoutMs: number; now: () => Date; scrub: (text: string) => string; connectTo?: string };

/** At most `max` bytes of an answer; a receiver streaming forever must not hold the worker. */
async function readLimited(body: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= max) break;
    }
  } catch {
    // The status already answered; a body cut off (timeout, reset) only shortens the snippet.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/** A lookup that answers the one address given, whatever the name: the connection goes where the check looked. */
const pinnedLookup = (address: string): LookupFunction => (_hostname, options, callback) => {
  const family = isIP(address);
  if (options.all) (callback as unknown as (err: null, all: { address: string; family: number }[]) => void)(null, [{ address, family }]);
  else callback(null, address, family);
};

/** One request; resolves with the answer's head (its body still to read), rejects as the connection fails. */
function post(request: HttpRequest, { signal, connectTo }: { signal: AbortSignal; connectTo?: string }): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body);
    const req = client.request(url, {
      method: request.method,
      headers: { ...request.headers, 'content-length': String(body.byteLength) },
      signal,
      agent: false,
      ...(connectTo ? { lookup: pinnedLookup(connectTo) } : {}),
    }, resolve);
    req.on('error', reject);
    req.end(body);
  });
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

/** A request failure as an error class and a detail built from its code only: messages may quote the URL. */
export function classifyRequestError(err: unknown, timeoutMs: number): { error: AttemptError | 'request'; detail: string } {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { error: 'timeout', detail: `no answer within ${timeoutMs} ms` };
  const code = e?.code ?? e?.cause?.code;
  // A URL or header that cannot be sent is refused before any connection (ERR_INVALID_URL, ERR_INVALID_CHAR, ...).
  if (typeof code === 'string' && /^ERR_INVALID_|^ERR_HTTP_INVALID_/.test(code)) return { error: 'request', detail: `the request could not be built (${code})` };
  if (typeof code === 'string') {
    if (TIMEOUT_CODES.has(code)) return { error: 'timeout', detail: `no answer within ${timeoutMs} ms (${code})` };
    if (isTlsCode(code)) return { error: 'tls', detail: `TLS failed (${code})` };
    return { error: 'network', detail: `${NETWORK_WORDS[code] ?? 'could not reach the receiver'} (${code})` };
  }
  if (err instanceof TypeError) return { error: 'request', detail: 'the request could not be built (URL or header)' };
  return { error: 'network', detail: 'could not reach the receiver' };
}

/** One POST, never following redirects, bounded in time and in how much of the answer is read. */
export async function sendHttp(request: HttpRequest, { timeoutMs, now, scrub, connectTo }: SendArgs): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  let response: IncomingMessage;
  try {
    response = await post(request, { signal, connectTo });
  } catch (err) {
    const { error, detail } = classifyRequestError(err, timeoutMs);
    if (error === 'request') return { outcome: 'failed', status: null, error: `request: ${scrub(detail)}`, retryAfterSeconds: null, durationMs: elapsed(), responseSnippet: null };
    return { outcome: classifyAttempt({ error }).outcome, status: null, error: `${error}: ${scrub(detail)}`, retryAfterSeconds: null, durationMs: elapsed(), responseSnippet: null };
  }
  const answer = await readLimited(response, MAX_ANSWER_BYTES);
  const status = response.statusCode ?? 0;
  const { outcome, reason } = classifyAttempt({ status });
  const retryAfterHeader = response.headers['retry-after'];
  const retryAfter = outcome === 'retry' ? parseRetryAfter(typeof retryAfterHeader === 'string' ? retryAfterHeader : null, now()) : null;
  return {
    outcome,
    status,
    error: outcome === 'delivered' ? null : scrub(reason),
    retryAfterSeconds: retryAfter,
    durationMs: elapsed(),
    responseSnippet: snippet(answer, scrub),
  };
}
