import { errors, generatePassword, hashPassword, isAppError, passwordProblem, uuidv7 } from '@tai/core';
import { isUniqueViolation, type ApiKeyRole, type Repositories, type UserRole } from '@tai/db';
import { normalizeEmail } from '../users/users.usecases.js';
import { issueApiKey } from '../api-keys/api-keys.usecases.js';
import { installBuiltinPack } from '../detections/rule-rows.js';

/** A new tenant with one admin key and the built-in detection pack on; used by the admin CLI and by first-run bootstrap. */
export async function createTenantWithAdminKey(
  repos: Pick<Repositories, 'tenants' | 'apiKeys' | 'detectionRules'>,
  { name, tenantId = uuidv7() }: { name: string; tenantId?: string },
) {
  let tenant;
  try {
    tenant = await repos.tenants.create({ tenantId, name });
  } catch (err) {
    // Names are unique across tenants (tenants_name_uq): only the database can check, since RLS hides the other tenants.
    if (isUniqueViolation(err)) throw errors.conflict({ message: `A tenant named ${JSON.stringify(name)} already exists`, details: { field: 'name' } });
    throw err;
  }
  await installBuiltinPack(repos, { tenantId: tenant.id, now: new Date() });
  const { apiKey, secret } = await issueApiKey(repos.apiKeys, { tenantId: tenant.id, name: 'initial admin key', role: 'admin', createdByKeyId: null });
  return { tenantId: tenant.id, tenantName: tenant.name, apiKeyId: apiKey.id, apiKey: secret };
}

/**
 * First start of a fresh database: one tenant and its admin key, exactly once across restarts and
 * concurrent starts. Returns null when bootstrap already happened (the key was printed back then).
 */
export async function bootstrapFirstTenant(repos: Pick<Repositories, 'tenants' | 'apiKeys' | 'detectionRules'>, { name }: { name: string }) {
  if (await repos.tenants.findInstallation()) return null;
  const tenantId = uuidv7();
  if (!(await repos.tenants.claimInstallation({ firstTenantId: tenantId }))) return null;
  try {
    return await createTenantWithAdminKey(repos, { name, tenantId });
  } catch (err) {
    // The name was taken by the admin CLI before the first start; the claimed first tenant must exist all the same.
    if (isAppError(err) && err.code === 'resource.conflict') return createTenantWithAdminKey(repos, { name: `${name}-${tenantId.slice(-8)}`, tenantId });
    throw err;
  }
}

/** A user who signs in with a password right away (the first admin, or one made by the admin CLI). */
export async function createUserWithPassword(
  repos: Pick<Repositories, 'users'>,
  { tenantId, email, role, password }: { tenantId: string; email: string; role: UserRole; password?: string | null },
) {
  const chosen = password ?? generatePassword();
  const problem = passwordProblem(chosen);
  if (problem) throw new Error(problem);
  const user = await repos.users.create({ tenantId, id: uuidv7(), email: normalizeEmail(email), name: null, role, passwordHash: await hashPassword(chosen), invitedByUserId: null });
  return user ? { userId: user.id, email: user.email, password: chosen } : null;
}

/**
 * An API key made by an operator (the admin CLI), in the tenant's audit log like one made through the API.
 * Null when there is no such tenant.
 */
export async function createOperatorApiKey(
  repos: Pick<Repositories, 'tenants' | 'apiKeys' | 'auditLog'>,
  { tenantId, name, role }: { tenantId: string; name: string; role: ApiKeyRole },
) {
  if (!(await repos.tenants.get({ tenantId }))) return null;
  const { apiKey, secret } = await issueApiKey(repos.apiKeys, { tenantId, name, role, createdByKeyId: null });
  await repos.auditLog.record({ id: uuidv7(), tenantId, action: 'api_key.create', targetType: 'api_key', targetId: apiKey.id, details: { name, role, via: 'admin-cli' } });
  return { apiKey, secret };
}

/**
 * The first tenant's first admin user, once: on a fresh database, and on one upgraded from before users
 * existed. Returns null when the tenant has users already (the password was printed back then).
 */
export async function bootstrapFirstAdmin(repos: Pick<Repositories, 'tenants' | 'users'>, { email, password }: { email: string; password: string | null }) {
  const installation = await repos.tenants.findInstallation();
  if (!installation) return null;
  const tenantId = installation.firstTenantId;
  if ((await repos.users.count({ tenantId })) > 0) return null;
  return createUserWithPassword(repos, { tenantId, email, role: 'admin', password });
}
