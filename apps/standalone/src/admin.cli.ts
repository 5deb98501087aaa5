// Operator commands; each prints one JSON object on stdout. `npm run admin -- --help` lists them.
import { createOperatorApiKey, createTenantWithAdminKey, createUserWithPassword } from '@tai/api';
import { ConfigError, isAppError } from '@tai/core';
import { createDbClient, createRepositories, runMigrations, type Repositories } from '@tai/db';
import { parseAdminArgs, USAGE, type AdminRequest } from './admin-args.js';
import { loadStandaloneConfig } from './config.js';
import { openDatabase } from './database.js';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const print = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');

/** Runs one command; returns the exit status. A refusal (1) is said on stderr, so stdout stays JSON only. */
async function run(repos: Repositories, request: Exclude<AdminRequest, { kind: 'help' | 'misuse' }>): Promise<number> {
  const refuse = (message: string) => {
    console.error(message);
    return 1;
  };
  switch (request.kind) {
    case 'create-tenant': {
      const created = await createTenantWithAdminKey(repos, { name: request.name });
      const admin = request.adminEmail ? await createUserWithPassword(repos, { tenantId: created.tenantId, email: request.adminEmail, role: 'admin' }) : null;
      if (request.adminEmail && !admin) console.error(`${request.adminEmail} is already a user; the tenant was created without a user`);
      print({ tenantId: created.tenantId, tenantName: created.tenantName, apiKey: created.apiKey, ...(admin ? { admin: { email: admin.email, password: admin.password } } : {}) });
      return 0;
    }
    case 'create-user': {
      if (!(await repos.tenants.get({ tenantId: request.tenantId }))) return refuse(`no tenant ${request.tenantId}`);
      const user = await createUserWithPassword(repos, { tenantId: request.tenantId, email: request.email, role: request.role });
      if (!user) return refuse(`${request.email} is already a user`);
      print({ userId: user.userId, email: user.email, role: request.role, password: user.password });
      return 0;
    }
    case 'create-key': {
      const created = await createOperatorApiKey(repos, { tenantId: request.tenantId, name: request.name, role: request.role });
      if (!created) return refuse(`no tenant ${request.tenantId}`);
      print({ apiKeyId: created.apiKey.id, name: created.apiKey.name, role: created.apiKey.role, apiKey: created.secret });
      return 0;
    }
  }
}

const request = parseAdminArgs(process.argv.slice(2));
if (request.kind === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (request.kind === 'misuse') fail(request.message, 2);

let config;
try {
  config = loadStandaloneConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err), 2);
}

const database = await openDatabase(config, (msg) => console.error(msg));
let exitCode: number;
try {
  await runMigrations({ url: database.url });
  const client = createDbClient({ url: database.url, poolMax: 1, asAppRole: true });
  try {
    exitCode = await run(createRepositories({ client }), request);
  } catch (err) {
    // A refusal of ours (a tenant name taken) is the operator's to fix, not a crash: its message, no stack.
    if (!isAppError(err) || err.statusCode >= 500) throw err;
    console.error(err.message);
    exitCode = 1;
  } finally {
    await client.close();
  }
} finally {
  await database.stop();
}
process.exit(exitCode);
