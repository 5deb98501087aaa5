import { execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const PGBOUNCER = '/usr/sbin/pgbouncer';
const run = promisify(execFile);

export type PgBouncer = {
  port: number;
  /** a URL of `database` through this PgBouncer, as `user` */
  url: (user: string, database: string) => string;
  /** what PgBouncer logged so far (refused logins, closed server connections) */
  log: () => string;
  stop: () => Promise<void>;
};

export type PgBouncerOptions = {
  /** the Postgres server behind it, on loopback */
  serverPort: number;
  databases: string[];
  /** the users it lets in (auth_type trust still needs them listed) */
  users: string[];
  /** server connections per database and user: few, so that clients share them */
  poolSize: number;
  ignoreStartupParameters?: string[];
};

/**
 * A PgBouncer of our own in transaction pooling mode on a spare loopback port, with a generated ini in a temp
 * directory (no unix socket: the machine's own PgBouncer, if any, keeps its paths). PgBouncer refuses to run as
 * root, so as root it runs as the `postgres` system user.
 */
export async function startPgBouncer({ serverPort, databases, users, poolSize, ignoreStartupParameters = [] }: PgBouncerOptions): Promise<PgBouncer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tai-pgbouncer-'));
  const owner = userInfo().uid === 0
    ? { uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) }
    : null;
  if (owner) await chown(dir, owner.uid, owner.gid);
  const port = await freePort();
  const ini = path.join(dir, 'pgbouncer.ini');
  await writeFile(path.join(dir, 'users.txt'), users.map((u) => `"${u}" ""\n`).join(''));
  await writeFile(ini, [
    '[databases]',
    ...databases.map((db) => `${db} = host=127.0.0.1 port=${serverPort} dbname=${db}`),
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${path.join(dir, 'users.txt')}`,
    'pool_mode = transaction',
    `default_pool_size = ${poolSize}`,
    'max_client_conn = 500',
    `logfile = ${path.join(dir, 'pgbouncer.log')}`,
    ...(ignoreStartupParameters.length > 0 ? [`ignore_startup_parameters = ${ignoreStartupParameters.join(',')}`] : []),
    '',
  ].join('\n'));

  const child = spawn(PGBOUNCER, [ini], { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d; });
  child.stderr.on('data', (d: Buffer) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!/listening on 127\.0\.0\.1/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: (user, database) => `postgres://${user}@127.0.0.1:${port}/${database}`,
    log: () => output,
    stop: async () => {
      // SIGTERM: immediate shutdown, clients and server connections closed.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
