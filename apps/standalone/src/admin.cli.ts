// `npm run admin -- create-tenant --name <name>`: prints one JSON object {tenantId, apiKey} on stdout.
import { parseArgs } from 'node:util';
import { createTenantWithAdminKey } from '@tai/api';
import { ConfigError } from '@tai/core';
import { createDbClient, createRepositories, runMigrations } from '@tai/db';
import { loadStandaloneConfig } from './config.js';
import { openDatabase } from './database.js';

const USAGE = 'usage: npm run admin -- create-tenant --name <name>';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } });
if (positionals[0] !== 'create-tenant') fail(USAGE);
const name = values.name?.trim();
if (!name || name.length > 200) fail(`--name is required (1-200 characters)\n${USAGE}`);

let config;
try {
  config = loadStandaloneConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const database = await openDatabase(config, (msg) => console.error(msg));
try {
  await runMigrations({ url: database.url });
  const client = createDbClient({ url: database.url, poolMax: 1, asAppRole: true });
  try {
    const created = await createTenantWithAdminKey(createRepositories({ client }), { name });
    process.stdout.write(JSON.stringify({ tenantId: created.tenantId, tenantName: created.tenantName, apiKey: created.apiKey }) + '\n');
  } finally {
    await client.close();
  }
} finally {
  await database.stop();
}
