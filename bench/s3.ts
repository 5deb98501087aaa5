// S3 ingest benchmark: `npm run bench:s3 -- [--objects 20] [--events-per-object 20000] ...` (see BENCHMARKS.md).
// Everything runs on this machine: a throwaway database on BENCH_DATABASE_URL (127.0.0.1), fauxqs (S3, SNS,
// SQS) in this process, and the real worker as a child process reading the service queue.
import { parseArgs } from 'node:util';
import { createTenantWithAdminKey } from '@tai/api';
import type { Repositories } from '@tai/db';
import { createSource } from '../apps/api/src/modules/sources/sources.usecases.js';
import { checkCopy, type CountCheck } from './lib/checks.js';
import { disturbance, measureCpu, type CpuShare } from './lib/cpu.js';
import { checkpoint, countRowsBySource, createBenchDatabase, dbActivity, formatWal, serverFacts, type BenchDatabase } from './lib/database.js';
import { createEventFactory, loadTemplates } from './lib/events.js';
import { describeMachine, formatMachine } from './lib/machine.js';
import { mainThreadProfile } from './lib/profiles.js';
import { fmtInt } from './lib/stats.js';
import { runCopyCeiling, type CeilingResult } from './scenarios/copy-ceiling.js';
import { buildTeleportObjects, startLocalAws, type LocalAws, type UploadedObject } from './s3/aws.js';
import { startWorkerChild } from './s3/worker-child.js';
import { createBenchGuard, runBench } from './lib/bench-run.js';

const log = (line: string) => console.log(`[bench] ${line}`);
const SHARE_OF_CEILING_TARGET = 0.5;
/** The worker's peak resident set must stay under this (it holds at most S3_OBJECT_CONCURRENCY objects). */
const PEAK_RSS_LIMIT_MIB = 512;
const COPY_ROWS_MIN = 200_000;
const PHASE_TIMEOUT_MS = 110_000;

const USAGE = `Usage: npm run bench:s3 -- [options]

  --objects <n>            Parquet objects per phase (default 20)
  --events-per-object <n>  events per object (default 20000, Teleport's batchMaxItems)
  --row-group-size <n>     rows per Parquet row group (default: one row group per object, as parquet-go writes a flush)
  --concurrency <list>     S3_OBJECT_CONCURRENCY of the worker, one phase each, e.g. 1,2,4 (default 2)
  --copy-rows <n>          rows for the COPY ceiling (default: objects x events-per-object, at least 200,000)
  --no-ceiling             skip the COPY ceiling
  --worker-env K=V         extra environment for the worker child; repeatable (e.g. DATABASE_POOL_MAX=10)
  --cpu-prof               run the worker with --cpu-prof (profile under /tmp/tai-bench-prof)
  --cpu-prof-dir <dir>     same, with the profile under <dir> (keep it outside the repository)
  --keep                   keep the throwaway database
  --help

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), a superuser or owner
role with CREATEDB, on 127.0.0.1.`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      objects: { type: 'string' },
      'events-per-object': { type: 'string' },
      'row-group-size': { type: 'string' },
      concurrency: { type: 'string' },
      'copy-rows': { type: 'string' },
      'no-ceiling': { type: 'boolean' },
      'worker-env': { type: 'string', multiple: true },
      'cpu-prof': { type: 'boolean' },
      'cpu-prof-dir': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return null;
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = new URL(databaseUrl).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new Error(`BENCH_DATABASE_URL must point at 127.0.0.1 (got host ${host})`);
  const objects = positiveInt('objects', values.objects, 20);
  const eventsPerObject = positiveInt('events-per-object', values['events-per-object'], 20_000);
  const concurrencies = (values.concurrency ?? '2').split(',').map((s) => positiveInt('concurrency', s.trim(), 2));
  const workerEnv: Record<string, string> = {};
  for (const pair of values['worker-env'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--worker-env: expected KEY=VALUE, got ${JSON.stringify(pair)}`);
    workerEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    objects,
    eventsPerObject,
    rowGroupSize: positiveInt('row-group-size', values['row-group-size'], eventsPerObject),
    concurrencies,
    copyRows: values['no-ceiling'] ? 0 : positiveInt('copy-rows', values['copy-rows'], Math.max(objects * eventsPerObject, COPY_ROWS_MIN)),
    workerEnv,
    cpuProfDir: values['cpu-prof'] || values['cpu-prof-dir'] ? values['cpu-prof-dir'] ?? '/tmp/tai-bench-prof' : null,
    keep: values.keep ?? false,
    databaseUrl,
  };
}
type Options = NonNullable<ReturnType<typeof parseOptions>>;

type Phase = { concurrency: number; tenantId: string; sourceId: string; bucket: string };
type PhaseResult = Phase & {
  objects: number; events: number; seconds: number; eventsPerSecond: number; objectsPerSecond: number;
  rssAtStartMiB: number; peakRssMiB: number; hwmMiB: number; cpu: CpuShare; inserted: number; duplicate: number; notes: string[];
};

const guard = createBenchGuard();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (kb: number) => kb / 1024;

/** One tenant per phase, so the same objects (same uids) can be ingested again in the next phase. */
async function createPhase(repos: Repositories, concurrency: number, index: number): Promise<Phase> {
  const { tenantId } = await createTenantWithAdminKey(repos, { name: `bench-s3-${index}` });
  const bucket = `bench-eas-${index}-longterm`;
  const deps = { sources: repos.sources, publicUrl: 'http://127.0.0.1', tokenRotationOverlapSeconds: 0, now: () => new Date(), secretBox: null };
  const { source } = await createSource(deps, { tenantId, body: { type: 'teleport_s3', name: `bench-s3-c${concurrency}`, config: { bucket, prefix: 'events' } } });
  return { concurrency, tenantId, sourceId: source.id, bucket };
}

async function objectProgress(db: BenchDatabase, sourceId: string) {
  const { rows } = await db.owner.query<{ status: string; n: number; inserted: number; duplicate: number; last_error: string | null }>(
    `select status, count(*)::int as n, coalesce(sum(events_inserted), 0)::int as inserted, coalesce(sum(events_duplicate), 0)::int as duplicate,
            max(last_error) as last_error
       from ingested_objects where source_id = $1 group by status`, [sourceId]);
  const by = new Map(rows.map((r) => [r.status, r]));
  return { rows, done: by.get('done')?.n ?? 0, failed: by.get('failed'), inserted: by.get('done')?.inserted ?? 0, duplicate: by.get('done')?.duplicate ?? 0 };
}

async function runPhase(opts: Options, db: BenchDatabase, aws: LocalAws, phase: Phase, uploaded: UploadedObject[], index: number): Promise<PhaseResult> {
  const tag = `(S3 c=${phase.concurrency})`;
  const channel = aws.channel(`teleport-s3-ingest-${index}`);
  if (!(await checkpoint(db.owner))) log('CHECKPOINT not permitted for this role; phases may pay for each other\'s checkpoints');
  const worker = startWorkerChild({
    cpuProfDir: opts.cpuProfDir,
    env: {
      DATABASE_URL: db.url,
      AWS_ENDPOINT_URL: aws.address,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      S3_INGEST_QUEUE_URL: channel.queueUrl,
      S3_OBJECT_CONCURRENCY: String(phase.concurrency),
      ...opts.workerEnv,
    },
  });
  guard.child(worker.pid);
  try {
    // Ready = polling: it deletes the s3:TestEvent S3 sends when notifications are configured.
    await channel.testEvent(phase.bucket);
    const readyBy = Date.now() + 60_000;
    while (channel.queueDepth() > 0) {
      if (Date.now() > readyBy) throw new Error(`the worker did not take the test event within 60 s:\n${worker.output()}`);
      await sleep(50);
    }
    const rssAtStart = worker.memory().rssKb;
    const before = await dbActivity(db.owner, db.name);
    let peakRss = rssAtStart;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, worker.memory().rssKb); }, 100);
    const stopCpu = measureCpu(worker.pid);
    const start = performance.now();
    try {
      for (const object of uploaded) await channel.notify(phase.bucket, object);
      const deadline = Date.now() + PHASE_TIMEOUT_MS;
      for (;;) {
        const p = await objectProgress(db, phase.sourceId);
        if (p.failed) throw new Error(`${p.failed.n} objects failed: ${p.failed.last_error}`);
        if (p.done >= uploaded.length) break;
        if (Date.now() > deadline) throw new Error(`${tag} not done within ${PHASE_TIMEOUT_MS / 1000} s: ${JSON.stringify(p.rows)}`);
        await sleep(50);
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = stopCpu();
    const hwm = worker.memory().hwmKb;
    peakRss = Math.max(peakRss, worker.memory().rssKb);
    const p = await objectProgress(db, phase.sourceId);
    const code = await worker.stop();
    guard.child(null);
    if (code !== 0) log(`worker exited with ${code}:\n${worker.output()}`);
    else if (worker.output().trim()) log(`worker output:\n${worker.output().trim()}`);
    const after = await dbActivity(db.owner, db.name);
    const events = uploaded.length * opts.eventsPerObject;
    const notes: string[] = [];
    const disturbed = disturbance(tag, cpu);
    if (disturbed) notes.push(disturbed);
    log(`${tag} ${fmtInt(events)} events in ${seconds.toFixed(1)} s: ${fmtInt(events / seconds)} events/s, ${(uploaded.length / seconds).toFixed(2)} objects/s;`
      + ` worker RSS ${mib(rssAtStart).toFixed(0)} MiB when ready, peak ${mib(peakRss).toFixed(0)} MiB (VmHWM ${mib(hwm).toFixed(0)} MiB)`);
    log(`${tag} cpu (% of one core): worker ${cpu.apiPct.toFixed(0)}%, postgres ${cpu.postgresPct.toFixed(0)}%, bench process (fauxqs S3/SQS) ${cpu.loadGeneratorPct.toFixed(0)}%,`
      + ` kernel ${cpu.kernelPct.toFixed(0)}%, other ${cpu.otherPct.toFixed(0)}%; machine ${cpu.machineBusyPct.toFixed(0)}% busy of all cores`);
    log(`${tag} database: ${after.commits - before.commits} commits; ${formatWal(before, after, events)}`);
    if (opts.cpuProfDir) {
      const profile = mainThreadProfile(opts.cpuProfDir, worker.pid);
      log(`${tag} cpu profile: ${profile ?? 'none written'}${profile ? `\n        summarize: npx tsx bench/cpuprofile-top.ts ${profile}` : ''}`);
    }
    return {
      ...phase, objects: uploaded.length, events, seconds, eventsPerSecond: events / seconds, objectsPerSecond: uploaded.length / seconds,
      rssAtStartMiB: mib(rssAtStart), peakRssMiB: mib(peakRss), hwmMiB: mib(hwm), cpu, inserted: p.inserted, duplicate: p.duplicate, notes,
    };
  } finally {
    await worker.stop(); // a no-op once it has exited; stops it when the phase failed part-way
    guard.child(null);
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (!opts) return 0;
  const command = `npm run bench:s3${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const db = await createBenchDatabase(opts.databaseUrl);
  guard.database(db);
  const aws = await startLocalAws();
  try {
    const machine = describeMachine((await serverFacts(db.owner)).version);
    log(`machine: ${formatMachine(machine)}`);
    log(`command: ${command}`);
    log(`database: ${db.name}; fauxqs at ${aws.address}`);
    const factory = createEventFactory(loadTemplates());

    const t0 = performance.now();
    const objects = buildTeleportObjects(factory, opts);
    const bytes = objects.reduce((n, o) => n + o.body.byteLength, 0);
    log(`built ${objects.length} Parquet objects of ${fmtInt(opts.eventsPerObject)} events (row groups of ${fmtInt(opts.rowGroupSize)}, Snappy),`
      + ` ${(bytes / 2 ** 20).toFixed(1)} MiB in all, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const phases: Phase[] = [];
    const uploads: UploadedObject[][] = [];
    for (const [i, concurrency] of opts.concurrencies.entries()) {
      const phase = await createPhase(db.repos, concurrency, i);
      aws.createBucket(phase.bucket);
      const uploaded: UploadedObject[] = [];
      for (const o of objects) uploaded.push(await aws.put(phase.bucket, o.key, o.body));
      phases.push(phase);
      uploads.push(uploaded);
    }
    log(`uploaded them to ${phases.length} bucket(s), one per phase`);

    const results: PhaseResult[] = [];
    for (const [i, phase] of phases.entries()) {
      log(`(S3 c=${phase.concurrency}) worker with S3_OBJECT_CONCURRENCY=${phase.concurrency}: ${objects.length} notifications`);
      results.push(await runPhase(opts, db, aws, phase, uploads[i]!, i));
    }

    let ceiling: CeilingResult | null = null;
    let copyCheck: CountCheck | null = null;
    if (opts.copyRows > 0) {
      const { tenantId } = await createTenantWithAdminKey(db.repos, { name: 'bench-copy' });
      const deps = { sources: db.repos.sources, publicUrl: 'http://127.0.0.1', tokenRotationOverlapSeconds: 0, now: () => new Date(), secretBox: null };
      const { source } = await createSource(deps, { tenantId, body: { type: 'teleport_webhook', name: 'bench-copy-ceiling', config: { clusterName: 'bench.example.com' } } });
      log(`(c) ceiling: COPY of ${fmtInt(opts.copyRows)} rows as the owner role`);
      const at: { stopCpu?: () => CpuShare } = {};
      const beforeCopy = async () => {
        await checkpoint(db.owner);
        at.stopCpu = measureCpu(null);
      };
      ceiling = await runCopyCeiling({ beforeCopy, owner: db.owner, tenantId, sourceId: source.id, factory, rows: opts.copyRows, log });
      const cpu = at.stopCpu?.();
      if (cpu) log(`(c) cpu (% of one core): postgres ${cpu.postgresPct.toFixed(0)}%, COPY client ${cpu.loadGeneratorPct.toFixed(0)}%, other ${cpu.otherPct.toFixed(0)}%`);
      log(`(c) ${fmtInt(ceiling.rowsPerSecond)} rows/s (${ceiling.copySeconds.toFixed(1)} s)`);
      const copied = (await countRowsBySource(db.client, tenantId)).get(source.id) ?? 0;
      copyCheck = checkCopy(copied, ceiling.copiedRowCount);
    }

    const checks: CountCheck[] = [];
    for (const r of results) {
      const rows = (await countRowsBySource(db.client, r.tenantId)).get(r.sourceId) ?? 0;
      const ok = rows === r.events && r.inserted === r.events && r.duplicate === 0;
      checks.push({ ok, line: `${ok ? 'OK      ' : 'MISMATCH'} (S3 c=${r.concurrency}) table rows ${rows} = objects x events ${r.objects} x ${opts.eventsPerObject} = ${r.events}`
        + ` (ingested_objects: inserted ${r.inserted}, duplicate ${r.duplicate})` });
    }
    if (copyCheck) checks.push(copyCheck);

    const ratio = (eps: number) => (ceiling ? `${((eps / ceiling.rowsPerSecond) * 100).toFixed(0)}%` : '-');
    console.log('');
    console.log(`S3 ingest benchmark, ${formatMachine(machine)}`);
    console.log(`Command: ${command}`);
    console.log('');
    console.log('| phase | objects x events | seconds | events/s | objects/s | ratio to ceiling | worker RSS ready / peak MiB | worker CPU % of a core |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| S3 Parquet, S3_OBJECT_CONCURRENCY=${r.concurrency} | ${r.objects} x ${fmtInt(opts.eventsPerObject)} | ${r.seconds.toFixed(1)} | ${fmtInt(r.eventsPerSecond)}`
        + ` | ${r.objectsPerSecond.toFixed(2)} | ${ratio(r.eventsPerSecond)} | ${r.rssAtStartMiB.toFixed(0)} / ${r.peakRssMiB.toFixed(0)} | ${r.cpu.apiPct.toFixed(0)} |`);
    }
    if (ceiling) console.log(`| (c) Ceiling: COPY csv, owner role | ${fmtInt(ceiling.rows)} rows | ${ceiling.copySeconds.toFixed(1)} | ${fmtInt(ceiling.rowsPerSecond)} | - | 100% | - | - |`);
    console.log('');
    for (const r of results) {
      if (ceiling) {
        const share = r.eventsPerSecond / ceiling.rowsPerSecond;
        console.log(`${share >= SHARE_OF_CEILING_TARGET ? 'PASS' : 'MISS'}  (S3 c=${r.concurrency}) >= ${SHARE_OF_CEILING_TARGET * 100}% of ceiling   measured ${(share * 100).toFixed(0)}% (${fmtInt(r.eventsPerSecond)} / ${fmtInt(ceiling.rowsPerSecond)})`);
      }
      console.log(`${r.peakRssMiB <= PEAK_RSS_LIMIT_MIB ? 'PASS' : 'MISS'}  (S3 c=${r.concurrency}) worker peak RSS <= ${PEAK_RSS_LIMIT_MIB} MiB   measured ${r.peakRssMiB.toFixed(0)} MiB (VmHWM ${r.hwmMiB.toFixed(0)} MiB)`);
    }
    for (const c of checks) console.log(`check ${c.line}`);
    for (const note of results.flatMap((r) => r.notes)) console.log(`note  ${note}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await aws.stop();
    await guard.release({ keep: Boolean(opts.keep), log });
  }
}

await runBench(main);
