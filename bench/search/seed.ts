import { Worker } from 'node:worker_threads';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { SeedJob, SeedMessage } from './seed-worker.js';
import { CSV_COLUMNS } from './event-csv.js';

const log = (line: string) => console.log(`[bench] ${line}`);

/** Runs one worker's job into its own COPY: rows generated and normalized in the worker, written by Postgres here. */
async function copyJob(owner: pg.Pool, job: SeedJob): Promise<number> {
  const client = await owner.connect();
  try {
    const worker = new Worker(new URL('./seed-worker.mjs', import.meta.url), { workerData: job });
    let rows = 0;
    const chunks = new Readable({ read() { /* driven by the worker's messages */ } });
    worker.on('message', (m: SeedMessage) => {
      if (m.kind === 'chunk') {
        rows += m.rows;
        chunks.push(m.csv);
        worker.postMessage('more');
      } else {
        chunks.push(null);
      }
    });
    worker.on('error', (err) => chunks.destroy(err));
    const copy = client.query(copyStreams.from(`COPY teleport_audit_events (${CSV_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(chunks, copy);
    await worker.terminate();
    return rows;
  } finally {
    client.release();
  }
}

/**
 * Loads events the fast way: the indexes dropped, COPY from two worker threads at once, the indexes built
 * again (parallel builds), the rollups and session summaries rebuilt, statistics refreshed. What the
 * webhook path would do row by row in hours, in minutes; the rows are the normalizer's own.
 */
export async function seedEvents(owner: pg.Pool, { jobs, tenants }: { jobs: SeedJob[]; tenants: string[] }): Promise<{ rows: number; seconds: Record<string, number> }> {
  const seconds: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await fn();
    seconds[name] = (Date.now() - started) / 1000;
    log(`seed: ${name} in ${seconds[name]!.toFixed(1)} s`);
    return result;
  };
  const months = new Set<string>();
  for (const job of jobs) for (let t = job.fromMs - 31 * 86_400_000; t < job.toMs + 31 * 86_400_000; t += 86_400_000) months.add(new Date(t).toISOString().slice(0, 7));
  for (const month of months) await owner.query('select ensure_event_partition($1)', [`${month}-15T00:00:00Z`]);

  // The parent's (partitioned) indexes: pg_indexes lists only the partitions' own.
  const { rows: indexes } = await owner.query<{ indexname: string; indexdef: string }>(
    `select c.relname as indexname, pg_get_indexdef(c.oid) as indexdef from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'teleport_audit_events'::regclass`);
  await phase('drop indexes', async () => { for (const i of indexes) await owner.query(`drop index ${i.indexname}`); });
  let rows = 0;
  await phase('copy', async () => {
    const queue = [...jobs];
    const lanes = Array.from({ length: 2 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const copied = await copyJob(owner, job); // not `rows += await …`: two lanes would overwrite each other's sums
        rows += copied;
      }
    });
    await Promise.all(lanes);
  });
  await phase('build indexes', async () => {
    const client = await owner.connect();
    try {
      await client.query("set maintenance_work_mem = '1GB'");
      await client.query('set max_parallel_maintenance_workers = 2');
      // pg_get_indexdef writes a partitioned index as ON ONLY the parent, which would build no partition's index.
      for (const i of indexes) await client.query(i.indexdef.replace(' ON ONLY ', ' ON '));
    } finally {
      client.release();
    }
  });
  await phase('rebuild rollups and sessions', async () => { for (const tenant of tenants) await owner.query('select rebuild_search_summaries($1)', [tenant]); });
  await phase('analyze', async () => { await owner.query('analyze teleport_audit_events'); await owner.query('analyze event_rollup_hourly'); await owner.query('analyze session_summaries'); });
  return { rows, seconds };
}
