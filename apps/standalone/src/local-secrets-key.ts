import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * For `npm start` without SECRETS_ENCRYPTION_KEY: a key of its own under DATA_DIR, made on first start and
 * reused, so S3 static access keys can be sealed on a single machine with no set-up.
 */
export async function localSecretsKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secrets.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  await writeFile(file, key + '\n', { mode: 0o600 });
  return key;
}
