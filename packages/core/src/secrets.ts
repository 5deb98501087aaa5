import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Recognizable prefixes make leaked credentials easy to spot by secret scanners and people alike.
 * `tai` = Teleport audit ingest; `ak` = admin/reader API key, `wh` = webhook source token, `us` = a signed-in
 * browser's session cookie, `iv` = an invite link's token.
 */
export const SECRET_PREFIX = { apiKey: 'tai_ak_', webhookToken: 'tai_wh_', userSession: 'tai_us_', invite: 'tai_iv_' } as const;
export type SecretKind = keyof typeof SECRET_PREFIX;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 40; // 40 base62 chars ≈ 238 bits of entropy

export function generateSecret(kind: SecretKind): string {
  const bytes = randomBytes(BODY_LENGTH * 2);
  let body = '';
  // Rejection sampling keeps the alphabet uniform (256 is not a multiple of 62).
  for (const byte of bytes) {
    if (byte >= 248) continue;
    body += ALPHABET[byte % 62];
    if (body.length === BODY_LENGTH) break;
  }
  if (body.length < BODY_LENGTH) return generateSecret(kind);
  return SECRET_PREFIX[kind] + body;
}

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

const ANY_SECRET = new RegExp(`(${Object.values(SECRET_PREFIX).join('|')})[0-9A-Za-z]+`, 'g');

/** Text with every credential of ours cut to its prefix, for answers and logs that quote a URL. */
export const redactSecrets = (text: string): string => text.replace(ANY_SECRET, '$1…');

/** What may be shown about a secret after creation: its prefix and first characters. */
export const displayPrefix = (secret: string): string => secret.slice(0, SECRET_PREFIX.apiKey.length + 6);

/** Constant-time comparison of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
