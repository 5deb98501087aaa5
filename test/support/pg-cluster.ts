import { execFile } from 'node:child_process';
import { appendFile, chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './processes.js';

const BIN = '/usr/lib/postgresql/15/bin';
const ENV = { PATH: `${BIN}:/usr/sbin:/usr/bin:/sbin:/bin`, LC_ALL: 'C', LC_MESSAGES: 'C' };
const run = promisify(execFile);

/** Postgres refuses root: as root, the cluster's programs run as the `postgres` system user. */
async function asPostgres(binary: string, args: string[]): Promise<void> {
  const command = path.join(BIN, binary);
  const [file, argv] = userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await run(file, argv, { env: ENV, timeout: 120_000 });
}

async function ownedTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  if (userInfo().uid === 0) {
    const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout);
    await chown(dir, await id('-u'), await id('-g'));
  }
  await chmod(dir, 0o711);
  return dir;
}

export type PgCluster = {
  port: number;
  /** a database URL on this cluster, as the superuser */
  url: (database?: string) => string;
  query: <R extends pg.QueryResultRow>(sql: string, database?: string) => Promise<R[]>;
  stop: () => Promise<void>;
};

async function cluster(dir: string, dataDir: string, port: number): Promise<PgCluster> {
  // The socket goes in our directory: the machine's own cluster owns /var/run/postgresql.
  await appendFile(path.join(dataDir, 'postgresql.conf'), `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n`);
  await asPostgres('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    query: async (sql, database) => {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', dataDir, '-w', '-t', '60', 'stop', '-m', 'fast']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A throwaway primary of our own on a spare loopback port (tests may stop it or replicate it; the machine's
 * 5432 is never touched), trust auth, replication allowed from loopback (initdb's default).
 */
export async function startPrimary(): Promise<PgCluster> {
  const dir = await ownedTempDir('tai-pg-primary-');
  const dataDir = path.join(dir, 'data');
  await asPostgres('initdb', [`--pgdata=${dataDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--no-instructions']);
  return cluster(dir, dataDir, await freePort());
}

/** A streaming hot standby of `primary`, made the way an operator makes one: pg_basebackup -R. */
export async function startReplica(primary: PgCluster): Promise<PgCluster> {
  const dir = await ownedTempDir('tai-pg-replica-');
  const dataDir = path.join(dir, 'data');
  await asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
  return cluster(dir, dataDir, await freePort());
}
