import { digestsEqual, errors, SECRET_PREFIX, sha256Hex, uuidv7 } from '@tai/core';
import type { ApiKeyRole, Repositories, UserRole, UserRow, UserSessionRow } from '@tai/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfTokenFor, sessionSecretOf } from './session-cookie.js';

/**
 * Who a request acts as: an API key (Bearer) or a signed-in user (session cookie). Both reach the same routes
 * with the same two ranks: an admin user has an admin key's rights, an analyst a reader key's.
 */
export type AuthContext = {
  tenantId: string;
  role: ApiKeyRole;
  keyId: string | null;
  keyPrefix: string | null;
  userId: string | null;
  email: string | null;
  sessionId: string | null;
};

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** the least role a route needs; routes without it are public (health, docs, webhook ingest, sign-in) */
    minRole?: ApiKeyRole;
  }
}

// last_used_at / last_seen_at are informative; writing them on every request would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

const RANK: Record<ApiKeyRole, number> = { reader: 1, admin: 2 };
export const RANK_OF_USER_ROLE: Record<UserRole, ApiKeyRole> = { admin: 'admin', analyst: 'reader' };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthDeps = {
  repos: Pick<Repositories, 'apiKeys' | 'auditLog' | 'users'>;
  now: () => Date;
};

function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

async function keyAuth(deps: AuthDeps, token: string): Promise<AuthContext> {
  if (!token.startsWith(SECRET_PREFIX.apiKey)) throw errors.unauthenticated();
  const key = await deps.repos.apiKeys.findActiveByHash({ keyHash: sha256Hex(token) });
  if (!key) throw errors.unauthenticated({ message: 'The API key is unknown or revoked' });
  const now = deps.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.repos.apiKeys.touchLastUsed({ tenantId: key.tenantId, id: key.id, now });
  }
  return { tenantId: key.tenantId, role: key.role, keyId: key.id, keyPrefix: key.keyPrefix, userId: null, email: null, sessionId: null };
}

/** The signed-in user of a session cookie, or null when there is none or it has ended. */
export async function sessionAuth(deps: AuthDeps, req: FastifyRequest): Promise<{ auth: AuthContext; secret: string; session: UserSessionRow; user: UserRow } | null> {
  const secret = sessionSecretOf(req);
  if (!secret || !secret.startsWith(SECRET_PREFIX.userSession)) return null;
  const now = deps.now();
  const found = await deps.repos.users.findSession({ tokenHash: sha256Hex(secret), now });
  if (!found) return null;
  const { session, user } = found;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.repos.users.touchSession({ tenantId: session.tenantId, id: session.id, now });
  }
  return {
    secret, session, user,
    auth: { tenantId: user.tenantId, role: RANK_OF_USER_ROLE[user.role], keyId: null, keyPrefix: null, userId: user.id, email: user.email, sessionId: session.id },
  };
}

/**
 * Authentication and role checks for every route that declares `config.minRole`. A Bearer key wins over a
 * cookie; a cookie-authenticated request that changes something must carry its session's CSRF token.
 */
export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    const minRole = req.routeOptions.config.minRole;
    if (!minRole) return;
    const token = bearerToken(req);
    let auth: AuthContext;
    if (token || req.headers.authorization) {
      auth = await keyAuth(deps, token ?? '');
    } else {
      const signedIn = await sessionAuth(deps, req);
      if (!signedIn) throw errors.unauthenticated();
      auth = signedIn.auth;
      if (!SAFE_METHODS.has(req.method)) {
        const presented = req.headers['x-csrf-token'];
        if (typeof presented !== 'string' || !/^[0-9a-f]{64}$/.test(presented) || !digestsEqual(presented, csrfTokenFor(signedIn.secret))) throw errors.csrf();
      }
    }
    req.auth = auth;
    req.log = req.log.child({ tenantId: auth.tenantId, ...(auth.keyId ? { keyId: auth.keyId } : { userId: auth.userId }) });

    if (RANK[auth.role] < RANK[minRole]) {
      await deps.repos.auditLog.record({
        id: uuidv7(), tenantId: auth.tenantId, actorKeyId: auth.keyId, actorKeyPrefix: auth.keyPrefix, actorUserId: auth.userId, actorEmail: auth.email,
        action: 'auth.denied', targetType: 'route', targetId: `${req.method} ${req.routeOptions.url}`,
        ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id),
        details: { role: auth.role, required: minRole },
      });
      const who = auth.userId ? `your role is ${auth.role === 'reader' ? 'analyst (read-only)' : auth.role}` : `this key is a ${auth.role} key`;
      throw errors.forbidden({ message: `This action needs the ${minRole} role; ${who}` });
    }
  });
}

/** The authenticated caller; only call from routes that declare minRole. */
export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw errors.unauthenticated();
  return req.auth;
}
