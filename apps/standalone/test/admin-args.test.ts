import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAdminArgs, USAGE } from '../src/admin-args.js';

const TENANT = '01900000-0000-7000-8000-000000000000';

const problem = (argv: string[]): string => {
  const request = parseAdminArgs(argv);
  assert.equal(request.kind, 'misuse', `${argv.join(' ')} should be misuse`);
  return request.kind === 'misuse' ? request.message : '';
};

test('--help, -h and no arguments ask for the usage, whatever else is given', () => {
  for (const argv of [['--help'], ['-h'], [], ['create-key', '--help'], ['create-tenant', '-h', '--name', 'x']]) {
    assert.deepEqual(parseAdminArgs(argv), { kind: 'help' }, argv.join(' '));
  }
});

test('the usage names every command with its options, the environment it reads and the exit statuses', () => {
  for (const text of ['create-tenant --name <name> [--admin-email <email>]', 'create-user --tenant <tenant id> --email <email> [--role admin|analyst]',
    'create-key --tenant <tenant id> [--name <name>] [--role admin|reader]', 'DATABASE_URL', 'DATA_DIR', 'EMBEDDED_POSTGRES_PORT', '2 misuse']) {
    assert.ok(USAGE.includes(text), text);
  }
});

test('an unknown command names itself and the commands there are', () => {
  assert.match(problem(['make-tenant']), /^unknown command "make-tenant"; the commands are create-tenant, create-user, create-key\nusage: npm run admin -- <command>/);
});

test('an unknown option, a missing value or an option of another command is named, with that command\'s usage', () => {
  assert.match(problem(['create-tenant', '--nmae', 'x']), /^Unknown option '--nmae'\nusage: npm run admin -- create-tenant --name <name>/);
  assert.match(problem(['create-tenant', '--name']), /^Option '--name <value>' argument missing/);
  assert.match(problem(['create-user', '--name', 'x']), /^create-user does not take --name\nusage: npm run admin -- create-user /);
  assert.match(problem(['create-key', TENANT]), /^unexpected argument/);
});

test('a missing required option is named with what to give it', () => {
  assert.match(problem(['create-tenant']), /^--name is required: the new tenant's name/);
  assert.match(problem(['create-key']), /^--tenant is required: the tenant's id, as create-tenant printed it \(tenantId\)\nusage: npm run admin -- create-key --tenant <tenant id>/);
  assert.match(problem(['create-user', '--tenant', TENANT]), /^--email is required/);
});

test('a value of the wrong form is named with the value and what is expected', () => {
  assert.match(problem(['create-key', '--tenant', 'acme']), /^--tenant "acme" is not a tenant id/);
  assert.match(problem(['create-key', '--tenant', TENANT, '--role', 'analyst']), /^--role must be admin or reader \(got "analyst"\)/);
  assert.match(problem(['create-user', '--tenant', TENANT, '--email', 'a@b', '--role', 'reader']), /^--role must be admin or analyst/);
  assert.match(problem(['create-tenant', '--name', 'x', '--admin-email', 'nobody']), /^--admin-email "nobody" is not an email address/);
  assert.match(problem(['create-tenant', '--name', 'x'.repeat(201)]), /longer than 200/);
});

test('create-key defaults to an admin key named for the CLI', () => {
  assert.deepEqual(parseAdminArgs(['create-key', '--tenant', TENANT]), { kind: 'create-key', tenantId: TENANT, name: 'admin CLI key', role: 'admin' });
  assert.deepEqual(parseAdminArgs(['create-key', '--tenant', TENANT, '--name', ' grafana ', '--role', 'reader']), { kind: 'create-key', tenantId: TENANT, name: 'grafana', role: 'reader' });
});
