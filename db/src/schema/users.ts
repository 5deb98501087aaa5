import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tenantScoped, tstz } from './columns.js';
import { tenants } from './tenants.js';

/** People who sign in to the dashboard. An invited user has no password until the invite is accepted. */
export const users = pgTable('users', {
  id: idColumn(),
  ...tenantScoped(),
  /** lower-cased; sign-in names no tenant, so an address belongs to one user of one tenant */
  email: text('email').notNull(),
  name: text('name'),
  role: text('role', { enum: ['admin', 'analyst'] }).notNull(),
  /** scrypt$N$r$p$salt$hash, base64 parts; null while invited */
  passwordHash: text('password_hash'),
  invitedByUserId: uuid('invited_by_user_id'),
  disabledAt: tstz('disabled_at'),
  lastSignInAt: tstz('last_sign_in_at'),
}, (t) => [
  // Sign-in looks the address up before the tenant is known, so this index cannot lead with tenant_id.
  uniqueIndex('users_email_uq').on(t.email),
  index('users_tenant_created_idx').on(t.tenantId, t.createdAt),
  check('users_role_ck', sql`${t.role} in ('admin', 'analyst')`),
  check('users_email_lower_ck', sql`${t.email} = lower(${t.email})`),
  foreignKey({ name: 'users_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/** A signed-in browser. The cookie holds the secret; only its hash is stored. */
export const userSessions = pgTable('user_sessions', {
  id: idColumn(),
  ...tenantScoped(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  lastSeenAt: tstz('last_seen_at').notNull().default(sql`now()`),
  ip: text('ip'),
  userAgent: text('user_agent'),
  revokedAt: tstz('revoked_at'),
}, (t) => [
  uniqueIndex('user_sessions_token_hash_uq').on(t.tokenHash),
  index('user_sessions_tenant_user_idx').on(t.tenantId, t.userId),
  foreignKey({ name: 'user_sessions_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_sessions_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
]);

/** An invite link (there is no mail here): whoever opens it before it expires sets the user's password. */
export const userInvites = pgTable('user_invites', {
  id: idColumn(),
  ...tenantScoped(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  acceptedAt: tstz('accepted_at'),
  createdByUserId: uuid('created_by_user_id'),
}, (t) => [
  uniqueIndex('user_invites_token_hash_uq').on(t.tokenHash),
  index('user_invites_tenant_user_idx').on(t.tenantId, t.userId),
  foreignKey({ name: 'user_invites_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_invites_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
]);
