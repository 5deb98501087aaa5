import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment without any service URLs, as on a fresh machine. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'DATA_DIR', 'LOG_LEVEL']) delete env[name];
  return { ...env, ...extra };
}

export type Spawned = { child: ChildProcess; output: () => string; stdout: () => string; exited: Promise<number | null> };

/** A TypeScript entry point of this repository as a child process (`node --import tsx`), output captured. */
export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv, { nodeArgs = [] }: { nodeArgs?: string[] } = {}): Spawned {
  return spawnNode(['--import', 'tsx', ...nodeArgs, script, ...args], env);
}

/** A bundle built by `scripts/build.mjs --server` (e.g. apps/api/dist/main.js) run by plain node, as production runs it. */
export function spawnBundle(script: string, env: NodeJS.ProcessEnv, args: string[] = []): Spawned {
  return spawnNode([script, ...args], env);
}

function spawnNode(argv: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => { out += d; stdout += d; });
  child.stderr!.on('data', (d: Buffer) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, stdout: () => stdout, exited };
}

export async function waitForOutput(p: Spawned, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = p.output().match(pattern);
    if (match) return match;
    if (p.child.exitCode !== null) throw new Error(`process exited (${p.child.exitCode}) before ${pattern}:\n${p.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL after a grace period; also stops an embedded Postgres a killed process left behind. */
export async function stop(p: Spawned, dataDir?: string, graceMs = 20_000): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  const code = await p.exited;
  clearTimeout(timer);
  if (dataDir) {
    try {
      const pid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGTERM');
    } catch {
      // no pid file: Postgres is not running
    }
  }
  return code;
}

/** Polls a URL until it answers 200 (the process is up), failing early if the process exits. */
export async function waitForHttp(p: Spawned, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`process exited (${p.child.exitCode}) before ${url} answered:\n${p.output()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
