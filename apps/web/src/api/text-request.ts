// Calls whose body or answer is text (rule files as YAML) or that carry a header of their own (If-Match).
// The JSON calls go through `api` in client.ts; errors here are the same ApiError, read from the same body.
import { ApiError, csrfHeaders, sessionEnded, withQuery, type ApiErrorBody, type Query } from './client';

export type TextAnswer = { status: number; text: string; etag: string | null };

export type TextRequest = {
  query?: Query;
  /** sent as is, with `contentType` */
  body?: string;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function requestText(method: string, path: string, options: TextRequest = {}): Promise<TextAnswer> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json', ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/yaml';
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, csrfHeaders());
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, credentials: 'same-origin', body: options.body ?? null, signal: options.signal ?? null });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network.unreachable', 'The service cannot be reached; check that it is running');
  }
  const text = response.status === 204 ? '' : await response.text();
  if (!response.ok) {
    const body = parseJson(text) as ApiErrorBody | undefined;
    if (response.status === 401 && !path.startsWith('/v1/auth/')) sessionEnded();
    throw new ApiError(response.status, body?.error?.code ?? `http.${response.status}`, body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return { status: response.status, text, etag: response.headers.get('etag') };
}

/** A text request whose answer is JSON. */
export async function requestTextJson<T>(method: string, path: string, options: TextRequest = {}): Promise<{ status: number; data: T; etag: string | null }> {
  const answer = await requestText(method, path, options);
  return { status: answer.status, data: parseJson(answer.text) as T, etag: answer.etag };
}
