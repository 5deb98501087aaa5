import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';
import { loadCorpus } from './support/corpus.js';
import { cleanEnv, freePort, spawnBundle, stop, waitForHttp, type Spawned } from './support/processes.js';

// Large bodies at once used to take the API from 200 MB to over 2 GB of RSS. Each body now leases what it
// will cost from INGEST_MEMORY_BUDGET_BYTES before it is read or inflated; what does not fit is answered
// 503 + Retry-After, and the sender's retry gets it stored. Measured on a real API process.
const MIB = 1024 * 1024;
const BUDGET = 160 * MIB;
const BODIES = 16;

let t: TestApp;
let api: Spawned;
let baseUrl: string;

before(async () => {
  t = await setupApp();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = spawnBundle('apps/api/dist/main.js', cleanEnv({
    DATABASE_URL: t.db.url, PORT: String(port), LOG_LEVEL: 'warn', INGEST_SOURCE_RATE_LIMIT_PER_SECOND: '0',
    INGEST_MAX_BODY_BYTES: String(4 * MIB), INGEST_MAX_DECOMPRESSED_BYTES: String(10 * MIB), INGEST_MEMORY_BUDGET_BYTES: String(BUDGET),
  }));
  await waitForHttp(api, `${baseUrl}/readyz`);
});
after(async () => {
  await stop(api);
  await t.close();
});

const memoryMib = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

test('16 large bodies at once stay within the memory budget: the excess gets 503 + Retry-After, retries store everything once', async (ctx) => {
  const { webhook, source } = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'big' } })).json();
  const corpus = loadCorpus().map((l) => l.event);
  const bodies = Array.from({ length: BODIES }, () => {
    const events: unknown[] = [];
    let bytes = 0;
    while (bytes < 3 * MIB) {
      const event = { ...corpus[events.length % corpus.length], uid: randomUUID(), time: '2025-06-01T00:00:00Z' };
      bytes += JSON.stringify(event).length + 1;
      events.push(event);
    }
    return { text: JSON.stringify(events), events: events.length };
  });
  const restMib = memoryMib(api.child.pid!, 'VmRSS');
  const statuses: number[] = [];
  const retryAfter = new Set<string>();
  await Promise.all(bodies.map(async ({ text }) => {
    for (let attempt = 0; attempt < 120; attempt++) {
      const res = await fetch(`${baseUrl}/v1/ingest/teleport/${webhook.token}`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 200) return;
      assert.equal(res.status, 503);
      retryAfter.add(res.headers.get('retry-after') ?? 'missing');
      // Senders back off between retries (Fluent Bit, Fluentd and Vector all do); 0.5-1 s here to keep the test short.
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 500));
    }
    throw new Error('a body was never accepted');
  }));
  const growthMib = memoryMib(api.child.pid!, 'VmHWM') - restMib;
  ctx.diagnostic(`peak RSS +${growthMib.toFixed(0)} MiB for a ${BUDGET / MIB} MiB budget; ${statuses.length} requests, ${statuses.filter((s) => s === 503).length} answered 503`);
  assert.ok(statuses.includes(503), 'the budget was exceeded and refused at least once');
  assert.ok(!retryAfter.has('missing'), 'every 503 says when to retry');
  assert.ok(growthMib < BUDGET / MIB, `peak RSS grew by ${growthMib.toFixed(0)} MiB, over the ${BUDGET / MIB} MiB budget`);
  const { rows } = await t.db.owner.query('select count(*)::int as n, count(distinct uid)::int as u from teleport_audit_events where source_id = $1', [source.id]);
  const sent = bodies.reduce((n, b) => n + b.events, 0);
  assert.deepEqual(rows[0], { n: sent, u: sent });
});
