// Search benchmark: `npm run bench:search -- [--events 10000000] [--first 1000000] [--runs 20] [--keep]` (see BENCHMARKS.md).
// Seeds realistic Teleport traffic for three tenants over 90 days with COPY (bench/search/seed.ts), then times
// the search API (a real API child process, over HTTP) at each size: first pages, free text, histogram,
// facets, a session, an access-request case, export against Postgres's own COPY TO of the same rows, and
// webhook ingest with every search index in place.
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createTenantWithAdminKey } from '@tai/api';
import copyStreams from 'pg-copy-streams';
import { issueApiKey } from '../apps/api/src/modules/api-keys/api-keys.usecases.js';
import { createSource } from '../apps/api/src/modules/sources/sources.usecases.js';
import { login, prng, sshSession } from '../test/support/teleport-scenario.js';
import { startApiChild } from './lib/api-child.js';
import { createBenchGuard, runBench } from './lib/bench-run.js';
import { createBenchDatabase, serverFacts, type BenchDatabase } from './lib/database.js';
import { describeMachine, formatMachine } from './lib/machine.js';
import { seedEvents } from './search/seed.js';
import type { SeedJob } from './search/seed-worker.js';

const log = (line: string) => console.log(`[bench] ${line}`);
const guard = createBenchGuard();
const DAY = 86_400_000;

type Tenant = { name: string; tenantId: string; apiKey: string; sourceId: string; token: string; cluster: string; share: number; users: number; nodes: number };
type Timing = { name: string; target: number | null; p50: number; p95: number; note?: string };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(baseUrl: string, apiKey: string, path: string, runs: number): Promise<{ p50: number; p95: number; body: unknown }> {
  const call = async () => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, body };
  };
  for (let i = 0; i < 2; i++) await call();
  const samples: number[] = [];
  let body: unknown;
  for (let i = 0; i < runs; i++) ({ ms: samples[i], body } = await call());
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), body };
}

const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

/** Lines in a chunk, counted natively (a byte loop in JS would be slower than the export it measures). */
function newlines(chunk: Uint8Array): number {
  const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let count = 0;
  for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) count++;
  return count;
}

async function measure(db: BenchDatabase, big: Tenant, ingest: Tenant, runs: number): Promise<{ timings: Timing[]; exportRate: { rows: number; apiRowsPerSecond: number; copyRowsPerSecond: number }; ingestPerSecond: number }> {
  const api = await startApiChild({ databaseUrl: db.url, serverEnv: { INGEST_SOURCE_RATE_LIMIT_PER_SECOND: '0' }, cpuProfDir: null });
  guard.child(api.pid);
  try {
    const base = api.baseUrl;
    const get = async (path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${big.apiKey}` } })).json() as Promise<Record<string, unknown>>;
    // Values to search for, picked from the data: a user of middling activity, an IP, a session, an access request.
    const facets = (await get(`/v1/events/facets${q({ from: '-30d', fields: 'actor,remote_ip,node' })}`)).facets as { field: string; values: { value: string; count: number }[] }[];
    const middling = (field: string) => { const values = facets.find((f) => f.field === field)!.values; return values[Math.floor(values.length / 2)]!.value; };
    const user = middling('actor');
    const ip = middling('remote_ip');
    const node = middling('node');
    const sessionId = ((await get(`/v1/sessions${q({ q: 'complete:true', from: '-30d', limit: '50' })}`)).data as { sessionId: string }[])[25]!.sessionId;
    const requestId = ((await get(`/v1/access-requests${q({ from: '-90d', limit: '50' })}`)).data as { requestId: string }[])[10]!.requestId;
    log(`measuring with user ${user}, ip ${ip}, node ${node}, session ${sessionId}, request ${requestId}`);

    const cases: Array<[string, number | null, string]> = [
      ['selective: user, first page, 30 days', 50, `/v1/events${q({ q: `user:${user}`, from: '-30d' })}`],
      ['selective: ip, first page, 30 days', 50, `/v1/events${q({ q: `ip:${ip}`, from: '-30d' })}`],
      ['selective: node + login:root, first page, 30 days', 50, `/v1/events${q({ q: `node:${node} login:root`, from: '-30d' })}`],
      ['broad: one event type, first page, 30 days', 100, `/v1/events${q({ q: 'event:session.command', from: '-30d' })}`],
      ['broad: failures, first page, 30 days', 100, `/v1/events${q({ q: 'success:false', from: '-30d' })}`],
      ['free text, rare, 7 days', 1_000, `/v1/events${q({ q: '"accounts set plan"', from: '-7d' })}`],
      ['free text, none found, 7 days', 1_000, `/v1/events${q({ q: '"no-such-words-anywhere"', from: '-7d' })}`],
      ['histogram: 30 days by event type', 200, `/v1/events/histogram${q({ from: '-30d', interval: 'auto', group_by: 'event_type' })}`],
      ['histogram: 30 days of one user, by type', 200, `/v1/events/histogram${q({ q: `user:${user}`, from: '-30d', group_by: 'event_type' })}`],
      ['facets: 30 days, six fields', 300, `/v1/events/facets${q({ from: '-30d', fields: 'event_type,actor,cluster,remote_ip,login,node' })}`],
      ['session view', 50, `/v1/sessions/${sessionId}`],
      ['session list: 24 h', null, `/v1/sessions${q({ from: '-24h' })}`],
      ['access-request case', 100, `/v1/access-requests/${requestId}`],
    ];
    const timings: Timing[] = [];
    for (const [name, target, path] of cases) {
      const { p50, p95 } = await timed(base, big.apiKey, path, runs);
      timings.push({ name, target, p50, p95 });
      log(`${name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms${target ? ` (target ${target} ms)` : ''}`);
    }

    // Export: the API's NDJSON of 7 days of the big tenant, against Postgres writing the same rows with COPY TO.
    const from = new Date(Date.now() - 7 * DAY).toISOString();
    const started = performance.now();
    const res = await fetch(`${base}/v1/events/export${q({ from })}`, { headers: { authorization: `Bearer ${big.apiKey}` } });
    let rows = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) rows += newlines(chunk);
    const apiSeconds = (performance.now() - started) / 1000;
    const client = await db.owner.connect();
    const copyStarted = performance.now();
    let copied = 0;
    try {
      // The same planner settings the API's searches use (event-search.repository.ts), so both read the same way.
      await client.query("set jit = off; set random_page_cost = 1.1");
      const stream = client.query(copyStreams.to(`COPY (SELECT raw FROM teleport_audit_events WHERE tenant_id = '${big.tenantId}' AND event_time >= '${from}' ORDER BY event_time DESC, id DESC) TO STDOUT`));
      for await (const chunk of stream as AsyncIterable<Buffer>) copied += newlines(chunk);
    } finally {
      await client.query('reset jit; reset random_page_cost').catch(() => undefined);
      client.release();
    }
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const exportRate = { rows, apiRowsPerSecond: rows / apiSeconds, copyRowsPerSecond: copied / copySeconds };
    log(`export: ${rows} rows, API ${exportRate.apiRowsPerSecond.toFixed(0)} rows/s, COPY TO ${exportRate.copyRowsPerSecond.toFixed(0)} rows/s (${copied} rows)`);

    // Ingest with every search index in place: Fluentd's pattern, gzip NDJSON chunks of 1,000 events, 4 at once.
    const rng = prng(Date.now() % 100_000);
    const opts = { rng, cluster: big.cluster, users: ['ingest-a', 'ingest-b'], nodes: ['ingest-node'] };
    const bodies: Buffer[] = [];
    for (let i = 0; i < 120; i++) {
      const events: unknown[] = [];
      while (events.length < 1_000) events.push(...(rng.next() < 0.7 ? sshSession(opts, { startMs: Date.now() - rng.int(3_600_000), user: 'ingest-a', node: 'ingest-node', login: 'root', commands: 3 }) : [login(opts, { ms: Date.now(), user: 'ingest-b', success: true, ip: '10.9.9.9' })]));
      bodies.push(gzipSync(events.slice(0, 1_000).map((e) => JSON.stringify(e)).join('\n')));
    }
    const ingestStarted = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const r = await fetch(`${base}/v1/ingest/teleport/${ingest.token}`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' } });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`ingest answered ${r.status}`);
      }
    }));
    const ingestPerSecond = (bodies.length * 1_000) / ((performance.now() - ingestStarted) / 1000);
    log(`ingest with every search index: ${ingestPerSecond.toFixed(0)} events/s (gzip NDJSON x1000, 4 connections)`);
    return { timings, exportRate, ingestPerSecond };
  } finally {
    await api.stop();
    guard.child(null);
  }
}

/** --reuse: measure a database an earlier run seeded and kept, with fresh keys for its tenants (no seeding). */
async function remeasure(db: BenchDatabase, runs: number, keep: boolean): Promise<number> {
  const { rows } = await db.owner.query<{ tenant_id: string; n: string }>('select tenant_id, sum(events)::bigint as n from event_rollup_hourly group by 1 order by 2 desc');
  const { rows: ingestRows } = await db.owner.query<{ tenant_id: string }>(`select tenant_id from sources where name = 'ingest-fleet'`);
  const tenantFor = async (tenantId: string, name: string): Promise<Tenant> => {
    const { secret } = await issueApiKey(db.repos.apiKeys, { tenantId, name: `remeasure-${Date.now()}`, role: 'admin', createdByKeyId: null });
    const { source, webhook } = await createSource({ sources: db.repos.sources, publicUrl: 'http://127.0.0.1', tokenRotationOverlapSeconds: 0, now: () => new Date(), secretBox: null }, { tenantId, body: { type: 'teleport_webhook', name: `${name}-${Date.now()}` } });
    return { name, tenantId, apiKey: secret, sourceId: source.id, token: webhook!.token, cluster: 'ingest.example.com', share: 0, users: 0, nodes: 0 };
  };
  const big = await tenantFor(rows[0]!.tenant_id, 'big');
  const ingest = await tenantFor(ingestRows[0]!.tenant_id, 'ingest');
  const total = rows.reduce((n, r) => n + Number(r.n), 0);
  log(`re-measuring ${db.name}: ${total.toLocaleString()} events`);
  const measured = await measure(db, big, ingest, runs);
  for (const t of measured.timings) console.log(`| ${t.name} | ${t.target ?? '-'} | ${t.p50.toFixed(1)} / ${t.p95.toFixed(1)} |`);
  const { rows: n, apiRowsPerSecond, copyRowsPerSecond } = measured.exportRate;
  console.log(`export: ${n} rows, ${apiRowsPerSecond.toFixed(0)} rows/s = ${((apiRowsPerSecond / copyRowsPerSecond) * 100).toFixed(0)}% of COPY TO (${copyRowsPerSecond.toFixed(0)} rows/s); ingest ${measured.ingestPerSecond.toFixed(0)} events/s`);
  await guard.release({ keep, log });
  return 0;
}

function seedJobs(tenants: Tenant[], events: number, seed: number, nowMs: number): SeedJob[] {
  // Each tenant's share of the 90 days, in six slices so that two workers stay busy and rows land in time order.
  return tenants.filter((t) => t.share > 0).flatMap((t, ti) => Array.from({ length: 6 }, (_, slice) => ({
    tenantId: t.tenantId, sourceId: t.sourceId, cluster: t.cluster, users: t.users, nodes: t.nodes,
    fromMs: nowMs - 90 * DAY + slice * 15 * DAY, toMs: nowMs - 90 * DAY + (slice + 1) * 15 * DAY,
    events: Math.round((events * t.share) / 6), seed: seed * 1000 + ti * 10 + slice,
  })));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, first: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '20' }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' } } });
  const total = Number(values.events);
  const first = Math.min(Number(values.first), total);
  const runs = Number(values.runs);
  const reuse = values.reuse ?? null;
  const db = await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { reuse });
  guard.database(db);
  if (reuse) return remeasure(db, runs, values.keep || true);
  log(formatMachine(describeMachine((await serverFacts(db.owner)).version)));
  log(`database ${db.name}; stages: ${[...new Set([first, total])].join(' then ')} events`);

  const specs = [
    { name: 'big', cluster: 'prod.big.example.com', share: 0.9, users: 400, nodes: 300 },
    { name: 'medium', cluster: 'prod.medium.example.com', share: 0.07, users: 60, nodes: 40 },
    { name: 'small', cluster: 'prod.small.example.com', share: 0.03, users: 15, nodes: 10 },
    // Only the ingest measurement writes here, so that it does not change what the searches find.
    { name: 'ingest', cluster: 'ingest.example.com', share: 0, users: 2, nodes: 1 },
  ];
  const tenants: Tenant[] = [];
  for (const spec of specs) {
    const { tenantId, apiKey } = await createTenantWithAdminKey(db.repos, { name: spec.name });
    const { source, webhook } = await createSource({ sources: db.repos.sources, publicUrl: 'http://127.0.0.1', tokenRotationOverlapSeconds: 0, now: () => new Date(), secretBox: null }, { tenantId, body: { type: 'teleport_webhook', name: `${spec.name}-fleet`, config: { clusterName: spec.cluster } } });
    tenants.push({ ...spec, tenantId, apiKey, sourceId: source.id, token: webhook!.token });
  }

  const results: { events: number; seeded: { rows: number; seconds: Record<string, number> }; measured: Awaited<ReturnType<typeof measure>> }[] = [];
  let seeded = 0;
  const nowMs = Date.now();
  for (const [stage, target] of [first, total].filter((v, i, a) => a.indexOf(v) === i).entries()) {
    const seed = await seedEvents(db.owner, { jobs: seedJobs(tenants, target - seeded, stage + 1, nowMs), tenants: tenants.map((t) => t.tenantId) });
    seeded += seed.rows;
    const { rows } = await db.owner.query<{ n: string; big: string; month: string }>(`select count(*) as n, count(*) filter (where tenant_id = $1) as big,
      count(*) filter (where tenant_id = $1 and event_time >= now() - interval '30 days') as month from teleport_audit_events`, [tenants[0]!.tenantId]);
    log(`stage ${stage + 1}: ${Number(rows[0]!.n).toLocaleString()} events (big tenant ${Number(rows[0]!.big).toLocaleString()}, ${Number(rows[0]!.month).toLocaleString()} in its last 30 days); seeded ${seed.rows.toLocaleString()} in ${Object.values(seed.seconds).reduce((a, b) => a + b, 0).toFixed(0)} s (${(seed.rows / seed.seconds.copy!).toFixed(0)} rows/s of COPY)`);
    results.push({ events: Number(rows[0]!.n), seeded: seed, measured: await measure(db, tenants[0]!, tenants[3]!, runs) });
  }

  console.log('\n| query | target p95 | ' + results.map((r) => `${(r.events / 1e6).toFixed(1)}M: p50 / p95 ms`).join(' | ') + ' |');
  console.log('|---|---:|' + results.map(() => '---:').join('|') + '|');
  let misses = 0;
  for (const [i, timing] of results[0]!.measured.timings.entries()) {
    const cells = results.map((r) => `${r.measured.timings[i]!.p50.toFixed(1)} / ${r.measured.timings[i]!.p95.toFixed(1)}`);
    const last = results.at(-1)!.measured.timings[i]!;
    if (timing.target !== null && last.p95 > timing.target) misses++;
    console.log(`| ${timing.name} | ${timing.target ?? '-'} | ${cells.join(' | ')} |`);
  }
  for (const r of results) {
    const { rows, apiRowsPerSecond, copyRowsPerSecond } = r.measured.exportRate;
    const ratio = apiRowsPerSecond / copyRowsPerSecond;
    console.log(`export at ${(r.events / 1e6).toFixed(1)}M: ${rows} rows, ${apiRowsPerSecond.toFixed(0)} rows/s = ${(ratio * 100).toFixed(0)}% of COPY TO (${copyRowsPerSecond.toFixed(0)} rows/s); ingest with the search indexes ${r.measured.ingestPerSecond.toFixed(0)} events/s`);
    if (apiRowsPerSecond < 100_000 || ratio < 0.5) misses++;
  }
  console.log(misses === 0 ? 'PASS  every target met at the largest size' : `MISS  ${misses} target(s) missed at the largest size`);
  await guard.release({ keep: values.keep ?? false, log });
  return misses === 0 ? 0 : 1;
}

void runBench(main);
