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

/** The error statuses every authenticated route may answer, documented once. */
export const ErrorResponses = { 400: ref, 401: ref, 403: ref, 404: ref, 409: ref, 503: ref } as const;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor from the previous page' })),
});
