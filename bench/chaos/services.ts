import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../test/support/processes.js';
import { startChild, type Child } from './child.js';
import { runCommand, sleep } from './run-command.js';

const ENTRIES = {
  api: { built: 'apps/api/dist/main.js', source: 'apps/api/src/main.ts' },
  worker: { built: 'apps/worker/dist/main.js', source: 'apps/worker/src/main.ts' },
  admin: { built: 'apps/standalone/dist/admin.js', source: 'apps/standalone/src/admin.cli.ts' },
} as const;

/**
 * The one switch between the production build and the sources: `node --enable-source-maps <dist>` when
 * the bundle exists (the Dockerfile's command), else `node --import tsx <src>`.
 */
export function serviceEntry(entry: keyof typeof ENTRIES): { args: string[]; label: string } {
  const { built, source } = ENTRIES[entry];
  if (existsSync(path.join(REPO_ROOT, built))) return { args: ['--enable-source-maps', built], label: `node --enable-source-maps ${built}` };
  return { args: ['--import', 'tsx', source], label: `node --import tsx ${source}` };
}

/** Builds the server bundles first when the repository has a build script, so the run tests what ships. */
export async function buildIfPossible(log: (line: string) => void): Promise<void> {
  const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (!scripts.build) return;
  log('npm run build -- --server');
  await runCommand('npm', ['run', 'build', '--', '--server'], { timeoutMs: 300_000 });
}

// Variables of the calling shell that would change what a child connects to or how it behaves.
const SCRUBBED = /^(DATABASE_.*|REDIS_URL|PORT|HOST|PUBLIC_URL|LOG_LEVEL|NODE_OPTIONS|AWS_.*|S3_.*|SQS_.*|INGEST_.*|MAINTENANCE_.*|REJECT_.*|TRUST_PROXY)$/;

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUBBED.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export type ServiceOptions = {
  env: Record<string, string>;
  onUnexpectedExit: (child: Child, how: string) => void;
  logDir: string | null;
};

/** The API as a real process; resolves once /readyz answers 200 (it migrates before it listens). */
export async function startApiProcess({ env, onUnexpectedExit, logDir, baseUrl }: ServiceOptions & { baseUrl: string }): Promise<Child> {
  const child = startChild({ name: 'api', command: process.execPath, args: serviceEntry('api').args, env: childEnv(env), onUnexpectedExit, logDir });
  await waitUntil(child, async () => {
    try {
      return (await fetch(`${baseUrl}/readyz`)).status === 200;
    } catch {
      return false;
    }
  }, `${baseUrl}/readyz`);
  return child;
}

/** The worker as a real process; resolves once it logs that it started (its pollers and schedules are up). */
export async function startWorkerProcess({ env, onUnexpectedExit, logDir }: ServiceOptions): Promise<Child> {
  const child = startChild({ name: 'worker', command: process.execPath, args: serviceEntry('worker').args, env: childEnv(env), onUnexpectedExit, logDir });
  await waitUntil(child, async () => child.output().includes('"msg":"worker started"'), 'the worker to start');
  return child;
}

async function waitUntil(child: Child, probe: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (!child.running()) throw new Error(`${child.name} exited before ${what}:\n${child.output()}`);
    if (Date.now() > deadline) {
      await child.kill('SIGKILL');
      throw new Error(`timed out waiting for ${what}:\n${child.output()}`);
    }
    await sleep(100);
  }
}
