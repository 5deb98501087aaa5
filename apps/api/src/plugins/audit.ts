import { uuidv7 } from '@tai/core';
import type { Repositories } from '@tai/db';
import type { FastifyRequest } from 'fastify';
import { authOf } from './auth.js';

export type AuditAction =
  | 'source.create' | 'source.update' | 'source.delete' | 'source.rotate_token' | 'source.retry_object' | 'source.backfill'
  | 'api_key.create' | 'api_key.revoke'
  | 'events.export' | 'saved_search.create' | 'saved_search.update' | 'saved_search.delete'
  | 'user.invite' | 'user.update'
  | 'tenant.update_settings'
  | 'rule.create' | 'rule.update' | 'rule.set_enabled' | 'rule.delete' | 'rule.install_builtin' | 'rule.import'
  | 'alert.update'
  | 'alert.note'
  | 'destination.create' | 'destination.update' | 'destination.delete' | 'destination.test' | 'delivery.retry';

/** Records one admin action with who (the key or user), what, when (now, in the database) and from where. */
export function recordAudit(
  auditLog: Repositories['auditLog'],
  req: FastifyRequest,
  entry: { action: AuditAction; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  const auth = authOf(req);
  return auditLog.record({
    id: uuidv7(),
    tenantId: auth.tenantId,
    actorKeyId: auth.keyId,
    actorKeyPrefix: auth.keyPrefix,
    actorUserId: auth.userId,
    actorEmail: auth.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? null,
    requestId: String(req.id),
    details: entry.details ?? {},
  });
}
