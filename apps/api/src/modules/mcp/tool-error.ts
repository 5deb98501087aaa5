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

type ErrorShape = { error?: { code?: unknown; message?: unknown; details?: unknown }; reqId?: unknown };

/**
 * The REST answer's body when it succeeded; its error, as a ToolError, when it did not, with the REST request's id
 * (details.reqId) so a failure can be found in the service's log.
 */
export function ok<T = Record<string, unknown>>(res: RestResponse): T {
  if (res.status >= 200 && res.status < 300) return res.json as T;
  const shape = res.json as ErrorShape | null;
  const error = shape?.error;
  const code = typeof error?.code === 'string' ? error.code : res.status >= 500 ? 'internal.error' : 'request.invalid';
  const message = typeof error?.message === 'string' ? error.message : `The API answered ${res.status}`;
  const details = {
    ...(error?.details && typeof error.details === 'object' ? error.details as Record<string, unknown> : {}),
    ...(typeof shape?.reqId === 'string' ? { reqId: shape.reqId } : {}),
  };
  throw new ToolError(code, message, Object.keys(details).length ? details : undefined);
}

export const toolErrorBody = (err: ToolError) => ({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
