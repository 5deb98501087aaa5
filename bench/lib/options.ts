import { parseArgs } from 'node:util';
import type { EventTimes } from './events.js';

export type BenchOptions = {
  /** seconds of load per HTTP scenario */
  durationSeconds: number;
  /** autocannon connections for the Event Handler pattern (a) */
  connections: number;
  /** concurrent connections for the Fluentd pattern (b) */
  chunkConnections: number;
  /** events per gzip NDJSON chunk in (b) */
  chunkSize: number;
  /**
   * Events/s the pre-generated bodies of (a) and (b) are sized for. Bodies are built before timing; if a
   * scenario runs faster than this it stops early (and says so) instead of resending an event.
   */
  budgetRateA: number;
  budgetRateB: number;
  /** rows for the COPY ceiling (c); 0 = as many as (b) stored, within 50,000-300,000 */
  copyRows: number;
  /** which scenarios to run */
  scenarios: Set<'a' | 'b' | 'c'>;
  /** keep the throwaway database afterwards */
  keep: boolean;
  /** run (a) and (b) twice: without rules, then with the built-in pack on and a worker evaluating */
  detections: boolean;
  /** how the events are timed (bench/lib/events.ts) */
  eventTimes: EventTimes;
  /** with detections: how many times each scenario's two phases run, alternating; the median ratio counts */
  pairs: number;
  /** the pack-on phases' worker at this nice value (0-19): evaluation yields the CPU to ingest on shared cores */
  workerNice: number;
  /** run the API child with --cpu-prof, writing the profile under this directory (under /tmp) */
  cpuProfDir: string | null;
  /** extra environment for the API child (server-side knobs), from --server-env KEY=VALUE */
  serverEnv: Record<string, string>;
  /** where the throwaway database is created */
  databaseUrl: string;
};

const USAGE = `Usage: npm run bench:webhook -- [options]

  --duration <s>           seconds of load per HTTP scenario (default 20, at most 30)
  --connections <n>        autocannon connections, Event Handler pattern (default 32)
  --chunk-connections <n>  concurrent connections, Fluentd pattern (default 4)
  --chunk-size <n>         events per gzip NDJSON chunk (default 1000)
  --budget-rate-a <n>      events/s the pre-generated bodies of (a) are sized for (default 15000)
  --budget-rate-b <n>      the same for (b) (default 40000)
  --copy-rows <n>          rows for the COPY ceiling (default: as many as (b) stored, 50,000-300,000)
  --only <a,b,c>           scenarios to run (default a,b,c)
  --server-env K=V         extra environment for the API child; repeatable (e.g. INGEST_BATCH_MAX_ROWS=2000)
  --cpu-prof               run the API child with --cpu-prof (profile under /tmp/tai-bench-prof)
  --cpu-prof-dir <dir>     same, with the profile under <dir> (keep it outside the repository)
  --detections             run (a) and (b) twice, without rules and then with the built-in detection pack on
                           and a worker evaluating; reports the throughput ratio and evaluation lag p50/p99
  --event-times <t>        month (default): event times at random over the current month; live: within the
                           last 5 s, as a cluster emits them (alert dedup then joins bursts, as it would live)
  --pairs <n>              with --detections, run each scenario's two phases n times, alternating (default 1,
                           at most 5); the median of the n ratios is the figure, which a noisy machine moves less
  --worker-nice <n>        run that worker at nice n (0-19, default 0), as an operator would on shared cores
  --keep                   keep the throwaway database
  --help

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), a superuser or
owner role with CREATEDB. INGEST_*, DATABASE_POOL_MAX set in the environment are passed to the API child.`;

function niceValue(value: string | undefined): number {
  const n = positiveInt('worker-nice', value, 0, { allowZero: true });
  if (n > 19) throw new Error(`--worker-nice: 0-19, got ${n}`);
  return n;
}

function eventTimes(value: string | undefined): EventTimes {
  if (value === undefined || value === 'month' || value === 'live') return value ?? 'month';
  throw new Error(`--event-times: month or live, got ${JSON.stringify(value)}`);
}

function pairCount(value: string | undefined, detections: boolean): number {
  const n = positiveInt('pairs', value, 1);
  if (n > 5) throw new Error(`--pairs: at most 5, got ${n}`);
  if (n > 1 && !detections) throw new Error('--pairs needs --detections: it repeats the without-rules and pack-on phases');
  return n;
}

function positiveInt(name: string, value: string | undefined, fallback: number, { allowZero = false } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`--${name}: expected a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(value)}`);
  return n;
}

/** The benchmark only ever talks to this machine. */
function loopbackOnly(url: string): string {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new Error(`BENCH_DATABASE_URL must point at 127.0.0.1 (got host ${host})`);
  return url;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      'chunk-connections': { type: 'string' },
      'chunk-size': { type: 'string' },
      'budget-rate-a': { type: 'string' },
      'budget-rate-b': { type: 'string' },
      'copy-rows': { type: 'string' },
      only: { type: 'string' },
      'server-env': { type: 'string', multiple: true },
      'cpu-prof': { type: 'boolean' },
      'cpu-prof-dir': { type: 'string' },
      keep: { type: 'boolean' },
      detections: { type: 'boolean' },
      'worker-nice': { type: 'string' },
      pairs: { type: 'string' },
      'event-times': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return null;
  }
  const durationSeconds = positiveInt('duration', values.duration, 20);
  if (durationSeconds > 30) throw new Error('--duration: at most 30 seconds, so that a whole run stays within about two minutes');

  const scenarios = new Set<'a' | 'b' | 'c'>();
  for (const s of (values.only ?? 'a,b,c').split(',').map((x) => x.trim()).filter(Boolean)) {
    if (s !== 'a' && s !== 'b' && s !== 'c') throw new Error(`--only: unknown scenario ${JSON.stringify(s)}; expected a, b and/or c`);
    scenarios.add(s);
  }

  const serverEnv: Record<string, string> = {};
  // Server-side knobs set in the bench's own environment reach the child as well.
  for (const [name, value] of Object.entries(env)) {
    if ((name.startsWith('INGEST_') || name === 'DATABASE_POOL_MAX') && value !== undefined) serverEnv[name] = value;
  }
  for (const pair of values['server-env'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--server-env: expected KEY=VALUE, got ${JSON.stringify(pair)}`);
    serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }

  const cpuProfDir = values['cpu-prof'] || values['cpu-prof-dir'] ? values['cpu-prof-dir'] ?? '/tmp/tai-bench-prof' : null;

  return {
    durationSeconds,
    connections: positiveInt('connections', values.connections, 32),
    chunkConnections: positiveInt('chunk-connections', values['chunk-connections'], 4),
    chunkSize: positiveInt('chunk-size', values['chunk-size'], 1000),
    budgetRateA: positiveInt('budget-rate-a', values['budget-rate-a'], 15_000),
    budgetRateB: positiveInt('budget-rate-b', values['budget-rate-b'], 40_000),
    copyRows: positiveInt('copy-rows', values['copy-rows'], 0, { allowZero: true }),
    scenarios,
    keep: values.keep ?? false,
    detections: values.detections ?? false,
    eventTimes: eventTimes(values['event-times']),
    pairs: pairCount(values.pairs, values.detections ?? false),
    workerNice: niceValue(values['worker-nice']),
    cpuProfDir,
    serverEnv,
    databaseUrl: loopbackOnly(env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
  };
}
