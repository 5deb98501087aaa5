// Webhook ingest benchmark: `npm run bench:webhook -- [--duration 20] [--connections 32] ...` (see BENCHMARKS.md).
// Everything runs on this machine: a throwaway database on BENCH_DATABASE_URL (127.0.0.1), the real API as a
// child process on a free loopback port (a fresh one per HTTP scenario), and the load generators in this process.
import { startApiChild } from './lib/api-child.js';
import { checkCopy, checkLoadPhase, type CountCheck } from './lib/checks.js';
import { disturbance, formatCpu, measureCpu, type CpuShare } from './lib/cpu.js';
import { checkpoint, countRowsBySource, createBenchDatabase, createFixtures, dbActivity, formatWal, resetEventTables, serverFacts, type BenchDatabase, type DbActivity } from './lib/database.js';
import { createEventFactory, loadTemplates } from './lib/events.js';
import { describeMachine, formatMachine } from './lib/machine.js';
import { parseOptions, type BenchOptions } from './lib/options.js';
import { mainThreadProfile } from './lib/profiles.js';
import { formatTarget, resultsTable, targetLines } from './lib/report.js';
import { runCopyCeiling, type CeilingResult } from './scenarios/copy-ceiling.js';
import { prepareEventHandlerScenario, type LoadPhaseResult, type PreparedScenario } from './scenarios/event-handler.js';
import { prepareFluentdScenario } from './scenarios/fluentd.js';
import { createBenchGuard, runBench } from './lib/bench-run.js';
import { counterValue, histogramQuantile, startWorkerChild } from './lib/worker-child.js';
import type { Repositories } from '@tai/db';

const log = (line: string) => console.log(`[bench] ${line}`);
const COPY_ROWS_MIN = 50_000;
const COPY_ROWS_MAX = 300_000;

const guard = createBenchGuard();

function logProfile(label: string, dir: string, pid: number): void {
  const profile = mainThreadProfile(dir, pid);
  log(`${label}: ${profile ?? 'none written'}${profile ? `\n        summarize: npx tsx bench/cpuprofile-top.ts ${profile}` : ''}`);
}

/** Where a phase's rows go, and the row-count checks of the phases run so far. */
type PhaseTarget = { tenantId: string; sourceId: string; checks: CountCheck[]; workerPid?: number };

/**
 * One HTTP scenario against its own API child. Its bodies are already built; then: empty the event tables,
 * CHECKPOINT, start the API, measure CPU while the load runs, stop the API (SIGTERM drains the writer, so
 * every accepted event is committed), read the database's counters and check the phase's row count.
 */
async function httpPhase(opts: BenchOptions, db: BenchDatabase, scenario: PreparedScenario, target: PhaseTarget): Promise<LoadPhaseResult> {
  await resetEventTables(db.owner);
  if (!(await checkpoint(db.owner))) log('CHECKPOINT not permitted for this role; phases may pay for each other\'s checkpoints');
  const api = await startApiChild({ databaseUrl: db.url, serverEnv: opts.serverEnv, cpuProfDir: opts.cpuProfDir });
  guard.child(api.pid);
  const before: DbActivity = await dbActivity(db.owner, db.name);
  let result: LoadPhaseResult;
  let cpu: CpuShare;
  try {
    const stopCpu = measureCpu(api.pid, target.workerPid ?? null);
    result = await scenario.run(api.baseUrl);
    cpu = stopCpu();
  } finally {
    const code = await api.stop();
    guard.child(null);
    if (code !== 0) log(`api exited with ${code}:\n${api.output()}`);
    else if (api.output().trim()) log(`api output:\n${api.output().trim()}`);
  }
  const after = await dbActivity(db.owner, db.name);
  const tag = result.scenario.slice(0, 3);
  const batches = after.sourceUpdates - before.sourceUpdates;
  log(`${tag} ${formatCpu(cpu)}`);
  const disturbed = disturbance(tag, cpu);
  if (disturbed) result.notes.push(disturbed);
  log(`${tag} database: ${after.commits - before.commits} commits (${((after.commits - before.commits) / result.elapsedSeconds).toFixed(0)}/s) for ${result.requests} requests;`
    + ` ${batches} insert batches${batches > 0 ? `, ${(result.accepted / batches).toFixed(1)} events per batch` : ''}; ${formatWal(before, after, result.accepted)}`);
  if (opts.cpuProfDir) logProfile(`${tag} cpu profile`, opts.cpuProfDir, api.pid);
  const rows = (await countRowsBySource(db.client, target.tenantId)).get(target.sourceId) ?? 0;
  target.checks.push(await checkLoadPhase(db.client, target.tenantId, result, rows));
  return result;
}

type PackResult = { scenario: string; off: LoadPhaseResult; on: LoadPhaseResult; lagP50: number | null; lagP99: number | null; drainSeconds: number; evaluated: number; alerts: number };

async function setAllRules(repos: Repositories, tenantId: string, enabled: boolean): Promise<number> {
  const rules = await repos.detectionRules.list({ tenantId });
  for (const r of rules) await repos.detectionRules.setEnabled({ tenantId, ruleId: r.ruleId, enabled, updatedBy: 'bench', now: new Date() });
  return rules.length;
}

/**
 * The pack-on phase: every rule enabled and a worker child evaluating while the load runs. After the load,
 * waits for the queue to drain and reads the worker's evaluation lag histogram (commit to evaluated).
 */
async function packPhase(opts: BenchOptions, db: BenchDatabase, scenario: PreparedScenario, target: PhaseTarget): Promise<Omit<PackResult, 'scenario' | 'off'>> {
  const { tenantId } = target;
  const rules = await setAllRules(db.repos, tenantId, true);
  const worker = await startWorkerChild({ databaseUrl: db.url, nice: opts.workerNice, cpuProfDir: opts.cpuProfDir });
  guard.child(worker.pid);
  log(`pack on: ${rules} rules enabled, worker pid ${worker.pid}${opts.workerNice ? `, nice ${opts.workerNice}` : ''}`);
  try {
    const on = await httpPhase(opts, db, scenario, { ...target, workerPid: worker.pid });
    const loadEnded = Date.now();
    for (;;) {
      const { rows } = await db.owner.query<{ n: number }>('select count(*)::int as n from detection_queue');
      if (rows[0]!.n === 0 || Date.now() - loadEnded > 180_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainSeconds = (Date.now() - loadEnded) / 1000;
    const text = await (await fetch(worker.metricsUrl)).text();
    const { rows: [alerts] } = await db.owner.query<{ n: number }>('select count(*)::int as n from alerts');
    return {
      on, drainSeconds, alerts: alerts!.n,
      lagP50: histogramQuantile(text, 'tai_detection_evaluation_lag_seconds', 0.5),
      lagP99: histogramQuantile(text, 'tai_detection_evaluation_lag_seconds', 0.99),
      evaluated: counterValue(text, 'tai_detection_events_evaluated_total'),
    };
  } finally {
    const code = await worker.stop();
    guard.child(null);
    if (code !== 0) log(`worker exited with ${code}:\n${worker.output()}`);
    if (opts.cpuProfDir) logProfile('worker cpu profile', opts.cpuProfDir, worker.pid);
    await setAllRules(db.repos, tenantId, false);
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2), process.env);
  if (!opts) return 0;
  const command = `npm run bench:webhook${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

  const db = await createBenchDatabase(opts.databaseUrl);
  guard.database(db);
  try {
    const machine = describeMachine((await serverFacts(db.owner)).version);
    log(`machine: ${formatMachine(machine)}`);
    log(`command: ${command}`);
    log(`database: ${db.name}${Object.keys(opts.serverEnv).length > 0 ? `; API server env ${JSON.stringify(opts.serverEnv)}` : ''}`);
    const fixtures = await createFixtures(db.repos);
    const factory = createEventFactory(loadTemplates(), new Date(), opts.eventTimes);
    // Without --detections the tenant runs without rules, as before; with it, each HTTP scenario runs once more with the pack on (--pairs: n times each).
    await setAllRules(db.repos, fixtures.tenantId, false);
    const packs: PackResult[] = [];
    // Every load phase in the order run, for the results table.
    const phases: LoadPhaseResult[] = [];
    const checks: CountCheck[] = [];
    const target = (sourceId: string): PhaseTarget => ({ tenantId: fixtures.tenantId, sourceId, checks });

    /**
     * One scenario: its no-rules phase, then with --detections its pack-on phase, the pair `opts.pairs` times
     * (fresh bodies for each phase). Returns the first no-rules phase, which the ingest targets judge.
     */
    type Source = { sourceId: string; token: string };
    const runScenario = async (tag: string, s: {
      prepare: (token: string) => PreparedScenario | Promise<PreparedScenario>; off: Source; on: Source; summary: (r: LoadPhaseResult) => string;
    }): Promise<LoadPhaseResult> => {
      let first: LoadPhaseResult | undefined;
      const label = (scenario: string, pair: number) => (opts.pairs > 1 ? `${scenario}, pair ${pair + 1}` : scenario);
      for (let pair = 0; pair < (opts.detections ? opts.pairs : 1); pair++) {
        const off = await httpPhase(opts, db, await s.prepare(s.off.token), target(s.off.sourceId));
        first ??= off;
        phases.push({ ...off, scenario: label(off.scenario, pair) });
        log(`${tag} ${Math.round(off.eventsPerSecond)} events/s, ${s.summary(off)}, non-2xx ${off.non2xx}, errors ${off.errors}`);
        if (!opts.detections) break;
        const pack = await packPhase(opts, db, await s.prepare(s.on.token), target(s.on.sourceId));
        phases.push({ ...pack.on, scenario: label(`${pack.on.scenario}, pack on`, pair) });
        packs.push({ scenario: tag, off, ...pack });
        log(`${tag} pack on: ${Math.round(pack.on.eventsPerSecond)} events/s (${((pack.on.eventsPerSecond / off.eventsPerSecond) * 100).toFixed(0)}% of without rules)`);
      }
      return first!;
    };

    let a: LoadPhaseResult | undefined;
    let b: LoadPhaseResult | undefined;
    if (opts.scenarios.has('a')) {
      log(`(a) Event Handler pattern: ${opts.connections} connections, ${opts.durationSeconds} s`);
      a = await runScenario('(a)', {
        prepare: (token) => prepareEventHandlerScenario({ token, factory, connections: opts.connections, durationSeconds: opts.durationSeconds, budgetRate: opts.budgetRateA, log }),
        off: fixtures.eventHandler, on: fixtures.eventHandlerPack,
        summary: (r) => `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
      });
    }
    if (opts.scenarios.has('b')) {
      log(`(b) Fluentd pattern: ${opts.chunkConnections} connections, chunks of ${opts.chunkSize}, ${opts.durationSeconds} s`);
      b = await runScenario('(b)', {
        prepare: (token) => prepareFluentdScenario({
          token, factory, connections: opts.chunkConnections, chunkSize: opts.chunkSize, durationSeconds: opts.durationSeconds, budgetRate: opts.budgetRateB, log,
        }),
        off: fixtures.fluentd, on: fixtures.fluentdPack,
        summary: (r) => `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms per request`,
      });
    }

    let ceiling: CeilingResult | null = null;
    const copyNotes: string[] = [];
    if (opts.scenarios.has('c')) {
      // As many rows as the Fluentd phase stored (the figure it is compared with), within bounds that keep the run short.
      const rows = opts.copyRows || Math.min(COPY_ROWS_MAX, Math.max(b?.accepted ?? a?.accepted ?? 0, COPY_ROWS_MIN));
      log(`(c) ceiling: COPY of ${rows.toLocaleString('en-US')} rows as the owner role`);
      // Set just before the clock starts (after the CSV is built).
      const at: { start?: DbActivity; stopCpu?: () => CpuShare } = {};
      const beforeCopy = async () => {
        await resetEventTables(db.owner);
        await checkpoint(db.owner);
        at.start = await dbActivity(db.owner, db.name);
        at.stopCpu = measureCpu(null);
      };
      ceiling = await runCopyCeiling({ beforeCopy, owner: db.owner, tenantId: fixtures.tenantId, sourceId: fixtures.copy.sourceId, factory, rows, log });
      const after = await dbActivity(db.owner, db.name);
      const cpu = at.stopCpu?.();
      if (cpu) {
        log(`(c) ${formatCpu(cpu).replace('API 0%, ', '').replace('load generator', 'COPY client')}`);
        const disturbed = disturbance('(c)', cpu);
        if (disturbed) copyNotes.push(disturbed);
      }
      log(`(c) ${Math.round(ceiling.rowsPerSecond)} rows/s (${ceiling.copySeconds.toFixed(1)} s); database: ${formatWal(at.start!, after, ceiling.rows)}`);
    }

    if (ceiling) checks.push(checkCopy((await countRowsBySource(db.client, fixtures.tenantId)).get(fixtures.copy.sourceId) ?? 0, ceiling.copiedRowCount));

    console.log('');
    console.log(`Webhook ingest benchmark, ${formatMachine(machine)}`);
    console.log(`Command: ${command}`);
    console.log('');
    console.log(resultsTable(phases, ceiling));
    console.log('');
    for (const t of targetLines(a, b, ceiling)) console.log(formatTarget(t));
    const seconds = (v: number | null) => (v === null ? 'n/a' : `${(v * 1000).toFixed(0)} ms`);
    for (const scenario of [...new Set(packs.map((p) => p.scenario))]) {
      const pairs = packs.filter((p) => p.scenario === scenario);
      const shares = pairs.map((p) => p.on.eventsPerSecond / p.off.eventsPerSecond);
      const sorted = [...shares].sort((x, y) => x - y);
      // An even count takes the mean of the middle two, not the upper one.
      const median = (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
      const each = pairs.map((p, i) => `${(shares[i]! * 100).toFixed(0)}% (${Math.round(p.on.eventsPerSecond)} / ${Math.round(p.off.eventsPerSecond)} events/s)`);
      const measured = pairs.length === 1 ? each[0]! : `${(median * 100).toFixed(0)}%, the median of ${pairs.length} alternating pairs: ${each.join(', ')}`;
      console.log(formatTarget({ name: `${scenario} pack on >= 90% of no rules`, measured, pass: median >= 0.9 }));
      for (const p of pairs) {
        console.log(`      ${scenario} evaluation lag, commit to evaluated: p50 ${seconds(p.lagP50)}, p99 ${seconds(p.lagP99)} (worker histogram); ${p.evaluated.toLocaleString('en-US')} events evaluated, queue drained ${p.drainSeconds.toFixed(1)} s after the load; ${p.alerts} alerts in all`);
      }
    }
    for (const c of checks) console.log(`check ${c.line}`);
    for (const note of [...phases.flatMap((p) => p.notes), ...copyNotes]) console.log(`note  ${note}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await guard.release({ keep: Boolean(opts.keep), log });
  }
}

await runBench(main);
