import { readFileSync } from 'node:fs';
import { spawnTs, stop as stopChild } from '../../test/support/processes.js';
import { cpuProfArgs } from '../lib/api-child.js';

const WORKER_MAIN = 'apps/worker/src/main.ts';

// Variables of the calling shell that would change what the worker connects to or how it behaves.
const SCRUBBED = /^(DATABASE_URL|DATABASE_POOL_MAX|REDIS_URL|LOG_LEVEL|NODE_OPTIONS|AWS_.*|S3_.*|SQS_.*|MAINTENANCE_.*|REJECT_.*)$/;

export type WorkerChild = {
  pid: number;
  output: () => string;
  /** kB; NaN when /proc cannot be read */
  memory: () => { rssKb: number; hwmKb: number };
  /** SIGTERM (the worker drains and exits, which also writes a --cpu-prof profile), SIGKILL after a grace period */
  stop: () => Promise<number | null>;
};

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * The real worker as its own process (`node --import tsx apps/worker/src/main.ts`), jobs in-process (no
 * REDIS_URL), reading the service queue on the local AWS (fauxqs) in the bench process.
 */
export function startWorkerChild({ env: extra, cpuProfDir }: { env: Record<string, string>; cpuProfDir: string | null }): WorkerChild {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUBBED.test(k)) env[k] = v;
  // Any free metrics port: a worker already running on this machine holds the default.
  Object.assign(env, { LOG_LEVEL: 'warn', METRICS_PORT: '0', ...extra });
  const child = spawnTs(WORKER_MAIN, [], env, { nodeArgs: cpuProfArgs(cpuProfDir) });
  const pid = child.child.pid!;
  return {
    pid,
    // Without the AWS SDK's notice that later versions need Node 22 (printed once per process).
    output: () => child.output().replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?--trace-warnings \.\.\.` to show where the warning was created\)\n?/, ''),
    memory: () => ({ rssKb: statusKb(pid, 'VmRSS'), hwmKb: statusKb(pid, 'VmHWM') }),
    // A graceful stop drains the jobs and writes the --cpu-prof profile; give it time before SIGKILL.
    stop: () => stopChild(child, undefined, 30_000),
  };
}
