import type { ChaosEvents } from './events.js';
import type { ScenarioId, Size } from './options.js';
import type { GroupResult, ScenarioResult } from './report.js';
import { sleep } from './run-command.js';
import { notifyS3Load, prepareS3Load, settleS3Load, type S3Load } from './s3-load.js';
import type { ChaosStack } from './stack.js';
import { objectInProgress, objectsBySource } from './stored.js';
import { startWebhookLoad } from './webhook-load.js';

export type ScenarioContext = { stack: ChaosStack; size: Size; events: ChaosEvents; log: (line: string) => void };

const secondsSince = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** The fault: what it did, one line each (a thrown error fails the scenario but the load still settles). */
type Fault = (ctx: ScenarioContext) => Promise<string[]>;

/**
 * A scenario on the webhook path: steady load, the fault at faultAtSeconds, then the senders finish
 * (every event answered 200, or the deadline) and their events are counted in the table.
 */
async function webhookScenario(ctx: ScenarioContext, { id, title, holdSeconds = 0, fault, s3 }: {
  id: string; title: string; holdSeconds?: number; fault: Fault;
  /** S3 objects notified just before the fault, settled with the rest */
  s3?: { objects: number; eventsPerObject: number };
}): Promise<ScenarioResult> {
  const { stack, size, events, log } = ctx;
  const started = Date.now();
  const deadline = started + (size.loadSeconds + holdSeconds + size.settleSeconds) * 1000;
  log(`(${id}) ${title}`);
  const prepared = s3 ? await prepareS3Load(stack, { name: `chaos-${id.replace(/\W/g, '')}-s3`, events, ...s3 }) : null;
  const load = await startWebhookLoad(stack, { name: `chaos-${id.replace(/\W/g, '')}`, events, size, deadline });
  const notes: string[] = [];
  const problems: string[] = [];
  await sleep(size.faultAtSeconds * 1000);
  let s3Load: S3Load | null = null;
  try {
    if (prepared) {
      s3Load = await notifyS3Load(stack, prepared);
      await jobsQueued(stack, s3Load);
    }
    notes.push(...await fault(ctx));
  } catch (err) {
    problems.push(`the fault step failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const groups: GroupResult[] = await load.settle();
  if (s3Load) {
    const settled = await settleS3Load(stack, s3Load, deadline);
    groups.push({ sender: `s3 (${s3Load.uploaded.length} Parquet objects)`, tally: settled.tally });
    notes.push(...settled.notes);
  }
  problems.push(...stack.takeCrashes());
  return { id, title, groups, notes, problems, seconds: (Date.now() - started) / 1000 };
}

/**
 * Until the worker has taken every notification off SQS (it deletes a message only once its objects are
 * registered and their jobs queued): from then on the jobs live only in Redis and in the object rows.
 */
async function jobsQueued(stack: ChaosStack, load: S3Load): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { byStatus } = await objectsBySource(stack.owner, load.sourceId);
    const registered = Object.values(byStatus).reduce((n, c) => n + c, 0);
    if (registered === load.uploaded.length && stack.channel.queueDepth() === 0) return;
    if (Date.now() > deadline) throw new Error(`the worker had not taken the notifications within 60 s (${registered} objects registered)`);
    await sleep(50);
  }
}

const restartApi = async ({ stack }: ScenarioContext, signal: 'SIGKILL' | 'SIGTERM'): Promise<string[]> => {
  const exit = await stack.api().kill(signal);
  const down = Date.now();
  await stack.startApi();
  return [
    `api ${signal}: exited ${exit.signal ? `by ${exit.signal}` : `with code ${exit.code}`} ${(exit.ms / 1000).toFixed(1)} s after the signal; a new api answered /readyz ${secondsSince(down)} later`,
  ];
};

type Step = (ctx: ScenarioContext) => Promise<ScenarioResult>;

/** Each scenario's phases, one result each; (b) restarts Postgres once per mode. */
const SCENARIOS: Record<ScenarioId, (size: Size) => Step[]> = {
  a: () => [(ctx) => webhookScenario(ctx, { id: 'a', title: 'kill -9 the API and restart it', fault: (c) => restartApi(c, 'SIGKILL') })],

  b: (size) => size.restartModes.map((mode): Step => (ctx) => webhookScenario(ctx, {
    id: `b ${mode}`, title: `pg_ctl restart -m ${mode} under load`,
    fault: async ({ stack }) => {
      const t = Date.now();
      await stack.postgres.restart(mode);
      return [`postgres restarted (-m ${mode}) in ${secondsSince(t)}`];
    },
  })),

  c: (size) => [(ctx) => webhookScenario(ctx, {
    id: 'c', title: `stop Redis for ${size.redisHoldSeconds} s (its jobs lost), start it empty`, holdSeconds: size.redisHoldSeconds,
    s3: { objects: size.s3Objects, eventsPerObject: size.s3EventsPerObject },
    fault: async ({ stack }) => {
      await stack.redis.stop();
      await sleep(size.redisHoldSeconds * 1000);
      await stack.redis.start();
      return [`redis stopped (SIGTERM, no persistence) for ${size.redisHoldSeconds} s while S3 objects were in flight, then started empty`];
    },
  })],

  d: (size) => [(ctx) => webhookScenario(ctx, {
    id: 'd', title: `hold Postgres down for ${size.postgresHoldSeconds} s`, holdSeconds: size.postgresHoldSeconds,
    fault: async ({ stack }) => {
      await stack.postgres.stop('fast');
      await sleep(size.postgresHoldSeconds * 1000);
      const t = Date.now();
      await stack.postgres.start();
      return [`postgres stopped (-m fast), held down ${size.postgresHoldSeconds} s, started in ${secondsSince(t)}`];
    },
  })],

  e: () => [workerKillScenario],

  f: () => [(ctx) => webhookScenario(ctx, { id: 'f', title: 'SIGTERM the API under load, start it again', fault: (c) => restartApi(c, 'SIGTERM') })],
};

/** (e): S3 objects only; the worker is killed once an object has committed part of its events. */
async function workerKillScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { stack, size, events, log } = ctx;
  const id = 'e';
  const title = 'kill -9 the worker in the middle of an S3 object';
  const started = Date.now();
  log(`(${id}) ${title}`);
  const notes: string[] = [];
  const problems: string[] = [];
  const prepared = await prepareS3Load(stack, { name: 'chaos-e-s3', events, objects: size.s3Objects, eventsPerObject: size.s3EventsPerObject });
  const load = await notifyS3Load(stack, prepared);
  const deadline = Date.now() + size.settleSeconds * 1000;
  try {
    const waitUntil = Date.now() + 60_000;
    while (!(await objectInProgress(stack.owner, load.sourceId))) {
      if (Date.now() > waitUntil) throw new Error('no object was in progress within 60 s');
      await sleep(20);
    }
    const exit = await stack.worker().kill('SIGKILL');
    const t = Date.now();
    await stack.startWorker();
    notes.push(`worker SIGKILLed (${exit.signal}) with an object part-way; a new worker started in ${secondsSince(t)}`);
  } catch (err) {
    problems.push(`the fault step failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const settled = await settleS3Load(stack, load, deadline);
  notes.push(...settled.notes);
  problems.push(...stack.takeCrashes());
  return { id, title, groups: [{ sender: `s3 (${load.uploaded.length} Parquet objects)`, tally: settled.tally }], notes, problems, seconds: (Date.now() - started) / 1000 };
}

/** The phases of the chosen scenarios, in order; each runs on the same stack and yields one result. */
export const planScenarios = (ids: readonly ScenarioId[], size: Size): Step[] => ids.flatMap((id) => SCENARIOS[id](size));
