import { randomBytes } from 'node:crypto';
import { createDbClient, createRepositories, runMigrations, type DbClient, type Repositories } from '@tai/db';
import pg from 'pg';
import { TEST_DATABASE_URL } from './env.js';

export type TestDatabase = {
  url: string;
  name: string;
  /** the app-role client: row-level security applies, as in production */
  client: DbClient;
  repos: Repositories;
  /** the owning role, for assertions the app role may not make (catalog, partitions) */
  owner: pg.Pool;
  drop: () => Promise<void>;
};

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database per test file, migrated from empty (unless `migrate: false`), dropped afterwards. */
export async function createTestDatabase({ migrate = true }: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `tai_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onServer((c) => c.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  if (migrate) await runMigrations({ url: url.toString() });
  const client = createDbClient({ url: url.toString(), poolMax: 5, asAppRole: true });
  const owner = new pg.Pool({ connectionString: url.toString(), max: 2 });
  owner.on('error', () => undefined); // idle connections killed on purpose by failure tests
  return {
    url: url.toString(),
    name,
    client,
    repos: createRepositories({ client }),
    owner,
    drop: async () => {
      await client.close();
      await owner.end();
      await onServer((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
