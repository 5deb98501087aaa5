import { errors, generateSecret, sha256Hex, uuidv7 } from '@tai/core';
import type { Repositories, UserRole, UserRow } from '@tai/db';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function presentUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.disabledAt ? 'disabled' as const : row.passwordHash ? 'active' as const : 'invited' as const,
    createdAt: row.createdAt.toISOString(),
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
  };
}

/**
 * Invites a person: a user without a password and a link that sets it. Inviting an address that is still
 * only invited, in this tenant, issues a fresh link; an address in use anywhere else is a conflict.
 */
export async function inviteUser(
  users: Repositories['users'],
  args: { tenantId: string; email: string; role: UserRole; name: string | null; invitedByUserId: string | null; publicUrl: string; now: Date },
) {
  const email = normalizeEmail(args.email);
  let user = await users.create({ tenantId: args.tenantId, id: uuidv7(), email, name: args.name, role: args.role, passwordHash: null, invitedByUserId: args.invitedByUserId });
  if (!user) {
    const existing = await users.findForSignIn({ email });
    if (!existing || existing.tenantId !== args.tenantId || existing.passwordHash || existing.disabledAt) {
      throw errors.conflict({ message: 'A user with this email already exists', details: { field: 'email' } });
    }
    user = existing;
  }
  const token = generateSecret('invite');
  const expiresAt = new Date(args.now.getTime() + INVITE_TTL_MS);
  await users.createInvite({ tenantId: args.tenantId, id: uuidv7(), userId: user.id, tokenHash: sha256Hex(token), expiresAt, createdByUserId: args.invitedByUserId });
  return { user, invite: { url: `${args.publicUrl}/invite/${token}`, expiresAt } };
}
