import { isAppError, redactSecrets } from '@tai/core';
import { isDatabaseUnavailable } from '@tai/db';
import type { FastifyError, FastifyInstance } from 'fastify';
import { errorBody, RETRY_AFTER_SECONDS } from './framework-errors.js';
import { explainValidation } from './validation-message.js';

// Fastify's own client errors, given stable codes of ours so clients never see framework internals.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
};

/** One place maps every error to HTTP; 5xx bodies never carry internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const body = (code: string, message: string, details?: Record<string, unknown>) => errorBody(String(req.id), code, message, details);

    if (isAppError(err)) {
      if (err.headers) void reply.headers(err.headers);
      return reply.code(err.statusCode).send(body(err.code, err.message, err.details));
    }
    if (err.validation) {
      const { message, field, allowed } = explainValidation(err.validation, err.validationContext ?? 'request');
      return reply.code(400).send(body('request.invalid', message, { context: err.validationContext, ...(field ? { field } : {}), ...(allowed ? { allowed } : {}) }));
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.code(503).send(body('service.unavailable', 'The service is temporarily unavailable; retry later'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = FASTIFY_CODES[err.code] ?? (err instanceof SyntaxError ? 'request.invalid_json' : 'request.invalid');
      return reply.code(err.statusCode).send(body(code, err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal.error', 'Internal error'));
  });

  // The path is echoed to help a caller, with any credential in it (a webhook URL is one) cut off.
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody(String(req.id), 'route.not_found', `No route ${req.method} ${redactSecrets(req.url.split('?')[0] ?? '')}`)));
}
