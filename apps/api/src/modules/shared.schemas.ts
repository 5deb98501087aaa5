import { Type } from 'typebox';

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable, dotted; branch on this' }),
    message: Type.String({ description: 'for humans; may change' }),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
  reqId: Type.String(),
}, { $id: 'ErrorBody' });

const ref = Type.Unsafe<unknown>({ $ref: 'ErrorBody#' });

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/**
 * The error answers one route can give, each with the shared error body, so a client sees what it must handle.
 * Decided from what the route does: 400 on every route (the input guard, the URL, its schemas); 401 when it
 * needs credentials; 403 for an admin route, or a reader route that changes something (the CSRF check); 404
 * for a path id it looks up; 409 for a conflict it raises; 413 and 415 when it takes a body (POST, PUT,
 * PATCH); 422 for a search that can time out; 429 where it is rate-limited; 503 wherever it touches the
 * database, which the error handler maps to 503 on every route. api-openapi.test.ts holds every route to it.
 */
export const errorResponses = <S extends ErrorStatus>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, ref])) as { [K in S]: typeof ref };

/** The OpenAPI security of a route anyone may call (sign-in, an invite link, health): none. */
export const PUBLIC: Record<string, string[]>[] = [];

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor from the previous page' })),
});
