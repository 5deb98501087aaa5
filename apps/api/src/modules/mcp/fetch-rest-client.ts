import { parseJson, withQuery, type RestClient } from './rest-client.js';
import { ToolError } from './tool-error.js';

export type FetchRestClientOptions = { apiUrl: string; apiKey: string; fetch?: typeof globalThis.fetch; userAgent?: string };

/** The REST API of a running service over HTTP, for the stdio CLI. */
export function fetchRestClient({ apiUrl, apiKey, fetch = globalThis.fetch, userAgent = 'teleport-audit-mcp' }: FetchRestClientOptions): RestClient {
  const base = apiUrl.replace(/\/+$/, '');
  const send = async (method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, signal: AbortSignal | undefined) => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', 'user-agent': userAgent, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ToolError('service.unavailable', `The API at ${base} could not be reached (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})`);
    }
    return { status: res.status, json: parseJson(await res.text()) };
  };
  return {
    get: (path, query, signal) => send('GET', withQuery(path, query), undefined, signal),
    post: (path, body, signal) => send('POST', path, body, signal),
    patch: (path, body, signal) => send('PATCH', path, body, signal),
  };
}
