import { and, asc, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { DbClient, Tx } from '../client.js';
import { userInvites, users, userSessions } from '../schema/index.js';

export type UserRole = 'admin' | 'analyst';
export type UserRow = typeof users.$inferSelect;
export type UserSessionRow = typeof userSessions.$inferSelect;
export type UsersRepository = ReturnType<typeof createUsersRepository>;

/** Once the credential's row named its tenant, the rest of the transaction runs as that tenant. */
const enterTenant = (tx: Tx, tenantId: string) => tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);

export const createUsersRepository = ({ client }: { client: DbClient }) => ({
  /** Sign-in: the only look-up by address, before the tenant is known (the sign_in_lookup policy). */
  findForSignIn: ({ email }: { email: string }) =>
    client.withCredentialHash('app.sign_in_email', email, async (tx) => {
      const [row] = await tx.select().from(users).where(eq(users.email, email));
      return row ?? null;
    }),

  /** A session cookie's hash → the live session and its user, or null (unknown, revoked, expired, disabled). */
  findSession: ({ tokenHash, now }: { tokenHash: string; now: Date }) =>
    client.withCredentialHash('app.user_session_hash', tokenHash, async (tx) => {
      const [session] = await tx.select().from(userSessions)
        .where(and(eq(userSessions.tokenHash, tokenHash), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, now)));
      if (!session) return null;
      await enterTenant(tx, session.tenantId);
      const [user] = await tx.select().from(users).where(and(eq(users.tenantId, session.tenantId), eq(users.id, session.userId), isNull(users.disabledAt)));
      return user ? { session, user } : null;
    }),

  createSession: (args: { tenantId: string; id: string; userId: string; tokenHash: string; expiresAt: Date; ip: string | null; userAgent: string | null; now: Date }) =>
    client.withTenant(args.tenantId, async (tx) => {
      await tx.insert(userSessions).values({ ...args, lastSeenAt: args.now, createdAt: args.now });
      await tx.update(users).set({ lastSignInAt: args.now }).where(and(eq(users.tenantId, args.tenantId), eq(users.id, args.userId)));
    }),

  touchSession: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(userSessions).set({ lastSeenAt: now }).where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, id)));
    }),

  revokeSession: ({ tenantId, id, now }: { tenantId: string; id: string; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.update(userSessions).set({ revokedAt: now }).where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, id), isNull(userSessions.revokedAt)));
    }),

  create: (args: { tenantId: string; id: string; email: string; name: string | null; role: UserRole; passwordHash: string | null; invitedByUserId: string | null }) =>
    client.withTenant(args.tenantId, async (tx) => {
      const [row] = await tx.insert(users).values(args).onConflictDoNothing({ target: users.email }).returning();
      return row ?? null;
    }),

  list: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.createdAt), asc(users.id))),

  get: ({ tenantId, id }: { tenantId: string; id: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
      return row ?? null;
    }),

  count: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select({ n: count() }).from(users).where(eq(users.tenantId, tenantId));
      return row?.n ?? 0;
    }),

  /**
   * Changes role or disabled state. Refuses (returns 'last_admin') when that would leave the tenant without an
   * active admin; the check and the change run under one lock so two admins demoting each other cannot both win.
   * Disabling ends the user's sessions at once.
   */
  update: ({ tenantId, id, role, disabled, now }: { tenantId: string; id: string; role?: UserRole | undefined; disabled?: boolean | undefined; now: Date }) =>
    client.withTenant(tenantId, async (tx): Promise<UserRow | null | 'last_admin'> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('users:' || ${tenantId}))`);
      const [current] = await tx.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
      if (!current) return null;
      const losesAdmin = current.role === 'admin' && current.disabledAt === null && ((role !== undefined && role !== 'admin') || disabled === true);
      if (losesAdmin) {
        const [others] = await tx.select({ n: count() }).from(users)
          .where(and(eq(users.tenantId, tenantId), eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, id), sql`${users.passwordHash} is not null`));
        if ((others?.n ?? 0) === 0) return 'last_admin';
      }
      const [row] = await tx.update(users).set({
        ...(role !== undefined ? { role } : {}),
        ...(disabled !== undefined ? { disabledAt: disabled ? (current.disabledAt ?? now) : null } : {}),
      }).where(and(eq(users.tenantId, tenantId), eq(users.id, id))).returning();
      if (disabled) {
        await tx.update(userSessions).set({ revokedAt: now }).where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.userId, id), isNull(userSessions.revokedAt)));
      }
      return row ?? null;
    }),

  createInvite: (args: { tenantId: string; id: string; userId: string; tokenHash: string; expiresAt: Date; createdByUserId: string | null }) =>
    client.withTenant(args.tenantId, async (tx) => {
      await tx.insert(userInvites).values(args);
    }),

  /** An invite link's hash → the open invite and its user, or null. */
  findInvite: ({ tokenHash, now }: { tokenHash: string; now: Date }) =>
    client.withCredentialHash('app.invite_hash', tokenHash, async (tx) => {
      const [invite] = await tx.select().from(userInvites)
        .where(and(eq(userInvites.tokenHash, tokenHash), isNull(userInvites.acceptedAt), gt(userInvites.expiresAt, now)));
      if (!invite) return null;
      await enterTenant(tx, invite.tenantId);
      const [user] = await tx.select().from(users).where(and(eq(users.tenantId, invite.tenantId), eq(users.id, invite.userId), isNull(users.disabledAt)));
      return user ? { invite, user } : null;
    }),

  /** Sets the password and closes the invite, once: a second acceptance of the same link finds nothing. */
  acceptInvite: ({ tenantId, inviteId, userId, passwordHash, name, now }: { tenantId: string; inviteId: string; userId: string; passwordHash: string; name: string | null; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [closed] = await tx.update(userInvites).set({ acceptedAt: now })
        .where(and(eq(userInvites.tenantId, tenantId), eq(userInvites.id, inviteId), isNull(userInvites.acceptedAt))).returning();
      if (!closed) return null;
      const [user] = await tx.update(users).set({ passwordHash, ...(name ? { name } : {}) })
        .where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).returning();
      // Earlier links for the same user stop working with this one.
      await tx.update(userInvites).set({ acceptedAt: now }).where(and(eq(userInvites.tenantId, tenantId), eq(userInvites.userId, userId), isNull(userInvites.acceptedAt)));
      return user ?? null;
    }),
});
