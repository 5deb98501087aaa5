import { mkdirSync } from 'node:fs';
import { freePort, spawnTs, stop as stopChild, waitForHttp } from '../../test/support/processes.js';

const API_MAIN = 'apps/api/src/main.ts';
// A graceful stop drains the writer and writes the --cpu-prof profile; give it time before SIGKILL.
const STOP_GRACE_MS = 30_000;

export type ApiChild = {
  baseUrl: string;
  pid: number;
  /** stdout and stderr so far (LOG_LEVEL=warn, so mostly empty) */
  output: () => string;
  /** SIGTERM (the API drains and exits 0, which also writes a --cpu-prof profile), SIGKILL after a grace period */
  stop: () => Promise<number | null>;
};

/** `node` flags that make a child write a CPU profile into dir (created), or none. */
export function cpuProfArgs(dir: string | null): string[] {
  if (!dir) return [];
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

// Variables of the calling shell that would change what the child connects to or how it behaves.
const SCRUBBED = ['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL', 'TRUST_PROXY', 'NODE_OPTIONS'];

/**
 * The real API as its own process (`node --import tsx apps/api/src/main.ts`), so the load generator in this
 * process never shares an event loop with the server. Resolves once /readyz answers 200.
 */
export async function startApiChild({ databaseUrl, serverEnv, cpuProfDir }: {
  databaseUrl: string;
  serverEnv: Record<string, string>;
  cpuProfDir: string | null;
}): Promise<ApiChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete env[name];
  Object.assign(env, {
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    INGEST_SOURCE_RATE_LIMIT_PER_SECOND: '0',
    ...serverEnv,
  });
  const child = spawnTs(API_MAIN, [], env, { nodeArgs: cpuProfArgs(cpuProfDir) });
  const stop = () => stopChild(child, undefined, STOP_GRACE_MS);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(child, `${baseUrl}/readyz`, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, pid: child.child.pid!, output: child.output, stop };
}
