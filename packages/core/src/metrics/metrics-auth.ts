import { digestsEqual, sha256Hex } from '../secrets.js';

/**
 * Whether a scrape may read the metrics: always without a configured token, else only with
 * `Authorization: Bearer <token>`. Digests are compared so the time taken says nothing about the token.
 */
export function metricsScrapeAllowed({ authorization, token }: { authorization: string | undefined; token: string | null }): boolean {
  if (token === null) return true;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return presented !== undefined && digestsEqual(sha256Hex(presented), sha256Hex(token));
}
