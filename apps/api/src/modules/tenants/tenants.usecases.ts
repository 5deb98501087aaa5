import { uuidv7 } from '@tai/core';
import type { Repositories } from '@tai/db';
import { issueApiKey } from '../api-keys/api-keys.usecases.js';

/** A new tenant with one admin key; used by the admin CLI and by first-run bootstrap. */
export async function createTenantWithAdminKey(
  repos: Pick<Repositories, 'tenants' | 'apiKeys'>,
  { name, tenantId = uuidv7() }: { name: string; tenantId?: string },
) {
  const tenant = await repos.tenants.create({ tenantId, name });
  const { apiKey, secret } = await issueApiKey(repos.apiKeys, { tenantId: tenant.id, name: 'initial admin key', role: 'admin', createdByKeyId: null });
  return { tenantId: tenant.id, tenantName: tenant.name, apiKeyId: apiKey.id, apiKey: secret };
}

/**
 * First start of a fresh database: one tenant and its admin key, exactly once across restarts and
 * concurrent starts. Returns null when bootstrap already happened (the key was printed back then).
 */
export async function bootstrapFirstTenant(repos: Pick<Repositories, 'tenants' | 'apiKeys'>, { name }: { name: string }) {
  if (await repos.tenants.findInstallation()) return null;
  const tenantId = uuidv7();
  if (!(await repos.tenants.claimInstallation({ firstTenantId: tenantId }))) return null;
  return createTenantWithAdminKey(repos, { name, tenantId });
}
