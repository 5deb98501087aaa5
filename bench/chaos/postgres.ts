import { appendFile, chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../test/support/processes.js';
import { runCommand } from './run-command.js';

const BIN = '/usr/lib/postgresql/15/bin';
const DATABASE = 'teleport_audit';
// English messages whatever the machine's locale; no PGDATA/PGPORT of the caller's shell.
const ENV = { PATH: `${BIN}:/usr/sbin:/usr/bin:/sbin:/bin`, LC_ALL: 'C', LC_MESSAGES: 'C' };

export type StopMode = 'fast' | 'immediate';

/**
 * A throwaway Postgres cluster of our own on a spare loopback port (never the machine's 5432): initdb with
 * trust auth into a fresh temporary directory, driven by pg_ctl so the chaos scenarios can stop and
 * restart it the way an operator or a crash would. As root it runs as the `postgres` system user, since
 * Postgres refuses root (compare apps/standalone/src/embedded-postgres.ts).
 */
export async function startChaosPostgres({ log }: { log: (line: string) => void }) {
  const asRoot = userInfo().uid === 0;
  const dir = await mkdtemp(path.join(tmpdir(), 'tai-chaos-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const owner = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : null;
  if (owner) await chown(dir, owner.uid, owner.gid);
  await chmod(dir, 0o711);
  const run = (binary: string, args: string[], timeoutMs?: number) => {
    const command = path.join(BIN, binary);
    return asRoot ? runCommand('runuser', ['-u', 'postgres', '--', command, ...args], { env: ENV, timeoutMs }) : runCommand(command, args, { env: ENV, timeoutMs });
  };
  const port = await freePort();
  // Whether we believe it is up; destroy() tries a stop either way, and only a believed-up server's failure is news.
  let running = false;
  const pgCtl = (args: string[]) => run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args], 90_000);
  const start = async () => {
    await pgCtl(['start']);
    running = true;
  };
  const destroy = async () => {
    await pgCtl(['stop', '-m', 'immediate']).catch((err: unknown) => { if (running) log(`pg_ctl stop failed: ${String(err)}`); });
    running = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await initialise();
  } catch (err) {
    await destroy();
    throw err;
  }

  async function initialise() {
    await run('initdb', [`--pgdata=${dataDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--lc-messages=C', '--no-instructions']);
    // The socket goes in our directory too: the machine's own cluster owns /var/run/postgresql.
    await appendFile(path.join(dataDir, 'postgresql.conf'), [
      '', '# tai chaos', `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, '',
    ].join('\n'));
    await start();
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`create database ${DATABASE}`);
    await admin.end();
    log(`postgres 15 on 127.0.0.1:${port} (data in ${dataDir})`);
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
    port,
    start,
    /** pg_ctl stop -m fast (clients disconnected, clean shutdown) or immediate (a crash: recovery on start) */
    stop: async (mode: StopMode) => {
      await pgCtl(['stop', '-m', mode]);
      running = false;
    },
    restart: (mode: StopMode) => pgCtl(['restart', '-m', mode]),
    /** stops the cluster if it runs and removes its directory */
    destroy,
  };
}

export type ChaosPostgres = Awaited<ReturnType<typeof startChaosPostgres>>;
