import { digestsEqual, SECRET_PREFIX, sha256Hex } from '@tai/core';
import type { Repositories, SourceRow } from '@tai/db';

/**
 * The webhook source a token belongs to, or null. The token is looked up by its hash (so the database never
 * compares secrets), the match is confirmed in constant time, and a rotated-out token counts only until
 * its overlap window ends.
 */
export async function findSourceByWebhookToken(
  { sources, now }: { sources: Pick<Repositories['sources'], 'findByTokenHash'>; now: () => Date },
  token: string,
): Promise<SourceRow | null> {
  if (!token.startsWith(SECRET_PREFIX.webhookToken) || token.length > 128) return null;
  const hash = sha256Hex(token);
  const source = await sources.findByTokenHash({ tokenHash: hash });
  if (!source || source.type !== 'teleport_webhook') return null;
  if (source.tokenHash && digestsEqual(source.tokenHash, hash)) return source;
  const previousValid = source.previousTokenHash && source.previousTokenExpiresAt && source.previousTokenExpiresAt > now();
  if (previousValid && digestsEqual(source.previousTokenHash!, hash)) return source;
  return null;
}
