// A worker thread of the search bench's seeding: makes realistic Teleport traffic for one tenant over a time
// window (test/support/teleport-scenario.ts), normalizes it with the real normalizer, and hands CSV chunks for
// COPY back to the main thread. Deterministic for its seed.
import { parentPort, workerData } from 'node:worker_threads';
import { normalizeEvent } from '@tai/core';
import { accessRequestLife, certCreate, dbQuery, kubeRequest, login, prng, sshSession, uuidFrom, type ScenarioEvent, type ScenarioOptions } from '../../test/support/teleport-scenario.js';
import { eventCsvLine } from './event-csv.js';

export type SeedJob = { tenantId: string; sourceId: string; cluster: string; fromMs: number; toMs: number; events: number; seed: number; users: number; nodes: number };
export type SeedMessage = { kind: 'chunk'; csv: string; rows: number } | { kind: 'done'; rows: number };

const CHUNK_ROWS = 5_000;

function* traffic(job: SeedJob): Generator<ScenarioEvent[]> {
  const rng = prng(job.seed);
  const users = Array.from({ length: job.users }, (_, i) => `user${String(i).padStart(4, '0')}`);
  const nodes = Array.from({ length: job.nodes }, (_, i) => `${i % 3 === 0 ? 'prod' : i % 3 === 1 ? 'stg' : 'dev'}-node-${String(i).padStart(4, '0')}`);
  const o: ScenarioOptions = { rng, cluster: job.cluster, users, nodes };
  // One unit makes about 9.4 events on average (measured); units are spread evenly over the window, in time
  // order, and the job stops at its count.
  const units = Math.ceil(job.events / 9);
  const step = (job.toMs - job.fromMs) / units;
  let made = 0;
  for (let u = 0; u < units && made < job.events; u++) {
    const ms = Math.floor(job.fromMs + u * step + rng.next() * step);
    const user = rng.skewed(users);
    const roll = rng.next();
    let out: ScenarioEvent[];
    if (roll < 0.45) {
      out = sshSession(o, { startMs: ms, user, node: rng.skewed(nodes), login: rng.next() < 0.3 ? 'root' : user, commands: 2 + rng.int(6), joiner: rng.next() < 0.05 ? rng.pick(users) : null });
    } else if (roll < 0.7) {
      out = [login(o, { ms, user, success: rng.next() > 0.06, ip: rng.next() < 0.9 ? `10.${rng.int(8)}.${rng.int(256)}.${rng.int(256)}` : `203.0.113.${rng.int(256)}` }), certCreate(o, { ms: ms + 1_000, user, ttlHours: rng.next() < 0.02 ? 720 : 12 })];
    } else if (roll < 0.85) {
      const kube = `eks-${rng.int(6)}`;
      out = Array.from({ length: 4 + rng.int(16) }, (_, i) => kubeRequest(o, { ms: ms + i * 2_000, user, kubeCluster: kube, verb: rng.pick(['get', 'list', 'watch', 'exec', 'delete']) }));
    } else if (roll < 0.99) {
      out = Array.from({ length: 3 + rng.int(10) }, (_, i) => dbQuery(o, { ms: ms + i * 1_500, user, db: `db-${rng.int(20)}`, statement: rng.pick(['SELECT * FROM orders WHERE id = $1', 'UPDATE accounts SET plan = $1 WHERE id = $2', 'DELETE FROM sessions WHERE expires < now()', 'SELECT count(*) FROM users']) }));
    } else {
      const requestId = uuidFrom(rng);
      out = [
        ...accessRequestLife(o, { ms, requestId, user, reviewer: rng.next() < 0.1 ? user : rng.pick(users), roles: [rng.pick(['admin', 'db-admin', 'kube-admin'])], expire: rng.next() < 0.5 }),
        ...sshSession(o, { startMs: ms + 120_000, user, node: rng.skewed(nodes), login: 'root', commands: 3, requestId }),
        ...Array.from({ length: 3 }, (_, i) => kubeRequest(o, { ms: ms + 200_000 + i * 1_000, user, kubeCluster: 'eks-prod', verb: 'exec', requestId })),
      ];
    }
    made += out.length;
    yield out;
  }
}

const job = workerData as SeedJob;
const receivedAt = new Date();
let lines: string[] = [];
let total = 0;
// Each chunk waits for the main thread's acknowledgement, so a slow COPY holds the generator back instead of
// gigabytes of CSV piling up in messages.
const acknowledged = () => new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
async function flush(): Promise<void> {
  if (lines.length === 0) return;
  const ack = acknowledged();
  parentPort!.postMessage({ kind: 'chunk', csv: lines.join(''), rows: lines.length } satisfies SeedMessage);
  total += lines.length;
  lines = [];
  await ack;
}
for (const events of traffic(job)) {
  for (const raw of events) {
    const result = normalizeEvent(raw, { receivedAt });
    if (result.ok) lines.push(eventCsvLine(job.tenantId, job.sourceId, result.event));
  }
  if (lines.length >= CHUNK_ROWS) await flush();
}
await flush();
parentPort!.postMessage({ kind: 'done', rows: total } satisfies SeedMessage);
