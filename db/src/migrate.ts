import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/**
 * The repository's migrations/ folder, found upwards from this module: it is db/src/migrate.ts when run from
 * source and a bundle such as apps/api/dist/main.js in production, at different depths.
 */
function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations');
    if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no migrations/meta/_journal.json above ${from}`);
  }
}

export const MIGRATIONS_DIR = findMigrationsDir(path.dirname(fileURLToPath(import.meta.url)));

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
