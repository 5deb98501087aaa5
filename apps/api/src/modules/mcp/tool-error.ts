import type { RestResponse } from './rest-client.js';

/**
 * A tool's failure, with the REST API's stable code (auth.forbidden, request.invalid, session.not_found, …), so
 * an assistant or a script branches on the code exactly as a REST client would.
 */
export class ToolError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

type ErrorShape = { error?: { code?: unknown; message?: unknown; details?: unknown } };

/** The REST answer's body when it succeeded; its error, as a ToolError, when it did not. */
export function ok<T = Record<string, unknown>>(res: RestResponse): T {
  if (res.status >= 200 && res.status < 300) return res.json as T;
  const error = (res.json as ErrorShape | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : res.status >= 500 ? 'internal.error' : 'request.invalid';
  const message = typeof error?.message === 'string' ? error.message : `The API answered ${res.status}`;
  const details = error?.details && typeof error.details === 'object' ? error.details as Record<string, unknown> : undefined;
  throw new ToolError(code, message, details);
}

export const toolErrorBody = (err: ToolError) => ({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
