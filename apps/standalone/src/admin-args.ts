import { parseArgs } from 'node:util';

/** What the admin CLI was asked to do, decided before anything touches a database. */
export type AdminRequest =
  | { kind: 'help' }
  | { kind: 'misuse'; message: string }
  | { kind: 'create-tenant'; name: string; adminEmail: string | null }
  | { kind: 'create-user'; tenantId: string; email: string; role: 'admin' | 'analyst' }
  | { kind: 'create-key'; tenantId: string; name: string; role: 'admin' | 'reader' };

type CommandName = Exclude<AdminRequest['kind'], 'help' | 'misuse'>;

const COMMANDS: Record<CommandName, { synopsis: string; about: string; options: string[] }> = {
  'create-tenant': {
    synopsis: 'create-tenant --name <name> [--admin-email <email>]',
    about: 'A new tenant and an admin API key; with --admin-email also its first admin user, with a password. Names are unique.',
    options: ['name', 'admin-email'],
  },
  'create-user': {
    synopsis: 'create-user --tenant <tenant id> --email <email> [--role admin|analyst]',
    about: 'A dashboard user who signs in with the printed password (--role admin by default).',
    options: ['tenant', 'email', 'role'],
  },
  'create-key': {
    synopsis: 'create-key --tenant <tenant id> [--name <name>] [--role admin|reader]',
    about: 'An API key of the tenant, printed once (--role admin and --name "admin CLI key" by default).',
    options: ['tenant', 'name', 'role'],
  },
};

export const USAGE = `Operator commands of Teleport audit ingest. Each migrates the database first if needed and prints one JSON object on stdout.

usage: npm run admin -- <command> [options]

Commands:
${Object.values(COMMANDS).map((c) => `  ${c.synopsis}\n      ${c.about}`).join('\n')}
  --help, -h
      This text.

Environment (the same as npm start's):
  DATABASE_URL             postgres:// URL of the role that owns the schema; unset: the embedded Postgres of npm start under DATA_DIR
  DATA_DIR                 where npm start keeps the embedded database (default ./.data)
  EMBEDDED_POSTGRES_PORT   the embedded database's port (default 54329)
  The other settings of npm start are checked as well, so a bad value stops the command as it would stop the service.

Exit status: 0 done (or this help), 1 refused (a name or email already taken, no such tenant), 2 misuse.`;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_ID_HINT = 'the tenant\'s id, as create-tenant printed it (tenantId)';

const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(COMMANDS, name);

export function parseAdminArgs(argv: string[]): AdminRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        name: { type: 'string' }, 'admin-email': { type: 'string' }, tenant: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' },
      },
    });
  } catch (err) {
    // node's own wording ("Unknown option '--nmae'", "Option '--name <value>' argument missing") names the option.
    const command = argv.find((a) => !a.startsWith('-'));
    return misuse((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''), isCommand(command) ? command : null);
  }
  const { positionals, values } = parsed;
  if (values.help) return { kind: 'help' };
  const command = positionals[0];
  if (command === undefined) return { kind: 'help' };
  if (!isCommand(command)) return misuse(`unknown command ${JSON.stringify(command)}; the commands are ${Object.keys(COMMANDS).join(', ')}`, null);
  if (positionals.length > 1) return misuse(`unexpected argument ${JSON.stringify(positionals[1])}`, command);
  const stray = Object.keys(values).find((option) => !COMMANDS[command].options.includes(option));
  if (stray) return misuse(`${command} does not take --${stray}`, command);

  const tenant = values.tenant?.trim();
  const name = values.name?.trim();
  const email = values.email?.trim();
  switch (command) {
    case 'create-tenant': {
      const adminEmail = values['admin-email']?.trim();
      if (!name) return misuse('--name is required: the new tenant\'s name (1-200 characters)', command);
      if (name.length > 200) return misuse('--name is longer than 200 characters', command);
      if (adminEmail !== undefined && !EMAIL.test(adminEmail)) return misuse(`--admin-email ${JSON.stringify(adminEmail)} is not an email address`, command);
      return { kind: command, name, adminEmail: adminEmail ?? null };
    }
    case 'create-user': {
      if (!tenant) return misuse(`--tenant is required: ${TENANT_ID_HINT}`, command);
      if (!UUID.test(tenant)) return misuse(`--tenant ${JSON.stringify(tenant)} is not a tenant id; expected ${TENANT_ID_HINT}`, command);
      if (!email) return misuse('--email is required: the address the user signs in with', command);
      if (!EMAIL.test(email)) return misuse(`--email ${JSON.stringify(email)} is not an email address`, command);
      const role = values.role ?? 'admin';
      if (role !== 'admin' && role !== 'analyst') return misuse(`--role must be admin or analyst (got ${JSON.stringify(role)})`, command);
      return { kind: command, tenantId: tenant, email, role };
    }
    case 'create-key': {
      if (!tenant) return misuse(`--tenant is required: ${TENANT_ID_HINT}`, command);
      if (!UUID.test(tenant)) return misuse(`--tenant ${JSON.stringify(tenant)} is not a tenant id; expected ${TENANT_ID_HINT}`, command);
      if (name !== undefined && (name.length === 0 || name.length > 200)) return misuse('--name must be 1-200 characters', command);
      const role = values.role ?? 'admin';
      if (role !== 'admin' && role !== 'reader') return misuse(`--role must be admin or reader (got ${JSON.stringify(role)})`, command);
      return { kind: command, tenantId: tenant, name: name ?? 'admin CLI key', role };
    }
  }
}

/** The problem, then the one command's usage (or a pointer to all of them), so the fix is on screen. */
function misuse(problem: string, command: CommandName | null): AdminRequest {
  const usage = command ? `usage: npm run admin -- ${COMMANDS[command].synopsis}` : 'usage: npm run admin -- <command> [options]';
  return { kind: 'misuse', message: `${problem}\n${usage}\n(npm run admin -- --help lists every command, its options and the environment it reads)` };
}
