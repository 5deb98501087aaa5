import { freePort } from '../../test/support/processes.js';
import { startChild, type Child } from './child.js';
import { sleep } from './run-command.js';

/**
 * Our own redis-server on a spare loopback port (never the machine's 6379), without persistence: a restart
 * loses every BullMQ job and schedule, the harshest case, which the service must survive because Postgres,
 * not Redis, is its record of pending work.
 */
export async function startChaosRedis({ log, onUnexpectedExit, logDir }: { log: (line: string) => void; onUnexpectedExit: (child: Child, how: string) => void; logDir: string | null }) {
  const port = await freePort();
  let server: Child | null = null;

  const start = async () => {
    server = startChild({
      name: 'redis',
      command: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp', '--logfile', ''],
      env: { PATH: '/usr/bin:/bin' },
      onUnexpectedExit,
      logDir,
    });
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('Ready to accept connections')) {
      if (!server.running()) throw new Error(`redis-server exited while starting:\n${server.output()}`);
      if (Date.now() > deadline) throw new Error(`redis-server not ready within 20 s:\n${server.output()}`);
      await sleep(50);
    }
  };
  await start();
  log(`redis on 127.0.0.1:${port} (no persistence)`);

  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    /** SIGTERM: with --save "" nothing is written, so the next start is empty */
    stop: async () => {
      await server?.kill('SIGTERM');
    },
    destroy: async () => {
      if (server?.running()) await server.kill('SIGKILL');
    },
  };
}

export type ChaosRedis = Awaited<ReturnType<typeof startChaosRedis>>;
