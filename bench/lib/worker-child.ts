import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { freePort, spawnTs, stop as stopChild } from '../../test/support/processes.js';
import { cpuProfArgs } from './api-child.js';

const WORKER_MAIN = 'apps/worker/src/main.ts';
const SCRUBBED = ['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL', 'NODE_OPTIONS', 'METRICS_PORT', 'S3_INGEST_QUEUE_URL'];

export type WorkerChild = { pid: number; metricsUrl: string; output: () => string; stop: () => Promise<number | null> };

/** The real worker as its own process (in-process jobs, no Redis), with /metrics on a free loopback port. */
export async function startWorkerChild({ databaseUrl, nice = 0, cpuProfDir = null }: { databaseUrl: string; nice?: number; cpuProfDir?: string | null }): Promise<WorkerChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete env[name];
  Object.assign(env, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' });
  const child = spawnTs(WORKER_MAIN, [], env, { nodeArgs: cpuProfArgs(cpuProfDir) });
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`worker exited (${child.child.exitCode}):\n${child.output()}`);
    try {
      if ((await fetch(metricsUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`worker /metrics did not answer:\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // Every thread of it (Linux sets a nice value per thread); threads started later inherit it.
  if (nice > 0) for (const tid of readdirSync(`/proc/${child.child.pid}/task`)) setPriority(Number(tid), nice);
  return { pid: child.child.pid!, metricsUrl, output: child.output, stop: () => stopChild(child, undefined, 30_000) };
}

/**
 * A quantile of a Prometheus histogram from its exposition text, interpolated linearly inside the bucket
 * it falls in (as PromQL's histogram_quantile does); null without observations.
 */
export function histogramQuantile(exposition: string, metric: string, q: number): number | null {
  const buckets: Array<{ le: number; count: number }> = [];
  const pattern = new RegExp(`^${metric}_bucket\\{le="([^"]+)"\\} (\\d+(?:\\.\\d+)?)$`, 'gm');
  for (const m of exposition.matchAll(pattern)) buckets.push({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) });
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lower;
      return lower + (b.le - lower) * ((rank - below) / Math.max(1, b.count - below));
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

/** A counter's value (summed over its labels) from exposition text. */
export function counterValue(exposition: string, metric: string): number {
  let sum = 0;
  for (const m of exposition.matchAll(new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}
