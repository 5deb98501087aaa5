// Shapes of the api-keys, users, audit-log and tenant-settings routes, and the only calls the settings pages make.
import { api } from '../../api/client';
import type { Role } from '../../api/types';

export type ApiKey = { id: string; name: string; role: 'admin' | 'reader' | string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
export type CreatedApiKey = { apiKey: ApiKey; secret: string };

export type UserStatus = 'active' | 'invited' | 'disabled';
export type User = { id: string; email: string; name: string | null; role: Role; status: UserStatus; createdAt: string; lastSignInAt: string | null };
export type Invite = { user: User; invite: { url: string; expiresAt: string } };

export type AuditEntry = {
  id: string;
  at: string;
  action: string;
  actor: { keyId: string | null; keyPrefix: string | null; userId: string | null; email: string | null };
  target: { type: string | null; id: string | null };
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
};

export type TenantSettings = { retentionDays: number };

export const settingsApi = {
  tenantSettings: (signal?: AbortSignal) => api.get<TenantSettings>('/v1/tenant/settings', undefined, signal),
  updateTenantSettings: (changes: TenantSettings) => api.patch<TenantSettings>('/v1/tenant/settings', changes),
  apiKeys: (signal?: AbortSignal) => api.get<{ data: ApiKey[] }>('/v1/api-keys', undefined, signal),
  createApiKey: (body: { name: string; role: 'admin' | 'reader' }) => api.post<CreatedApiKey>('/v1/api-keys', body),
  revokeApiKey: (id: string) => api.del<void>(`/v1/api-keys/${encodeURIComponent(id)}`),
  users: (signal?: AbortSignal) => api.get<{ data: User[] }>('/v1/users', undefined, signal),
  invite: (body: { email: string; role: Role }) => api.post<Invite>('/v1/users/invites', body),
  updateUser: (id: string, changes: { disabled?: boolean; role?: Role }) => api.patch<User>(`/v1/users/${encodeURIComponent(id)}`, changes),
  auditLog: (cursor: string | null, signal?: AbortSignal) =>
    api.get<{ data: AuditEntry[]; nextCursor: string | null }>('/v1/audit-log', { limit: 50, cursor }, signal),
};
