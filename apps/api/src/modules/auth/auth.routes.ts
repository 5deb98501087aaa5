import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, generateSecret, passwordProblem, sha256Hex, uuidv7, verifyAgainstDecoy, verifyPassword, hashPassword } from '@tai/core';
import type { AuditLogEntry, Repositories, UserRow } from '@tai/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sessionAuth } from '../../plugins/auth.js';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from '../../plugins/session-cookie.js';
import { errorResponses, PUBLIC } from '../shared.schemas.js';
import { AuthSession, Email, Password, UserRoleSchema } from '../users/users.schemas.js';
import { normalizeEmail } from '../users/users.usecases.js';
import { createSignInLimiter } from './sign-in-limiter.js';

export type AuthRoutesDeps = {
  repos: Pick<Repositories, 'users' | 'tenants' | 'auditLog' | 'apiKeys'>;
  sessionTtlSeconds: number;
  signInFailuresPerMinute: number;
  secureCookies: boolean;
  now: () => Date;
};

const tags = ['auth'];
const SignedOut = Type.Object({ user: Type.Null(), csrfToken: Type.Null(), expiresAt: Type.Null() });

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: AuthRoutesDeps }> = async (app, { deps }) => {
  const { users, tenants, auditLog } = deps.repos;
  const limiter = createSignInLimiter({ maxPerMinute: deps.signInFailuresPerMinute, now: () => deps.now().getTime() });
  const cookie = { secure: deps.secureCookies };

  const audit = (req: FastifyRequest, user: Pick<UserRow, 'tenantId' | 'id' | 'email'>, action: string, details: Record<string, unknown> = {}) => auditLog.record({
    id: uuidv7(), tenantId: user.tenantId, actorUserId: user.id, actorEmail: user.email, actorKeyId: null, actorKeyPrefix: null,
    action, targetType: 'user', targetId: user.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id), details,
  } satisfies AuditLogEntry & { id: string; tenantId: string });

  const present = async (user: UserRow, secret: string, expiresAt: Date) => {
    const tenant = await tenants.get({ tenantId: user.tenantId });
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, tenantId: user.tenantId, tenantName: tenant?.name ?? '' },
      csrfToken: csrfTokenFor(secret),
      expiresAt: expiresAt.toISOString(),
    };
  };

  /** A new session for the user: its cookie on the reply, its CSRF token in the body. */
  const startSession = async (req: FastifyRequest, reply: FastifyReply, user: UserRow) => {
    const now = deps.now();
    const secret = generateSecret('userSession');
    const expiresAt = new Date(now.getTime() + deps.sessionTtlSeconds * 1000);
    await users.createSession({ tenantId: user.tenantId, id: uuidv7(), userId: user.id, tokenHash: sha256Hex(secret), expiresAt, ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 500) ?? null, now });
    setSessionCookie(reply, secret, deps.sessionTtlSeconds, cookie);
    return present(user, secret, expiresAt);
  };

  app.post('/v1/auth/sign-in', {
    schema: {
      tags, security: PUBLIC, summary: 'Sign in with email and password; sets the session cookie and returns the CSRF token',
      body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
      response: { 200: AuthSession, ...errorResponses(400, 401, 413, 415, 429, 503) },
    },
  }, async (req, reply) => {
    const email = normalizeEmail(req.body.email);
    const wait = limiter.retryAfterSeconds(req.ip, email);
    if (wait > 0) throw errors.rateLimited({ message: `Too many failed sign-ins; try again in ${wait} s`, headers: { 'retry-after': String(wait) } });
    const user = await users.findForSignIn({ email });
    const ok = user?.passwordHash && !user.disabledAt ? await verifyPassword(req.body.password, user.passwordHash) : await verifyAgainstDecoy(req.body.password);
    if (!user || !ok) {
      limiter.recordFailure(req.ip, email);
      if (user) await audit(req, user, 'user.sign_in_failed', { reason: user.disabledAt ? 'disabled' : user.passwordHash ? 'wrong_password' : 'invite_not_accepted' });
      req.log.info({ email: user ? user.id : 'unknown' }, 'sign-in failed');
      throw errors.invalidCredentials();
    }
    const session = await startSession(req, reply, user);
    await audit(req, user, 'user.sign_in');
    return session;
  });

  app.get('/v1/auth/session', {
    schema: {
      tags, security: PUBLIC, summary: 'The signed-in user and the CSRF token of this session; all null when signed out',
      response: { 200: Type.Union([AuthSession, SignedOut]), ...errorResponses(400, 503) },
    },
  }, async (req) => {
    // Signed out is an answer, not an error: the dashboard asks on every load, and a 401 would be logged as a failure.
    const signedIn = await sessionAuth(deps, req);
    if (!signedIn) return { user: null, csrfToken: null, expiresAt: null };
    return present(signedIn.user, signedIn.secret, signedIn.session.expiresAt);
  });

  app.post('/v1/auth/sign-out', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'Ends this browser session (needs the CSRF token)', response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 413, 415, 503) } },
  }, async (req, reply) => {
    const auth = req.auth!;
    if (auth.sessionId && auth.userId && auth.email) {
      await users.revokeSession({ tenantId: auth.tenantId, id: auth.sessionId, now: deps.now() });
      await audit(req, { tenantId: auth.tenantId, id: auth.userId, email: auth.email }, 'user.sign_out');
    }
    clearSessionCookie(reply, cookie);
    return reply.code(204).send(null);
  });

  const InviteToken = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });

  app.get('/v1/auth/invites/:token', {
    schema: {
      tags, security: PUBLIC, summary: 'What an invite link is for (email and role), before its password is set', params: InviteToken,
      response: { 200: Type.Object({ email: Type.String(), role: UserRoleSchema, expiresAt: Type.String() }), ...errorResponses(400, 404, 503) },
    },
  }, async (req) => {
    const found = await users.findInvite({ tokenHash: sha256Hex(req.params.token), now: deps.now() });
    if (!found) throw errors.inviteInvalid();
    return { email: found.user.email, role: found.user.role, expiresAt: found.invite.expiresAt.toISOString() };
  });

  app.post('/v1/auth/invites/accept', {
    schema: {
      tags, security: PUBLIC, summary: 'Accept an invite: set the password (and name) and sign in',
      body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }), password: Password, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: AuthSession, ...errorResponses(400, 404, 413, 415, 503) },
    },
  }, async (req, reply) => {
    const problem = passwordProblem(req.body.password);
    if (problem) throw errors.badRequest({ message: problem, details: { field: 'password' } });
    const now = deps.now();
    const found = await users.findInvite({ tokenHash: sha256Hex(req.body.token), now });
    if (!found) throw errors.inviteInvalid();
    const user = await users.acceptInvite({
      tenantId: found.user.tenantId, inviteId: found.invite.id, userId: found.user.id,
      passwordHash: await hashPassword(req.body.password), name: req.body.name?.trim() || null, now,
    });
    if (!user) throw errors.inviteInvalid();
    await audit(req, user, 'user.accept_invite');
    return startSession(req, reply, user);
  });
};
