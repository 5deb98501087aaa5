import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type SecretBox = { seal: (plain: string) => string; open: (sealed: string) => string };

/**
 * AES-256-GCM for the few secrets the service must be able to read back (S3 static access keys): they
 * are stored sealed, and a database dump alone does not reveal them. Format: v1.<iv>.<tag>.<ciphertext>,
 * base64url parts; the version leaves room for key rotation.
 */
export function createSecretBox(keyBase64: string): SecretBox {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes, base64-encoded');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** A base64 string that decodes to exactly 32 bytes (for config validation). */
export const isSecretsKey = (value: string): boolean => /^[A-Za-z0-9+/]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32;
