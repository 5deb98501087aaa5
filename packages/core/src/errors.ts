/**
 * Errors the API may show to callers. Each has a stable dotted code (clients branch on it) and an HTTP status;
 * the message is for humans and may change. Anything that is not an AppError is an internal error and is masked.
 */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(args: { code: string; statusCode: number; message: string; details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown }) {
    super(args.message, { cause: args.cause });
    this.name = 'AppError';
    this.code = args.code;
    this.statusCode = args.statusCode;
    this.details = args.details;
    this.headers = args.headers;
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

type ErrorArgs = { message?: string; details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown };

/** `defineError({ code, statusCode, message })` returns a factory; call it with an optional specific message. */
export const defineError = (def: { code: string; statusCode: number; message: string }) =>
  (args: ErrorArgs = {}) => new AppError({ ...def, ...args, message: args.message ?? def.message });

export const errors = {
  badRequest: defineError({ code: 'request.invalid', statusCode: 400, message: 'The request is invalid' }),
  unauthenticated: defineError({ code: 'auth.unauthenticated', statusCode: 401, message: 'Sign in, or send a valid API key (Authorization: Bearer <key>)' }),
  invalidCredentials: defineError({ code: 'auth.invalid_credentials', statusCode: 401, message: 'The email or password is wrong' }),
  csrf: defineError({ code: 'auth.csrf', statusCode: 403, message: 'A signed-in request that changes something needs the x-csrf-token header of its session (GET /v1/auth/session returns it)' }),
  inviteInvalid: defineError({ code: 'invite.invalid', statusCode: 404, message: 'The invite link is unknown, used or expired; ask an admin for a new one' }),
  userNotFound: defineError({ code: 'user.not_found', statusCode: 404, message: 'User not found' }),
  forbidden: defineError({ code: 'auth.forbidden', statusCode: 403, message: 'You may not perform this action' }),
  notFound: defineError({ code: 'resource.not_found', statusCode: 404, message: 'Not found' }),
  sourceNotFound: defineError({ code: 'source.not_found', statusCode: 404, message: 'Source not found' }),
  apiKeyNotFound: defineError({ code: 'api_key.not_found', statusCode: 404, message: 'API key not found' }),
  eventNotFound: defineError({ code: 'event.not_found', statusCode: 404, message: 'Event not found' }),
  conflict: defineError({ code: 'resource.conflict', statusCode: 409, message: 'The resource is in a conflicting state' }),
  rotationInProgress: defineError({ code: 'source.rotation_in_progress', statusCode: 409, message: 'The previous token is still valid; wait for its overlap window to end or pass ?force=true' }),
  invalidCursor: defineError({ code: 'request.invalid_cursor', statusCode: 400, message: 'The cursor is invalid or belongs to another query' }),
  rateLimited: defineError({ code: 'rate_limited', statusCode: 429, message: 'Too many requests' }),
  payloadTooLarge: defineError({ code: 'request.body_too_large', statusCode: 413, message: 'The request body is too large' }),
  invalidIngestToken: defineError({ code: 'ingest.invalid_token', statusCode: 401, message: 'The webhook token is missing, unknown or revoked' }),
  ingestOverloaded: defineError({ code: 'ingest.overloaded', statusCode: 503, message: 'The service is busy; retry shortly' }),
  unavailable: defineError({ code: 'service.unavailable', statusCode: 503, message: 'The service is temporarily unavailable; retry later' }),
  invalidQuery: defineError({ code: 'query.invalid', statusCode: 400, message: 'The query is not valid' }),
  searchTooSlow: defineError({ code: 'search.timeout', statusCode: 422, message: 'The search took too long; narrow the time range or add a selective condition (user:, sid:, ip:, node:)' }),
  sessionNotFound: defineError({ code: 'session.not_found', statusCode: 404, message: 'Session not found' }),
  accessRequestNotFound: defineError({ code: 'access_request.not_found', statusCode: 404, message: 'Access request not found' }),
  savedSearchNotFound: defineError({ code: 'saved_search.not_found', statusCode: 404, message: 'Saved search not found' }),
  alertNotFound: defineError({ code: 'alert.not_found', statusCode: 404, message: 'Alert not found' }),
  destinationNotFound: defineError({ code: 'destination.not_found', statusCode: 404, message: 'Destination not found' }),
  deliveryNotFound: defineError({ code: 'delivery.not_found', statusCode: 404, message: 'Delivery not found' }),
  unsupportedMediaType: defineError({ code: 'request.unsupported_media_type', statusCode: 415, message: 'The request body has a content type this route does not take' }),
  metricsUnauthorized: defineError({ code: 'metrics.unauthorized', statusCode: 401, message: 'The metrics need Authorization: Bearer <METRICS_TOKEN>' }),
};
