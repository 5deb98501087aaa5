import { Type, type Static } from 'typebox';

export const ApiKeyId = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateApiKeyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('reader')], { description: 'reader keys may only read' }),
}, { additionalProperties: false });
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  prefix: Type.String({ description: 'the first characters of the key, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: NullableDate,
  revokedAt: NullableDate,
});

export const CreatedApiKey = Type.Object({
  apiKey: ApiKeyView,
  secret: Type.String({ description: 'shown only in this response; send it as Authorization: Bearer <secret>' }),
});

export const ApiKeyList = Type.Object({ data: Type.Array(ApiKeyView) });
