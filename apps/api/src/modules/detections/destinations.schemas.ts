import { DESTINATION_KINDS, SEVERITIES } from '@tai/core';
import { Type } from 'typebox';
import { DeliveryView } from './alerts.schemas.js';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Severity = literals(SEVERITIES);

const settingsHelp = 'webhook: { url }; slack: { channelLabel? }; pagerduty: { eventsUrl? }; email: { host, port?, tls?, from, to: [..], username? }';
const secretHelp = 'write-only, sealed, never returned. webhook: { signingSecret? (generated when absent) }; slack: { webhookUrl }; pagerduty: { routingKey }; email: { password? }';

export const DestinationView = Type.Object({
  id: Type.String(), name: Type.String(), kind: Type.String(), config: Type.Record(Type.String(), Type.Unknown()),
  secret: Type.Object({ set: Type.Boolean(), fields: Type.Array(Type.String(), { description: 'which secret settings are stored (never their values)' }) }),
  minSeverity: Type.String(), enabled: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String(),
});

export const CreateDestinationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: literals(DESTINATION_KINDS),
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: settingsHelp })),
  secret: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 4_096 }), { description: secretHelp, writeOnly: true })),
  minSeverity: Type.Optional(Severity),
  enabled: Type.Optional(Type.Boolean({ default: true })),
}, { additionalProperties: false });

export const UpdateDestinationBody = Type.Object({
  name: Type.Optional(CreateDestinationBody.properties.name),
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: `replaces the config. ${settingsHelp}` })),
  // Null first: with type coercion on, a String first would turn null into "".
  secret: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Null(), Type.String({ maxLength: 4_096 })]), { description: 'merged: an absent field keeps its value, null removes it', writeOnly: true })),
  minSeverity: Type.Optional(Severity),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const DestinationCreated = Type.Object({
  destination: DestinationView,
  signingSecret: Type.Optional(Type.String({ description: 'webhook: the generated signing secret, shown this once' })),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const DeliveriesQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false });
export const DeliveryQueued = Type.Object({ delivery: Type.Object({ id: Type.String(), status: Type.String() }) });
export { DeliveryView };
