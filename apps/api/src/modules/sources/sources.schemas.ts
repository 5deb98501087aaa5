import { Type, type Static } from 'typebox';

export const SourceId = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const WebhookConfig = Type.Object({
  clusterName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'cluster_name for events that carry none' })),
}, { additionalProperties: false });

export const S3Config = Type.Object({
  bucket: Type.String({ minLength: 3, maxLength: 63, pattern: '^[a-z0-9][a-z0-9.-]+[a-z0-9]$' }),
  prefix: Type.Optional(Type.String({ maxLength: 1024 })),
  region: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' })),
  clusterName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

const Name = Type.String({ minLength: 1, maxLength: 200 });

export const CreateSourceBody = Type.Union([
  Type.Object({ type: Type.Literal('teleport_webhook'), name: Name, config: Type.Optional(WebhookConfig) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('teleport_s3'), name: Name, config: S3Config }, { additionalProperties: false }),
]);
export type CreateSourceBody = Static<typeof CreateSourceBody>;

export const UpdateSourceBody = Type.Object({
  name: Type.Optional(Name),
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false, minProperties: 1 });
export type UpdateSourceBody = Static<typeof UpdateSourceBody>;

export const RotateQuery = Type.Object({
  force: Type.Optional(Type.Boolean({ description: 'rotate even while the previous token is still valid; that token stops working at once' })),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SourceView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  lastEventAt: Nullable(Type.String({ format: 'date-time' })),
  webhook: Nullable(Type.Object({
    tokenPrefix: Type.String({ description: 'the first characters of the current token, to recognise it' }),
    tokenRotatedAt: Nullable(Type.String({ format: 'date-time' })),
    previousTokenValidUntil: Nullable(Type.String({ format: 'date-time', description: 'when the token replaced by the last rotation stops working' })),
  })),
});

/** Returned once, on creation and on rotation: the only time the token is visible. */
export const WebhookSecret = Type.Object({
  token: Type.String(),
  url: Type.String({ description: 'POST events here; for the Teleport Event Handler use it as forward.fluentd.url' }),
  sessionUrl: Type.String({ description: 'forward.fluentd.session-url for the Teleport Event Handler' }),
});

export const SourceWithSecret = Type.Object({ source: SourceView, webhook: Nullable(WebhookSecret) });
export const SourceList = Type.Object({ data: Type.Array(SourceView) });
