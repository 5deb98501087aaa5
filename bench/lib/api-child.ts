import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const API_MAIN = 'apps/api/src/main.ts';

export type ApiChild = {
  baseUrl: string;
  pid: number;
  /** stdout and stderr so far (LOG_LEVEL=warn, so mostly empty) */
  output: () => string;
  /** SIGTERM (the API drains and exits 0, which also writes a --cpu-prof profile), SIGKILL after a grace period */
  stop: () => Promise<number | null>;
};

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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
  const port = await freeLoopbackPort();
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
  const nodeArgs = ['--import', 'tsx'];
  if (cpuProfDir) {
    mkdirSync(cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`);
  }
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, API_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d; });
  child.stderr!.on('data', (d: Buffer) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}) before it was ready:\n${out}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API was not ready within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { baseUrl, pid: child.pid!, output: () => out, stop };
}
