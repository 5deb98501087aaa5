// Detection evaluation cost per event against ingest cost per event, in one run on one database.
// Usage: npm run bench:detections -- [--events 40000] [--batch 1000] [--keep] [--cpu-prof <file>]
// (BENCH_DATABASE_URL, as the other benches; default postgres://postgres@127.0.0.1:5432/postgres)
// --cpu-prof writes a V8 profile of the evaluation phase alone (read it with bench/cpuprofile-top.ts).
// Ingest: the corpus-shaped events committed in batches through the repository the API's writer uses
// (partitions, insert, the screen that queues what some enabled rule can match). Evaluation: the worker's own
// batch evaluation over the queue that left, with the whole built-in pack on. CPU is counted for this process and
// every postgres process, so the ratios are what evaluation costs per event it evaluates, and what it adds to
// storing all of them; the machine's other load shows as disturbance.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { normalizeEvent, type NormalizedEvent } from '@tai/core';
import { createBenchDatabase, createFixtures, serverFacts } from './lib/database.js';
import { createBenchGuard, runBench } from './lib/bench-run.js';
import { describeMachine, formatMachine } from './lib/machine.js';
import type { EvaluationUnit } from '@tai/db';
import { createEventFactory, loadTemplates } from './lib/events.js';
import { disturbance, measureCpu, type CpuShare } from './lib/cpu.js';
import { createRuleCompiler, evaluateTenantBatch } from '../apps/worker/src/detections/evaluate-tenant-batch.js';

const guard = createBenchGuard();
const log = (msg: string) => console.error(`[bench] ${msg}`);

type Phase = { seconds: number; cpu: CpuShare; events: number };
/** CPU microseconds per event of a share of a core (percent) over the phase. */
const microsPerEvent = (p: Phase, pct: number) => (pct / 100) * p.seconds * 1e6 / p.events;
/** This process plus postgres: the parts the phase spends. */
const perEvent = (p: Phase) => microsPerEvent(p, p.cpu.loadGeneratorPct + p.cpu.postgresPct);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { events: { type: 'string' }, batch: { type: 'string' }, keep: { type: 'boolean' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('usage: npm run bench:detections -- [--events 40000] [--batch 1000] [--keep] [--cpu-prof evaluation.cpuprofile]');
    return 0;
  }
  const total = Number(values.events ?? 40_000);
  const batch = Number(values.batch ?? 1_000);
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await createBenchDatabase(serverUrl);
  guard.database(db);
  try {
    const machine = formatMachine(describeMachine((await serverFacts(db.owner)).version));
    log(`machine: ${machine}`);
    const fixtures = await createFixtures(db.repos);
    const { tenantId } = fixtures;
    const rules = await db.repos.detectionRules.list({ tenantId });
    for (const r of rules) await db.repos.detectionRules.setEnabled({ tenantId, ruleId: r.ruleId, enabled: true, updatedBy: 'bench', now: new Date() });
    const factory = createEventFactory(loadTemplates());
    const receivedAt = new Date();
    const batches: NormalizedEvent[][] = [];
    for (let done = 0; done < total; done += batch) {
      const events: NormalizedEvent[] = [];
      for (let i = 0; i < Math.min(batch, total - done); i++) {
        const normalized = normalizeEvent(factory.next().event, { receivedAt });
        if (normalized.ok) events.push(normalized.event);
      }
      batches.push(events);
    }
    const events = batches.reduce((n, b) => n + b.length, 0);
    log(`${rules.length} rules enabled; ${events.toLocaleString('en-US')} events in batches of ${batch}`);

    // Ingest: the repository call the API's event writer makes, one batch at a time.
    let started = performance.now();
    let stop = measureCpu(null);
    for (const b of batches) await db.repos.auditEvents.commitBatch({ tenantId, items: [{ sourceId: fixtures.fluentd.sourceId, events: b }], receivedAt });
    const ingest: Phase = { seconds: (performance.now() - started) / 1000, cpu: stop(), events };
    // Ingest queues only the events some enabled rule can match (its screen), so fewer than it stored.
    const { rows: [queue] } = await db.owner.query<{ n: number }>('select coalesce(sum(cardinality(event_ids)), 0)::int as n from detection_queue');
    const queued = queue!.n;

    // Evaluation: the detection loop's work for one tenant, batch after batch until the queue is empty.
    const compile = createRuleCompiler();
    // Wall time in each database call the evaluation makes (the rest of the phase is evaluation in memory).
    const spent = new Map<string, { calls: number; ms: number }>();
    const timed = (unit: EvaluationUnit): EvaluationUnit => new Proxy(unit, {
      get: (target, name: string) => {
        const fn = target[name as keyof EvaluationUnit] as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          const t0 = performance.now();
          try {
            return await fn(...args);
          } finally {
            const s = spent.get(name) ?? { calls: 0, ms: 0 };
            s.calls++;
            s.ms += performance.now() - t0;
            spent.set(name, s);
          }
        };
      },
    });
    let evaluated = 0;
    let alerts = 0;
    let read = 0;
    const profiler = values['cpu-prof'] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    started = performance.now();
    stop = measureCpu(null);
    for (;;) {
      const now = new Date();
      const done = await db.repos.detectionEvaluation.withTenantBatch({ tenantId, maxEntries: 1_000, maxEvents: 5_000, now },
        ({ unit }) => evaluateTenantBatch({ tenantId, unit: timed(unit), compile, now }));
      if (!done) break;
      evaluated += done.events;
      alerts += done.result.alertsCreated;
      read += done.result.read;
    }
    const evaluation: Phase = { seconds: (performance.now() - started) / 1000, cpu: stop(), events: evaluated };
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(values['cpu-prof']!, JSON.stringify(profile));
      log(`evaluation profile written to ${values['cpu-prof']}`);
    }

    const ratio = perEvent(evaluation) / perEvent(ingest);
    // What evaluation adds to ingest's CPU for the same events, the figure a throughput drop follows.
    const added = (perEvent(evaluation) * evaluation.events) / (perEvent(ingest) * ingest.events);
    console.log('');
    console.log(`Detection evaluation cost, ${machine}`);
    console.log(`Command: npm run bench:detections${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);
    console.log('');
    console.log('| phase | events | seconds | node CPU µs/event | postgres CPU µs/event | total µs/event |');
    console.log('|-------|-------:|--------:|------------------:|----------------------:|---------------:|');
    for (const [name, p] of [['ingest (commitBatch)', ingest], [`evaluation (${rules.length} rules)`, evaluation]] as const) {
      console.log(`| ${name} | ${p.events.toLocaleString('en-US')} | ${p.seconds.toFixed(1)} | ${microsPerEvent(p, p.cpu.loadGeneratorPct).toFixed(1)} | ${microsPerEvent(p, p.cpu.postgresPct).toFixed(1)} | ${perEvent(p).toFixed(1)} |`);
    }
    console.log('');
    console.log(`evaluation costs ${(ratio * 100).toFixed(0)}% of what ingest costs per event it evaluates (CPU), and adds ${(added * 100).toFixed(0)}% to ingest's CPU over all ${events.toLocaleString('en-US')} events;`
      + ` ${queued.toLocaleString('en-US')} queued by the screen, ${read.toLocaleString('en-US')} read back (a rule's query can match them), ${alerts} alerts created`);
    const inCalls = [...spent.values()].reduce((a, s) => a + s.ms, 0);
    console.log(`evaluation wall time: ${[...spent].map(([name, s]) => `${name} ${s.ms.toFixed(0)} ms (${s.calls})`).join(', ')}; the rest ${(evaluation.seconds * 1000 - inCalls).toFixed(0)} ms`);
    for (const [name, p] of [['ingest', ingest], ['evaluation', evaluation]] as const) {
      const note = disturbance(name, p.cpu);
      if (note) console.log(`note  ${note}`);
    }
    const { rows: [left] } = await db.owner.query<{ n: number }>('select count(*)::int as n from detection_queue');
    if (evaluated !== queued || left!.n !== 0) {
      console.log(`check FAIL evaluated ${evaluated} of ${queued} queued events; ${left!.n} queue entries left`);
      return 1;
    }
    console.log(`check OK   every queued event evaluated once (${evaluated} of ${events} stored)`);
    return 0;
  } finally {
    await guard.release({ keep: values.keep ?? false, log });
  }
}

await runBench(main);
