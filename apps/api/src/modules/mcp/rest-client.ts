import { ToolError } from './tool-error.js';

/**
 * The one way the MCP tools reach the service: its public REST API. Over /mcp the client is app.inject with the
 * caller's own Authorization header; from the stdio CLI it is fetch to --api-url. Either way auth, row-level
 * security, validation and error codes are exactly the REST API's.
 */
export type RestQuery = Record<string, string | number | boolean | undefined>;
export type RestResponse = { status: number; json: unknown };

export type RestClient = {
  get(path: string, query?: RestQuery, signal?: AbortSignal): Promise<RestResponse>;
  post(path: string, body: unknown, signal?: AbortSignal): Promise<RestResponse>;
  patch(path: string, body: unknown, signal?: AbortSignal): Promise<RestResponse>;
};

/** `path?query` with undefined values left out. */
export function withQuery(path: string, query: RestQuery = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A path segment from a tool argument, so an id can never reach another route: encodeURIComponent escapes "/", "?"
 * and "%", but leaves dots, and "." or ".." (even as %2E, which URL parsers decode) would climb a level. No id is
 * either, so they are refused.
 */
export function segment(value: string, field: string): string {
  if (value === '.' || value === '..') throw new ToolError('request.invalid', `Invalid ${field}: "${value}" is not an id`, { field });
  return encodeURIComponent(value);
}

export function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
