import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenantWithAdminKey, loadApiConfig, startApi, type RunningApi } from '@tai/api';
import { createDbClient, createRepositories, runMigrations, type DbClient } from '@tai/db';
import pino from 'pino';
import { loadCorpusFile } from './support/corpus.js';
import { startPrimary, startReplica, type PgCluster } from './support/pg-cluster.js';
import { freePort } from './support/processes.js';

// DATABASE_READ_URL: the investigation paths read from a streaming replica (made with pg_basebackup -R from a
// primary of the test's own), while writes and read-your-writes paths stay on the primary. Replay is paused on
// the replica to tell the two apart: what the primary has and the replica has not yet replayed.
const DATABASE = 'teleport_audit';
let primary: PgCluster;
let replica: PgCluster;
let api: RunningApi;
let bootstrap: DbClient;
let base: string;
let apiKey: string;

const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

before(async () => {
  primary = await startPrimary();
  await primary.query(`create database ${DATABASE}`);
  await runMigrations({ url: primary.url(DATABASE) });
  replica = await startReplica(primary);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = loadApiConfig({ DATABASE_URL: primary.url(DATABASE), DATABASE_READ_URL: replica.url(DATABASE), HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, LOG_LEVEL: 'silent' });
  api = await startApi({ config, logger: pino({ level: 'silent' }) });
  bootstrap = createDbClient({ url: primary.url(DATABASE), poolMax: 1, asAppRole: true });
  ({ apiKey } = await createTenantWithAdminKey(createRepositories({ client: bootstrap }), { name: 'replica' }));
});
after(async () => {
  await api?.close();
  await bootstrap?.close();
  await replica?.stop();
  await primary?.stop();
});

const get = async (url: string) => {
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${apiKey}` } });
  assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
  return res;
};
const json = async <T>(url: string) => (await (await get(url)).json()) as T;

test('search, histogram, facets and export are served by the replica; source health reads the primary; replica lag is a metric', async () => {
  assert.deepEqual(await replica.query('select pg_is_in_recovery() as standby', DATABASE), [{ standby: true }]);
  const created = await fetch(`${base}/v1/sources`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'teleport_webhook', name: 'prod' }) });
  assert.equal(created.status, 201);
  const { source, webhook } = (await created.json()) as { source: { id: string }; webhook: { url: string; token: string } };
  const template = loadCorpusFile('teleport-events-test.ndjson').find((l) => l.event.event === 'user.login')!.event;
  const send = async (uid: string) => {
    const res = await fetch(webhook.url.replace(/^https?:\/\/[^/]+/, base), { method: 'POST', headers: { authorization: `Bearer ${webhook.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...template, uid, time: new Date().toISOString() }) });
    assert.equal(res.status, 200);
  };
  const found = async (uid: string) => (await json<{ data: unknown[] }>(`/v1/events?q=${encodeURIComponent(`uid:${uid}`)}&from=-1h`)).data.length;
  const histogramTotal = async () => (await json<{ buckets: { total: number }[] }>('/v1/events/histogram?from=-1h')).buckets.reduce((n, b) => n + b.total, 0);

  await send('replica-a');
  await waitFor('the replica to replay the first event', async () => (await found('replica-a')) === 1);
  const readers = await replica.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = 'teleport-audit-api-read'", DATABASE);
  assert.ok(readers[0]!.n >= 1, 'the API holds read connections on the replica');

  await replica.query('select pg_wal_replay_pause()');
  try {
    await send('replica-b');
    // The primary has it: health (read-your-writes) counts both events at once.
    const detail = await json<{ health: { eventsLast24h: number } }>(`/v1/sources/${source.id}`);
    assert.equal(detail.health.eventsLast24h, 2);
    // The replica has not replayed it: every investigation path still sees one event.
    assert.equal(await found('replica-b'), 0);
    assert.equal(await histogramTotal(), 1);
    const facets = await json<{ facets: { field: string; values: { count: number }[] }[] }>('/v1/events/facets?from=-1h&fields=event_type');
    assert.equal(facets.facets[0]!.values.reduce((n, v) => n + v.count, 0), 1);
    const exported = await (await get('/v1/events/export?from=-1h&format=ndjson')).text();
    assert.equal(exported.trim().split('\n').length, 1);

    await waitFor('replica lag to show', async () => {
      const lag = /^tai_db_replica_lag_seconds (\S+)$/m.exec(await (await fetch(`${base}/metrics`)).text());
      return lag !== null && Number(lag[1]) > 0;
    });
  } finally {
    await replica.query('select pg_wal_replay_resume()');
  }
  await waitFor('the replica to catch up', async () => (await found('replica-b')) === 1);
  assert.equal(await histogramTotal(), 2);
  await waitFor('replica lag back to 0', async () => /^tai_db_replica_lag_seconds 0$/m.test(await (await fetch(`${base}/metrics`)).text()));
  assert.match(await (await fetch(`${base}/metrics`)).text(), /^tai_db_pool_connections\{pool="api-replica",state="total"\} [1-9]/m);
});
