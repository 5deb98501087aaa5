import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any fixed number works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_ID = 7_362_019_001;

/**
 * Applies pending migrations as the connecting (owner) role. An advisory lock serializes concurrent starts
 * (api and worker booting together), so each migration runs exactly once.
 */
export async function runMigrations({ url }: { url: string }): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'teleport-audit-ingest-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
