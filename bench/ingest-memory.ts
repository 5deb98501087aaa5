// Ingest memory benchmark: `npm run bench:memory -- [--budget-mib 256] [--keep]` (see BENCHMARKS.md).
// The real API as a child process; many large bodies at once; the child's peak RSS (VmHWM) against the
// documented bound for its INGEST_MEMORY_BUDGET_BYTES. Loopback only, bounded in count and time.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startApiChild } from './lib/api-child.js';
import { createBenchGuard, runBench } from './lib/bench-run.js';
import { countRowsBySource, createBenchDatabase, createFixtures, serverFacts } from './lib/database.js';
import { createEventFactory, loadTemplates } from './lib/events.js';
import { describeMachine, formatMachine } from './lib/machine.js';

const log = (line: string) => console.log(`[bench] ${line}`);
const MIB = 1024 * 1024;
const guard = createBenchGuard();

/** Resident set now and at its peak, from /proc (Linux). */
function memoryOf(pid: number): { rssMib: number; peakMib: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMib: kib('VmRSS') / 1024, peakMib: kib('VmHWM') / 1024 };
}

type Body = { body: Buffer; headers: Record<string, string>; events: number };
/** `retry`: post again after a 503 (honouring Retry-After, at most 1 s here) until 200, as real senders do. */
type Scenario = { name: string; concurrency: number; bodies: Body[]; retry: boolean };

/** Bodies that inflate a thousandfold: one event repeated (duplicates), as a careless or hostile sender might. */
function gzipBombs(count: number, templates: ReturnType<typeof loadTemplates>): Body[] {
  const line = JSON.stringify({ ...templates[0], uid: 'repeated', time: '2026-01-01T00:00:00Z' });
  const ndjson = Buffer.from(`${line}\n`.repeat(Math.floor((31 * MIB) / (line.length + 1))));
  const body = gzipSync(ndjson, { level: 9 });
  return Array.from({ length: count }, () => ({ body, headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, events: 1 }));
}

/** JSON arrays of about 13 MB of distinct realistic events, as Fluent Bit or Vector might batch them. */
function largeArrays(count: number, templates: ReturnType<typeof loadTemplates>): Body[] {
  const factory = createEventFactory(templates);
  return Array.from({ length: count }, () => {
    const events: unknown[] = [];
    let bytes = 0;
    while (bytes < 13 * MIB) {
      const { event } = factory.next();
      bytes += JSON.stringify(event).length + 1;
      events.push(event);
    }
    return { body: Buffer.from(JSON.stringify(events)), headers: { 'content-type': 'application/json' }, events: events.length };
  });
}

async function runScenario(baseUrl: string, token: string, scenario: Scenario) {
  const statuses = new Map<number, number>();
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < scenario.bodies.length) {
      const { body, headers } = scenario.bodies[next++]!;
      for (;;) {
        const res = await fetch(`${baseUrl}/v1/ingest/teleport/${token}`, { method: 'POST', body, headers });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 503 || !scenario.retry) break;
        await new Promise((r) => setTimeout(r, Math.min(1_000, Number(res.headers.get('retry-after') ?? 1) * 1000)));
      }
    }
  };
  await Promise.all(Array.from({ length: scenario.concurrency }, worker));
  return { statuses, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'budget-mib': { type: 'string', default: '512' }, concurrency: { type: 'string', default: '32' }, only: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const budgetMib = Number(values['budget-mib']);
  const concurrency = Number(values.concurrency);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await createBenchDatabase(databaseUrl);
  guard.database(db);
  log(formatMachine(describeMachine((await serverFacts(db.owner)).version)));
  const templates = loadTemplates();
  const fixtures = await createFixtures(db.repos);
  const scenarios: Scenario[] = [
    { name: `gzip 31 KB -> 31 MB NDJSON, ${concurrency} at once, no retries`, concurrency, bodies: gzipBombs(concurrency, templates), retry: false },
    { name: `JSON arrays of 13 MB, ${concurrency} at once, retried until stored`, concurrency, bodies: largeArrays(concurrency, templates), retry: true },
  ].filter((s) => !values.only || s.name.includes(values.only));
  let failed = 0;
  for (const scenario of scenarios) {
    const api = await startApiChild({ databaseUrl: db.url, serverEnv: { INGEST_MEMORY_BUDGET_BYTES: String(budgetMib * MIB) }, cpuProfDir: null });
    guard.child(api.pid);
    try {
      const before = memoryOf(api.pid);
      // Each scenario posts to a source of its own, so its rows can be counted alone.
      const source = scenario.retry ? fixtures.fluentd : fixtures.eventHandler;
      const { statuses, seconds } = await runScenario(api.baseUrl, source.token, scenario);
      const after = memoryOf(api.pid);
      if (scenario.retry) {
        const sent = scenario.bodies.reduce((n, b) => n + b.events, 0);
        const stored = (await countRowsBySource(db.client, fixtures.tenantId)).get(source.sourceId) ?? 0;
        log(`${scenario.name}: ${stored} of ${sent} events stored`);
        if (stored < sent) failed++;
      }
      const growth = after.peakMib - before.rssMib;
      const ratio = growth / budgetMib;
      log(`${scenario.name}: ${[...statuses].map(([s, n]) => `${n}x${s}`).join(' ')} in ${seconds.toFixed(1)} s; RSS ${before.rssMib.toFixed(0)} MiB at rest, peak ${after.peakMib.toFixed(0)} MiB: +${growth.toFixed(0)} MiB = ${ratio.toFixed(2)}x the ${budgetMib} MiB budget`);
      if (ratio > 1) failed++;
    } finally {
      await api.stop();
      guard.child(null);
    }
  }
  await guard.release({ keep: values.keep ?? false, log });
  return failed > 0 ? 1 : 0;
}

void runBench(main);
