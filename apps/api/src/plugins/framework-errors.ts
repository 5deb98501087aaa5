import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> }; reqId: string };

/** The one error shape of every answer (README, "API overview"). */
export const errorBody = (reqId: string, code: string, message: string, details?: Record<string, unknown>): ErrorBody =>
  ({ error: { code, message, ...(details ? { details } : {}) }, reqId });

export const RETRY_AFTER_SECONDS = 5;

/**
 * Errors Fastify raises before a route runs (a URL that does not decode, a path parameter over its
 * length). Fastify's own bodies quote the URL, and a webhook URL carries its token, so ours never do.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const reqId = String(req.id);
  if (err.code === 'FST_ERR_BAD_URL') {
    void reply.code(400).send(errorBody(reqId, 'request.invalid_url', 'The URL is not valid: it has a malformed percent-escape or character'));
  } else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.code(414).send(errorBody(reqId, 'request.url_too_long', 'A path segment of the URL is too long'));
  } else {
    void reply.code(400).send(errorBody(reqId, 'request.invalid', 'The request could not be routed'));
  }
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request.timeout', message: 'The request was not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'request.headers_too_large', message: 'The request headers are too large' },
};
const MALFORMED = { status: 400, code: 'request.malformed', message: 'The request is not valid HTTP/1.1' };

/**
 * Errors of the HTTP parser, before Fastify has a request: answered on the raw socket in the documented
 * shape. Nothing is logged from the raw packet, which would hold the URL and its token.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = CLIENT_ERRORS[err.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify(errorBody(randomUUID(), code, message));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}
