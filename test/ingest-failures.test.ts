import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { setupApp } from './support/app.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/env.js';
import { frame, postToWebhook } from './support/ingest.js';

const event = (uid: string) => ({ event: 'user.login', uid, time: '2025-06-01T00:00:00Z', user: 'alice' });

async function webhookSource(t: Awaited<ReturnType<typeof setupApp>>) {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'src' } });
  return res.json() as { source: { id: string }; webhook: { token: string } };
}

test('a flood of bad tokens from one address gets 429, while a valid token from the same address is never refused', async () => {
  const t = await setupApp({ ingest: { authFailuresPerMinute: 3, tokenCacheSeconds: 0 } });
  try {
    const { webhook, source } = await webhookSource(t);
    const guess = (i: number) => t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/tai_wh_${String(i).padStart(40, 'z')}`, payload: '{}' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess(i)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429], 'past 3 failures in a minute, failures get 429');
    const limited = await guess(99);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(limited.json().error.code, 'rate_limited');
    assert.ok(limited.json().reqId, 'the 429 body has the documented shape');

    // The flood goes on while the valid sender at the same address keeps posting (no cache: every request looks up).
    const mixed = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 3 === 0
      ? postToWebhook(t.app, webhook.token, frame([event(`flood-${i}`)], 'ndjson'))
      : guess(100 + i))));
    const valid = mixed.filter((_, i) => i % 3 === 0).map((r) => r.statusCode);
    const guesses = mixed.filter((_, i) => i % 3 !== 0).map((r) => r.statusCode);
    assert.deepEqual([...new Set(valid)], [200]);
    assert.deepEqual([...new Set(guesses)], [429]);
    const { rows } = await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [source.id]);
    assert.equal(rows[0].n, 20);
  } finally {
    await t.close();
  }
});

for (const store of ['memory', 'redis'] as const) test(`a source over its request rate gets 503 with Retry-After (not 429), and nothing it sent is lost (${store} store)`, async () => {
  const redis = store === 'redis' ? new Redis(TEST_REDIS_URL) : null;
  const t = await setupApp({ ingest: { sourceRateLimitPerSecond: 3 }, redis });
  try {
    const { webhook, source } = await webhookSource(t);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await postToWebhook(t.app, webhook.token, frame([event(`rl-${i}`)], 'ndjson')));
    const limited = results.filter((r) => r.statusCode === 503);
    assert.ok(limited.length >= 1, 'some requests were limited');
    assert.ok(results.every((r) => r.statusCode === 200 || r.statusCode === 503));
    assert.ok(limited.every((r) => Number(r.headers['retry-after']) >= 1));
    assert.equal(limited[0]!.json().error.code, 'ingest.rate_limited');
    const { rows } = await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [source.id]);
    assert.equal(rows[0].n, results.filter((r) => r.statusCode === 200).length, 'exactly the 200s were stored');
  } finally {
    await t.close();
    redis?.disconnect();
  }
});

test('with the database down ingest answers 503 with Retry-After, then recovers with nothing lost or doubled', async () => {
  const t = await setupApp();
  const server = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await server.connect();
  try {
    const { webhook, source } = await webhookSource(t);
    const batch = Array.from({ length: 20 }, (_, i) => event(`down-${i}`));
    assert.equal((await postToWebhook(t.app, webhook.token, frame(batch.slice(0, 10), 'ndjson'))).statusCode, 200);

    // Take this test's database away from the app: refuse new connections and end the existing ones.
    await server.query(`alter database ${t.db.name} with allow_connections false`);
    await server.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [t.db.name]);
    const during = await postToWebhook(t.app, webhook.token, frame(batch, 'ndjson'));
    assert.equal(during.statusCode, 503);
    assert.ok(Number(during.headers['retry-after']) > 0);
    assert.equal(during.json().error.code, 'service.unavailable');

    await server.query(`alter database ${t.db.name} with allow_connections true`);
    const retried = await postToWebhook(t.app, webhook.token, frame(batch, 'ndjson'));
    assert.equal(retried.statusCode, 200);
    assert.equal(retried.headers['x-ingest-accepted'], '10');
    assert.equal(retried.headers['x-ingest-duplicates'], '10');
    const { rows } = await t.db.owner.query('select count(*)::int as n, count(distinct uid)::int as u from teleport_audit_events where source_id = $1', [source.id]);
    assert.deepEqual(rows[0], { n: 20, u: 20 });
  } finally {
    await server.query(`alter database ${t.db.name} with allow_connections true`).catch(() => undefined);
    await server.end();
    await t.close();
  }
});

test('concurrent single-event requests, as the Event Handler sends them, are all stored once', async () => {
  const t = await setupApp();
  try {
    const { webhook, source } = await webhookSource(t);
    // As the Event Handler does, a 503 (the writer overloaded, as on a CPU-starved run) is sent again.
    const send = (i: number) => t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${webhook.token}/events.log`, payload: JSON.stringify(event(`c-${i % 48}`)), headers: { 'content-type': 'application/json' } });
    let pending = Array.from({ length: 64 }, (_, i) => i);
    const answered: Array<{ statusCode: number; body: string; headers: Record<string, unknown> }> = [];
    let retried = 0;
    for (let round = 0; pending.length > 0 && round < 10; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 200));
      const results = await Promise.all(pending.map(async (i) => ({ i, res: await send(i) })));
      const busy = results.filter(({ res }) => res.statusCode === 503);
      for (const { res } of busy) assert.ok(res.headers['retry-after'], 'a 503 says when to retry');
      answered.push(...results.filter(({ res }) => res.statusCode !== 503).map(({ res }) => res));
      retried += busy.length;
      pending = busy.map(({ i }) => i);
    }
    assert.deepEqual(pending, [], 'every request answered 200 within ten rounds');
    assert.deepEqual(answered.filter((r) => r.statusCode !== 200 || r.body !== '').map((r) => `${r.statusCode} ${r.body}`), []);
    const accepted = answered.reduce((n, r) => n + Number(r.headers['x-ingest-accepted']), 0);
    if (retried === 0) assert.equal(accepted, 48);
    else assert.ok(accepted <= 48, `${accepted} accepted after ${retried} retries`);
    const { rows } = await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [source.id]);
    assert.equal(rows[0].n, 48, 'each distinct event stored once');
  } finally {
    await t.close();
  }
});
