import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { StandaloneConfig } from './config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export type DatabaseHandle = { url: string; embedded: boolean; fresh: boolean; stop: () => Promise<void> };

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The configured DATABASE_URL, or the embedded Postgres under DATA_DIR. When another process of ours
 * (a running `npm start`) already serves the embedded database, it is reused rather than started twice.
 */
export async function openDatabase(config: StandaloneConfig, log: (msg: string) => void): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, fresh: false, stop: async () => undefined };
  const credentialsFile = path.join(config.dataDir, 'embedded-postgres.json');
  if (existsSync(credentialsFile)) {
    const { password } = JSON.parse(await readFile(credentialsFile, 'utf8')) as { password: string };
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPostgresPort}/teleport_audit`;
    if (await reachable(url)) return { url, embedded: true, fresh: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, log });
  return { url: server.url, embedded: true, fresh: server.fresh, stop: server.stop };
}
