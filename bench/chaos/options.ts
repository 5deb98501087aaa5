import { parseArgs } from 'node:util';

export const SCENARIO_IDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** How big and long each scenario is: the full run proves more, --short fits in CI. */
export type Size = {
  mode: 'full' | 'short';
  /** webhook load: Event Handler events per second, Fluentd events per second */
  eventHandlerPerSecond: number;
  fluentdPerSecond: number;
  /** seconds of steady load per webhook scenario; the fault comes at faultAtSeconds into it */
  loadSeconds: number;
  faultAtSeconds: number;
  /** seconds Postgres stays down in (d), Redis in (c) */
  postgresHoldSeconds: number;
  redisHoldSeconds: number;
  /** pg_ctl restart modes in (b) */
  restartModes: Array<'fast' | 'immediate'>;
  /** S3 objects and events in each, for (c) and (e) */
  s3Objects: number;
  s3EventsPerObject: number;
  /** after the load, how long senders may keep retrying and objects may take */
  settleSeconds: number;
};

const FULL: Size = {
  mode: 'full', eventHandlerPerSecond: 250, fluentdPerSecond: 150, loadSeconds: 30, faultAtSeconds: 8,
  postgresHoldSeconds: 20, redisHoldSeconds: 10, restartModes: ['fast', 'immediate'], s3Objects: 6, s3EventsPerObject: 20_000, settleSeconds: 150,
};
const SHORT: Size = {
  mode: 'short', eventHandlerPerSecond: 200, fluentdPerSecond: 100, loadSeconds: 8, faultAtSeconds: 3,
  postgresHoldSeconds: 5, redisHoldSeconds: 5, restartModes: ['fast', 'immediate'], s3Objects: 3, s3EventsPerObject: 10_000, settleSeconds: 120,
};

export const USAGE = `Usage: npm run chaos -- [--short] [--only a,c] [--logs <dir>]

Fault injection against a stack of its own (Postgres, Redis, fauxqs, the API and the worker as processes),
loopback only, bounded in time; proves that no accepted event is lost or stored twice.

  --short      every scenario, smaller and with shorter outages (for CI, about 2 minutes)
  --only <ids> run only these scenarios, e.g. a,c:
                 a  kill -9 the API and restart it
                 b  restart Postgres (pg_ctl restart -m fast, then -m immediate)
                 c  stop Redis for a while and start it again (empty)
                 d  hold Postgres down, then start it
                 e  kill -9 the worker in the middle of an S3 object
                 f  SIGTERM the API under load, then start it again
  --logs <dir> also write every process's whole output to <dir> (kept; by default only tails are shown, on failure)
  --help

Exit code 0 when every scenario passed, 1 when one lost, duplicated or never got an event accepted (or
answered outside the contract, or a process crashed), 2 when the run itself failed.`;

export function parseChaosOptions(argv: string[]): { size: Size; only: ScenarioId[]; logDir: string | null } | null {
  const { values } = parseArgs({
    args: argv, strict: true, allowPositionals: false,
    options: { short: { type: 'boolean' }, only: { type: 'string' }, logs: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return null;
  const only = values.only === undefined ? [...SCENARIO_IDS] : values.only.split(',').map((s) => s.trim().toLowerCase());
  const unknown = only.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id));
  if (unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ')} (expected some of ${SCENARIO_IDS.join(',')})`);
  return { size: values.short ? SHORT : FULL, only: only as ScenarioId[], logDir: values.logs ?? null };
}
