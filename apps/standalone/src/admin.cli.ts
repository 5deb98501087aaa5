// Operator commands; each prints one JSON object on stdout.
//   npm run admin -- create-tenant --name <name> [--admin-email <email>]
//   npm run admin -- create-user --tenant <tenant id> --email <email> [--role admin|analyst]
import { parseArgs } from 'node:util';
import { createTenantWithAdminKey, createUserWithPassword } from '@tai/api';
import { ConfigError } from '@tai/core';
import { createDbClient, createRepositories, runMigrations, type UserRole } from '@tai/db';
import { loadStandaloneConfig } from './config.js';
import { openDatabase } from './database.js';

const USAGE = `usage: npm run admin -- create-tenant --name <name> [--admin-email <email>]
       npm run admin -- create-user --tenant <tenant id> --email <email> [--role admin|analyst]`;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, tenant: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
});
const command = positionals[0];
if (command !== 'create-tenant' && command !== 'create-user') fail(USAGE);
const name = values.name?.trim();
const adminEmail = values['admin-email']?.trim();
const email = values.email?.trim();
const role = (values.role ?? 'admin') as UserRole;
if (command === 'create-tenant') {
  if (!name || name.length > 200) fail(`--name is required (1-200 characters)\n${USAGE}`);
  if (adminEmail !== undefined && !EMAIL.test(adminEmail)) fail(`--admin-email is not an email address\n${USAGE}`);
} else {
  if (!values.tenant || !UUID.test(values.tenant)) fail(`--tenant must be a tenant id\n${USAGE}`);
  if (!email || !EMAIL.test(email)) fail(`--email must be an email address\n${USAGE}`);
  if (role !== 'admin' && role !== 'analyst') fail(`--role must be admin or analyst\n${USAGE}`);
}

let config;
try {
  config = loadStandaloneConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const database = await openDatabase(config, (msg) => console.error(msg));
let exitCode = 0;
try {
  await runMigrations({ url: database.url });
  const client = createDbClient({ url: database.url, poolMax: 1, asAppRole: true });
  const repos = createRepositories({ client });
  try {
    if (command === 'create-tenant') {
      const created = await createTenantWithAdminKey(repos, { name: name! });
      const admin = adminEmail ? await createUserWithPassword(repos, { tenantId: created.tenantId, email: adminEmail, role: 'admin' }) : null;
      if (adminEmail && !admin) console.error(`${adminEmail} is already a user; the tenant was created without a user`);
      process.stdout.write(JSON.stringify({ tenantId: created.tenantId, tenantName: created.tenantName, apiKey: created.apiKey, ...(admin ? { admin: { email: admin.email, password: admin.password } } : {}) }) + '\n');
    } else {
      if (!(await repos.tenants.get({ tenantId: values.tenant! }))) {
        console.error(`no tenant ${values.tenant}`);
        exitCode = 1;
      } else {
        const user = await createUserWithPassword(repos, { tenantId: values.tenant!, email: email!, role });
        if (!user) {
          console.error(`${email} is already a user`);
          exitCode = 1;
        } else {
          process.stdout.write(JSON.stringify({ userId: user.userId, email: user.email, role, password: user.password }) + '\n');
        }
      }
    }
  } finally {
    await client.close();
  }
} finally {
  await database.stop();
}
process.exit(exitCode);
