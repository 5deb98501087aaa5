import { MAX_PASSWORD_LENGTH } from '@tai/core';
import { Type } from 'typebox';

const S = Type.Union([Type.String(), Type.Null()]);

export const UserRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('analyst')], { description: 'admin: everything; analyst: read-only' });

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$', description: 'an email address; case does not matter' });
export const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });

export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: S,
  role: UserRoleSchema,
  status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
  createdAt: Type.String({ format: 'date-time' }),
  lastSignInAt: S,
});

export const SessionUser = Type.Object({
  id: Type.String(), email: Type.String(), name: S, role: UserRoleSchema, tenantId: Type.String(), tenantName: Type.String(),
});

export const AuthSession = Type.Object({
  user: SessionUser,
  csrfToken: Type.String({ description: 'send as the x-csrf-token header on every POST, PATCH, PUT and DELETE of this session' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const InviteBody = Type.Object({ email: Email, role: UserRoleSchema, name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false });

export const CreatedInvite = Type.Object({
  user: UserView,
  invite: Type.Object({ url: Type.String({ description: 'shown once; whoever opens it sets the password' }), expiresAt: Type.String({ format: 'date-time' }) }),
});

export const UpdateUserBody = Type.Object({
  role: Type.Optional(UserRoleSchema),
  disabled: Type.Optional(Type.Boolean({ description: 'true signs the user out everywhere and refuses sign-in' })),
}, { additionalProperties: false, minProperties: 1 });
