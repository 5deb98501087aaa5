import type { Repositories } from '@tai/db';
import type { AuthContext } from '../../plugins/auth.js';

/**
 * Who made a change, as rules (updated by) and alerts (acknowledged / resolved by) show it: a signed-in
 * user's email, or an API key's name with its prefix (names may repeat; prefixes tell keys apart).
 */
export async function actorName(apiKeys: Pick<Repositories['apiKeys'], 'get'>, auth: AuthContext): Promise<string> {
  if (auth.email) return auth.email;
  if (!auth.keyId) return 'unknown';
  const key = await apiKeys.get({ tenantId: auth.tenantId, id: auth.keyId });
  const prefix = auth.keyPrefix ?? key?.keyPrefix ?? auth.keyId;
  return key ? `api key ${key.name} (${prefix})` : `api key ${prefix}`;
}
