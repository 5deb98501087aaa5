import { Type, type Static } from 'typebox';
import { SilenceCeilingSeconds, SilenceFloorSeconds } from '../tenants/tenant-settings.schemas.js';

export const SourceId = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const WebhookConfig = Type.Object({
  clusterName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'cluster_name for events that carry none' })),
}, { additionalProperties: false });

export const S3Config = Type.Object({
  bucket: Type.String({ minLength: 3, maxLength: 200, description: 'bucket name, arn:aws:s3:::<name>[/<prefix>] or s3://<name>/<prefix>' }),
  prefix: Type.Optional(Type.String({ maxLength: 1024, description: 'where the events are, e.g. "events" for External Audit Storage' })),
  region: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' })),
  roleArn: Type.Optional(Type.String({ pattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$', description: 'cross-account role the worker assumes, with this source\'s externalId; omit to use the worker\'s own credentials' })),
  accessKeyId: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{16,128}$', description: 'static access key for self-hosted setups; stored with secretAccessKey sealed' })),
  secretAccessKey: Type.Optional(Type.String({ minLength: 16, maxLength: 128, writeOnly: true, description: 'write-only; sealed with SECRETS_ENCRYPTION_KEY, never returned' })),
  kmsKeyArn: Type.Optional(Type.String({ pattern: '^arn:aws[a-z-]*:kms:', description: 'the SSE-KMS key, if any: the role then needs kms:Decrypt on it' })),
  queueUrl: Type.Optional(Type.String({ pattern: '^https?://', description: 'a customer-owned SQS queue to poll; omit to use the service\'s own queue fed by its SNS topic' })),
  clusterName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

const Name = Type.String({ minLength: 1, maxLength: 200 });

const CreateSourceShapes = [
  Type.Object({ type: Type.Literal('teleport_webhook'), name: Name, config: Type.Optional(WebhookConfig) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('teleport_s3'), name: Name, config: S3Config }, { additionalProperties: false }),
] as const;
export type CreateSourceBody = Static<(typeof CreateSourceShapes)[number]>;
/**
 * One shape per `type`, told apart by it (an OpenAPI discriminator), so a bad body is checked against its own
 * type's shape only and the error names that shape's problem, not every shape's.
 */
export const CreateSourceBody = Type.Unsafe<CreateSourceBody>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [...CreateSourceShapes],
});

export const UpdateSourceBody = Type.Object({
  name: Type.Optional(Name),
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  silenceFloorSeconds: Type.Optional(SilenceFloorSeconds),
  silenceCeilingSeconds: Type.Optional(SilenceCeilingSeconds),
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
  silenceFloorSeconds: Nullable(Type.Integer({ description: 'this source\'s own silence floor; null: the tenant\'s, else the default (health.silence says which applies)' })),
  silenceCeilingSeconds: Nullable(Type.Integer({ description: 'this source\'s own silence ceiling; null: the tenant\'s, else the default' })),
  webhook: Nullable(Type.Object({
    tokenPrefix: Type.String({ description: 'the first characters of the current token, to recognise it' }),
    tokenRotatedAt: Nullable(Type.String({ format: 'date-time' })),
    previousTokenValidUntil: Nullable(Type.String({ format: 'date-time', description: 'when the token replaced by the last rotation stops working' })),
  })),
});

export const SetupSnippetsView = Type.Object({
  webhookUrl: Type.String(),
  sessionUrl: Type.String(),
  eventHandlerToml: Type.String({ description: 'teleport-event-handler.toml, sending straight to this service' }),
  fluentdConf: Type.String({ description: 'fluent.conf: in_http from the Event Handler, out_http to this service' }),
  fluentBitConf: Type.String(),
  vectorToml: Type.String(),
  curl: Type.String(),
});

/** Returned once, on creation and on rotation: the only time the token is visible. */
export const WebhookSecret = Type.Object({
  token: Type.String(),
  url: Type.String({ description: 'POST events here; for the Teleport Event Handler use it as forward.fluentd.url' }),
  sessionUrl: Type.String({ description: 'forward.fluentd.session-url for the Teleport Event Handler' }),
  setup: SetupSnippetsView,
});

export const SourceWithSecret = Type.Object({ source: SourceView, webhook: Nullable(WebhookSecret) });

/** Why a source, as configured, may not receive events: the code is stable (s3.no_service_queue), the message says what to do. */
const SourceWarnings = Type.Array(Type.Object({ code: Type.String(), message: Type.String() }));

export const SourceCreated = Type.Object({ source: SourceView, webhook: Nullable(WebhookSecret), warnings: SourceWarnings });

const Origin = Type.Union([Type.Literal('source'), Type.Literal('tenant'), Type.Literal('default')]);
const SilenceHealth = Type.Object({
  floorSeconds: Type.Integer(),
  ceilingSeconds: Type.Integer(),
  floorFrom: Origin,
  ceilingFrom: Origin,
  learnedGapSeconds: Nullable(Type.Integer({ description: 'the silence this source\'s last 14 days allow, before the bounds; null until two days of history were learned' })),
  learnedAt: Nullable(Type.String({ format: 'date-time', description: 'when the monitor last learned it (about hourly)' })),
  thresholdSeconds: Type.Integer({ description: 'the threshold in force: the learned gap clamped to the bounds, or the ceiling when none was learned; silent after this long without an event' }),
}, { description: 'when the completeness monitor calls this source silent: its learned gap, the bounds it is clamped to and where each comes from (the source\'s own setting, the tenant\'s, or the default)' });

export const SourceHealth = Type.Object({
  lastEventAt: Nullable(Type.String({ format: 'date-time' })),
  eventsLast24h: Type.Integer({ description: 'new events stored in the last 24 hours' }),
  duplicatesLast24h: Type.Integer({ description: 'events received again and absorbed' }),
  rejectsLast24h: Type.Integer(),
  rejectsTotal: Type.Integer({ description: 'quarantined parts, see GET /v1/sources/{id}/rejects' }),
  eventsWithoutTimeLast24h: Type.Integer({ description: 'events that carried no usable time and were stamped with the time received' }),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  silence: SilenceHealth,
  findings: Type.Array(Type.Object({
    kind: Type.String({ description: 'source.silent, session.incomplete, session.open_too_long, event_type.unknown, rejects.spike, s3.objects_missing or s3.objects_failed' }),
    subject: Type.String({ description: 'which one: a session id, an event type, a UTC day (YYYY-MM-DD); empty for the source as a whole' }),
    details: Type.Record(Type.String(), Type.Unknown()),
    openedAt: Type.String({ format: 'date-time' }),
  }), { description: 'what the completeness monitor found wrong with this source and has not seen fixed, newest first (at most 50)' }),
});

export const SourceDetail = Type.Intersect([SourceView, Type.Object({ health: SourceHealth })]);

export const RejectView = Type.Object({
  id: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  reason: Type.String({ description: 'stable code, e.g. body.invalid_json, record.not_object, event.missing_type' }),
  message: Type.String(),
  contentType: Nullable(Type.String()),
  context: Nullable(Type.String({ description: 'where in the request, e.g. line 3' })),
  payloadSize: Type.Integer(),
  payloadTruncated: Type.Boolean(),
  payloadText: Nullable(Type.String({ description: 'the payload as UTF-8 text, when it is valid UTF-8' })),
  payloadBase64: Type.String(),
});
export const RejectPage = Type.Object({ data: Type.Array(RejectView), nextCursor: Nullable(Type.String()) });
export const SourceList = Type.Object({ data: Type.Array(SourceView) });

const Json = Type.Record(Type.String(), Type.Unknown());
export const S3SetupView = Type.Object({
  externalId: Type.String({ description: 'chosen by the service for this source; the role trust policy must require it' }),
  access: Type.String({ description: 'role (cross-account role with ExternalId) or worker-credentials' }),
  trustPolicy: Json,
  permissionsPolicy: Json,
  bucketNotification: Json,
  notificationTarget: Json,
  commands: Type.Array(Type.String()),
  notes: Type.Array(Type.String()),
  warnings: SourceWarnings,
});
