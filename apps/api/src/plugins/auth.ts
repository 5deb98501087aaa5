import { errors, SECRET_PREFIX, sha256Hex, uuidv7 } from '@tai/core';
import type { ApiKeyRole, Repositories } from '@tai/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type AuthContext = { tenantId: string; keyId: string; keyPrefix: string; role: ApiKeyRole };

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** the least role a route needs; routes without it are public (health, docs, webhook ingest) */
    minRole?: ApiKeyRole;
  }
}

// last_used_at is informative; writing it on every request would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

const RANK: Record<ApiKeyRole, number> = { reader: 1, admin: 2 };

export type AuthDeps = {
  repos: Pick<Repositories, 'apiKeys' | 'auditLog'>;
  now: () => Date;
};

function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Bearer API key authentication and role checks for every route that declares `config.minRole`. */
export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    const minRole = req.routeOptions.config.minRole;
    if (!minRole) return;
    const token = bearerToken(req);
    if (!token || !token.startsWith(SECRET_PREFIX.apiKey)) throw errors.unauthenticated();
    const key = await deps.repos.apiKeys.findActiveByHash({ keyHash: sha256Hex(token) });
    if (!key) throw errors.unauthenticated({ message: 'The API key is unknown or revoked' });
    req.auth = { tenantId: key.tenantId, keyId: key.id, keyPrefix: key.keyPrefix, role: key.role };
    req.log = req.log.child({ tenantId: key.tenantId, keyId: key.id });

    const now = deps.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await deps.repos.apiKeys.touchLastUsed({ tenantId: key.tenantId, id: key.id, now });
    }
    if (RANK[key.role] < RANK[minRole]) {
      await deps.repos.auditLog.record({
        id: uuidv7(), tenantId: key.tenantId, actorKeyId: key.id, actorKeyPrefix: key.keyPrefix,
        action: 'auth.denied', targetType: 'route', targetId: `${req.method} ${req.routeOptions.url}`,
        ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id),
        details: { role: key.role, required: minRole },
      });
      throw errors.forbidden({ message: `This action needs an ${minRole} key; this key is a ${key.role} key` });
    }
  });
}

/** The authenticated caller; only call from routes that declare minRole. */
export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw errors.unauthenticated();
  return req.auth;
}
