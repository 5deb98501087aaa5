import { displayPrefix, generateSecret, sha256Hex, uuidv7 } from '@tai/core';
import type { ApiKeyRole, ApiKeyRow, Repositories } from '@tai/db';

export const presentApiKey = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.keyPrefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** Creates a key and returns its secret: the only moment it exists outside the caller's hands. */
export async function issueApiKey(
  apiKeys: Repositories['apiKeys'],
  args: { tenantId: string; name: string; role: ApiKeyRole; createdByKeyId: string | null },
) {
  const secret = generateSecret('apiKey');
  const row = await apiKeys.create({
    tenantId: args.tenantId,
    id: uuidv7(),
    name: args.name,
    role: args.role,
    keyPrefix: displayPrefix(secret),
    keyHash: sha256Hex(secret),
    createdByKeyId: args.createdByKeyId,
  });
  return { apiKey: presentApiKey(row), secret };
}
