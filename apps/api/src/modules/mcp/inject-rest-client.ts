import type { FastifyInstance } from 'fastify';
import { parseJson, withQuery, type RestClient } from './rest-client.js';

export type InjectCaller = { authorization: string; requestId: string; remoteAddress: string; userAgent: string | undefined };

/**
 * The REST API in-process, as the caller of /mcp: their own key, their address in the audit log. app.inject cannot
 * be cancelled, so a call whose time budget ran out is stopped at its next request instead: none is sent after.
 */
export function injectRestClient(app: FastifyInstance, caller: InjectCaller): RestClient {
  const headers = {
    authorization: caller.authorization,
    'x-request-id': caller.requestId,
    ...(caller.userAgent ? { 'user-agent': caller.userAgent } : {}),
  };
  const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, body: unknown, signal: AbortSignal | undefined) => {
    signal?.throwIfAborted();
    const res = await app.inject({
      method, url, remoteAddress: caller.remoteAddress,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, json: parseJson(res.body) };
  };
  return {
    get: (path, query, signal) => send('GET', withQuery(path, query), undefined, signal),
    post: (path, body, signal) => send('POST', path, body, signal),
    patch: (path, body, signal) => send('PATCH', path, body, signal),
  };
}
