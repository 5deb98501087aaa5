import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createTenantWithAdminKey, createUserWithPassword, loadApiConfig, startApi, type RunningApi } from '@tai/api';
import { APP_ROLE, createDbClient, createRepositories, runMigrations, upcomingMonths, type DbClient, type Repositories } from '@tai/db';
import { loadWorkerConfig, retentionJob, startWorker, type RetentionRunSummary } from '@tai/worker';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { startPrimary, type PgCluster } from './support/pg-cluster.js';
import { startPgBouncer, type PgBouncer } from './support/pgbouncer.js';
import { freePort } from './support/processes.js';
import { LAST_NIGHT, searchDataset, type SearchDataset } from './support/search-dataset.js';
import type { ScenarioEvent } from './support/teleport-scenario.js';

// The service behind PgBouncer in transaction pooling mode: two server connections shared by every client, each
// transaction on whichever is free. The app logs in as its role (PgBouncer refuses the start-up option that assumes
// it), so row-level security applies; tenants interleaved on the shared connections stay apart; every read answers
// as the same app connected to Postgres directly does; the export's cursor, the dashboard's sign-in and the worker's
// jobs work. Migrations connect directly: their advisory lock is a session's.
const DATABASE = 'teleport_audit';
const SERVER_CONNECTIONS = 2;
const DAY = 86_400_000;

let primary: PgCluster;
let bouncer: PgBouncer;
let bouncedUrl: string;
let direct: RunningApi;
let bounced: RunningApi;
let client: DbClient;
let repos: Repositories;
let data: SearchDataset;
type Tenant = { tenantId: string; apiKey: string; uids: Set<string> };
const tenants: Record<'a' | 'b', Tenant> = {} as Record<'a' | 'b', Tenant>;

const apiConfig = async (databaseUrl: string) => {
  const port = await freePort();
  return loadApiConfig({ DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent' });
};
const call = (app: FastifyInstance, tenant: Tenant, url: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${tenant.apiKey}` }, ...(payload ? { payload } : {}) });
const ok = (res: LightMyRequestResponse, what: string) => {
  assert.equal(res.statusCode, 200, `${what}: ${res.body}`);
  return res;
};
const owner = <R extends Record<string, unknown>>(query: string) => primary.query<R>(query, DATABASE);

/** NDJSON batches to a webhook; returns each batch's verbose answer. */
async function post(app: FastifyInstance, token: string, events: ScenarioEvent[], batch: number) {
  const answers: { accepted: number; duplicates: number; quarantined: number }[] = [];
  for (let i = 0; i < events.length; i += batch) {
    const body = events.slice(i, i + batch).map((e) => JSON.stringify(e)).join('\n');
    const res = ok(await app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}?verbose=1`, payload: body, headers: { 'content-type': 'application/x-ndjson' } }), 'ingest');
    answers.push(res.json());
  }
  return answers;
}
const sum = (answers: { accepted: number; duplicates: number; quarantined: number }[]) =>
  answers.reduce((t, a) => ({ accepted: t.accepted + a.accepted, duplicates: t.duplicates + a.duplicates, quarantined: t.quarantined + a.quarantined }), { accepted: 0, duplicates: 0, quarantined: 0 });

async function newSource(tenant: Tenant, name: string): Promise<string> {
  const res = await call(bounced.app, tenant, '/v1/sources', 'POST', { type: 'teleport_webhook', name });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().webhook.token;
}

/** Tenant B's events: logins last night, on the same hours as tenant A's. */
const tenantBEvents = (): ScenarioEvent[] => Array.from({ length: 40 }, (_, i) => ({
  event: 'user.login', code: 'T1000I', uid: `b-login-${i}`, time: new Date(Date.parse(LAST_NIGHT.from) + i * 900_000).toISOString(),
  user: `b-user-${i % 4}`, success: true, cluster_name: 'b.example.com', 'addr.remote': `10.9.0.${i % 5}:3080`,
}));

before(async () => {
  primary = await startPrimary();
  await primary.query(`create database ${DATABASE}`);
  await runMigrations({ url: primary.url(DATABASE) });
  await primary.query(`alter role ${APP_ROLE} login`);
  bouncer = await startPgBouncer({ serverPort: primary.port, databases: [DATABASE], users: [APP_ROLE, 'postgres'], poolSize: SERVER_CONNECTIONS });
  bouncedUrl = bouncer.url(APP_ROLE, DATABASE);
  direct = await startApi({ config: await apiConfig(primary.url(DATABASE)), logger: pino({ level: 'silent' }) });
  bounced = await startApi({ config: await apiConfig(bouncedUrl), logger: pino({ level: 'silent' }) });
  client = createDbClient({ url: bouncedUrl, poolMax: 4, asAppRole: true });
  repos = createRepositories({ client });
  for (const name of ['a', 'b'] as const) tenants[name] = { ...(await createTenantWithAdminKey(repos, { name })), uids: new Set() };
  data = searchDataset();
});
after(async () => {
  await bounced?.close();
  await direct?.close();
  await client?.close();
  await bouncer?.stop();
  await primary?.stop();
});

test('through PgBouncer the app logs in as its role: statements run as it, and without a tenant no row is visible', async () => {
  const { rows: bare } = await client.pool.query<{ role: string }>('select current_user as role');
  assert.equal(bare[0]!.role, APP_ROLE);
  const inTenant = await client.withTenant(tenants.a.tenantId, (tx) => tx.execute<{ role: string; tenants: number }>(sql`select current_user as role, (select count(*)::int from tenants) as tenants`));
  assert.deepEqual(inTenant.rows, [{ role: APP_ROLE, tenants: 1 }], 'row-level security: its own tenant only');
  const { rows: none } = await client.pool.query<{ n: number }>('select count(*)::int as n from tenants');
  assert.equal(none[0]!.n, 0, 'no tenant context, no rows (the owner would see both)');
  ok(await bounced.app.inject({ method: 'GET', url: '/readyz' }), 'readiness pings the database through PgBouncer');
});

test('the role start-up option through PgBouncer is refused, or when PgBouncer ignores it, start-up stops rather than run as the login role', async () => {
  const refusing = createDbClient({ url: bouncer.url('postgres', DATABASE), poolMax: 1, asAppRole: true });
  await assert.rejects(refusing.assertAppRole(), /unsupported startup parameter: options/);
  await refusing.close();

  const ignoring = await startPgBouncer({ serverPort: primary.port, databases: [DATABASE], users: ['postgres'], poolSize: 1, ignoreStartupParameters: ['options'] });
  try {
    await assert.rejects(startApi({ config: await apiConfig(ignoring.url('postgres', DATABASE)), logger: pino({ level: 'silent' }) }),
      /statements run as postgres, not teleport_audit_app/);
    await assert.rejects(startWorker({ config: loadWorkerConfig({ DATABASE_URL: ignoring.url('postgres', DATABASE), METRICS_PORT: 'off' }), logger: pino({ level: 'silent' }) }),
      /statements run as postgres, not teleport_audit_app/);
  } finally {
    await ignoring.stop();
  }
});

test('webhook batches from two tenants at once are stored through PgBouncer, duplicates absorbed', async () => {
  const a = [...data.prod, ...data.staging];
  const b = tenantBEvents();
  const [prodToken, stagingToken, bToken] = [await newSource(tenants.a, 'prod'), await newSource(tenants.a, 'staging'), await newSource(tenants.b, 'b')];
  const stored = await Promise.all([post(bounced.app, prodToken, data.prod, 20), post(bounced.app, stagingToken, data.staging, 20), post(bounced.app, bToken, b, 7)]);
  assert.deepEqual(sum(stored.flat()), { accepted: a.length + b.length, duplicates: 0, quarantined: 0 });
  for (const e of a) tenants.a.uids.add(e.uid);
  for (const e of b) tenants.b.uids.add(e.uid);

  const again = await post(bounced.app, prodToken, [...data.prod.slice(0, 30), ...data.prod.slice(0, 5)], 50);
  assert.deepEqual(sum(again), { accepted: 0, duplicates: 35, quarantined: 0 });
  const counts = await owner<{ tenant_id: string; n: number }>('select tenant_id, count(*)::int as n from teleport_audit_events group by 1');
  assert.deepEqual(Object.fromEntries(counts.map((r) => [r.tenant_id, r.n])), { [tenants.a.tenantId]: a.length, [tenants.b.tenantId]: b.length });
});

test('search, histogram, facets, export, sessions and access requests answer through PgBouncer exactly as directly', async () => {
  const range = new URLSearchParams(LAST_NIGHT).toString();
  const sid = data.sessions.aliceProdLastNight[0]!;
  const urls = [
    `/v1/events?${range}&limit=25`,
    `/v1/events?${range}&limit=500&order=asc&fields=uid,type,actor`,
    `/v1/events?${range}&q=${encodeURIComponent('user:alice cluster:prod*')}`,
    `/v1/events/histogram?${range}&interval=1h&group_by=event_type`,
    `/v1/events/facets?${range}&fields=actor,event_type,cluster`,
    `/v1/events/facets?q=${encodeURIComponent('event:user.login success:false')}&fields=remote_ip`,
    `/v1/sessions?${range}&q=${encodeURIComponent('user:alice')}`,
    `/v1/sessions/${sid}`,
    `/v1/access-requests/${data.requests.approved}`,
    `/v1/search/fields`,
  ];
  for (const url of urls) {
    const [viaBouncer, viaPostgres] = [ok(await call(bounced.app, tenants.a, url), url), ok(await call(direct.app, tenants.a, url), url)];
    assert.deepEqual(viaBouncer.json(), viaPostgres.json(), url);
  }
  const page = ok(await call(bounced.app, tenants.a, `/v1/events?${range}&limit=500&fields=uid`), 'page').json() as { data: { uid: string }[] };
  assert.ok(page.data.length > 50, 'the comparison covers real results');

  for (const url of [`/v1/events/export?${range}&format=ndjson&order=asc`, `/v1/events/export?format=csv&fields=uid,type,actor&order=asc`]) {
    const [viaBouncer, viaPostgres] = [ok(await call(bounced.app, tenants.a, url), url), ok(await call(direct.app, tenants.a, url), url)];
    assert.equal(viaBouncer.body, viaPostgres.body, url);
    assert.equal(viaBouncer.trailers['x-export-complete'], 'true');
  }
  const exported = ok(await call(bounced.app, tenants.a, '/v1/events/export?format=ndjson'), 'export').body.trim().split('\n');
  assert.equal(exported.length, tenants.a.uids.size, 'the cursor streams every event of the tenant');
  // Batches of 7: the cursor's portal is read many times inside its transaction, on the one server connection.
  const batches: string[][] = [];
  for await (const batch of repos.eventSearch.stream({ tenantId: tenants.a.tenantId, condition: null, range: { from: null, to: null }, order: 'desc', fields: [] }, { batchSize: 7, rawText: true })) {
    batches.push(batch as string[]);
  }
  assert.equal(batches.length, Math.ceil(exported.length / 7));
  assert.deepEqual(batches.flat().map((line) => JSON.parse(line).uid), exported.map((line) => JSON.parse(line).uid));
});

test('tenant B through PgBouncer sees none of tenant A\'s events while both tenants\' requests share two server connections', async () => {
  const range = new URLSearchParams(LAST_NIGHT).toString();
  const one = ok(await call(bounced.app, tenants.a, `/v1/events?${range}&limit=1`), 'one').json().data[0] as { id: string };
  const otherThan = (tenant: Tenant) => (tenant === tenants.a ? tenants.b : tenants.a);
  const onlyOwn = (tenant: Tenant, uids: string[]) => {
    assert.ok(uids.length > 0);
    assert.deepEqual(uids.filter((uid) => !tenant.uids.has(uid) || otherThan(tenant).uids.has(uid)), [], 'only its own events');
  };
  const checks: ((tenant: Tenant) => Promise<void>)[] = [
    async (tenant) => {
      const rows = ok(await call(bounced.app, tenant, `/v1/events?${range}&limit=1000&fields=uid`), 'search').json().data as { uid: string }[];
      onlyOwn(tenant, rows.map((r) => r.uid));
    },
    async (tenant) => {
      const lines = ok(await call(bounced.app, tenant, '/v1/events/export?format=csv&fields=uid'), 'export').body.trim().split(/\r?\n/).slice(1);
      const uids = lines.map((l) => l.replace(/^"|"$/g, ''));
      onlyOwn(tenant, uids);
      assert.deepEqual(new Set(uids), tenant.uids, 'all of its own events');
    },
    async (tenant) => {
      const { facets } = ok(await call(bounced.app, tenant, '/v1/events/facets?fields=cluster'), 'facets').json() as { facets: { values: { value: string }[] }[] };
      assert.equal(facets[0]!.values.some((v) => v.value === 'b.example.com'), tenant === tenants.b);
    },
    async (tenant) => {
      const res = await call(bounced.app, tenant, `/v1/events/${one.id}`);
      assert.equal(res.statusCode, tenant === tenants.a ? 200 : 404, 'an event of A by id is not found for B');
    },
  ];
  await Promise.all(Array.from({ length: 40 }, (_, i) => checks[Math.floor(i / 2) % checks.length]!(i % 2 === 0 ? tenants.a : tenants.b)));
  const servers = await owner<{ n: number }>(`select count(*)::int as n from pg_stat_activity where usename = '${APP_ROLE}'`);
  assert.ok(servers[0]!.n <= SERVER_CONNECTIONS, `${servers[0]!.n} server connections for every client`);
});

test('a dashboard user signs in through PgBouncer and the session cookie reaches the tenant', async () => {
  const password = 'correct horse battery staple';
  await createUserWithPassword(repos, { tenantId: tenants.a.tenantId, email: 'ops@a.example.test', role: 'analyst', password });
  const signIn = ok(await bounced.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'ops@a.example.test', password } }), 'sign-in');
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  const me = ok(await bounced.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie } }), 'me').json();
  assert.equal(me.tenant.id, tenants.a.tenantId);
  assert.equal(me.user.email, 'ops@a.example.test');
  const wrong = await bounced.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'ops@a.example.test', password: 'not the password at all' } });
  assert.equal(wrong.statusCode, 401);
});

describe('the worker through PgBouncer', () => {
  type Line = { msg: string; [key: string]: unknown };
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  const waitForLine = async (msg: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const line = lines.find((l) => l.msg === msg);
      if (line) return line;
      const failed = lines.find((l) => l.level as number >= 50);
      if (failed) throw new Error(`worker: ${JSON.stringify(failed)}`);
      if (Date.now() > deadline) throw new Error(`no '${msg}' in ${JSON.stringify(lines)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const countsByTenant = async () => Object.fromEntries((await owner<{ tenant_id: string; n: number }>('select tenant_id, count(*)::int as n from teleport_audit_events group by 1')).map((r) => [r.tenant_id, r.n]));

  test('the worker creates the partitions ahead and applies retention through PgBouncer', async () => {
    const short = { ...(await createTenantWithAdminKey(repos, { name: 'c' })), uids: new Set<string>() };
    await repos.tenants.updateSettings({ tenantId: short.tenantId, retentionDays: 30 });
    const at = (daysAgo: number, uid: string): ScenarioEvent => ({ event: 'user.login', uid, time: new Date(Date.now() - daysAgo * DAY).toISOString(), user: 'c-user', success: true, cluster_name: 'c.example.com' });
    await post(bounced.app, await newSource(short, 'c'), [at(45, 'c-45d'), at(40, 'c-40d'), at(2, 'c-2d')], 10);
    const before = await countsByTenant();

    const worker = await startWorker({ config: loadWorkerConfig({ DATABASE_URL: bouncedUrl, METRICS_PORT: 'off', LOG_LEVEL: 'info' }), logger });
    try {
      await waitForLine('partitions ensured');
      const applied = await waitForLine('retention applied') as Line & RetentionRunSummary;
      assert.equal(applied.deleted.teleport_audit_events, 2);
    } finally {
      await worker.close();
    }
    const left = await owner<{ uid: string }>(`select uid from teleport_audit_events where tenant_id = '${short.tenantId}'`);
    assert.deepEqual(left.map((r) => r.uid), ['c-2d'], 'past its 30 days gone, newer kept');
    assert.deepEqual(await countsByTenant(), { ...before, [short.tenantId]: 1 }, 'the other tenants\' year keeps all their events');
    const partitions = new Set((await owner<{ name: string }>(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'teleport_audit_events'::regclass`)).map((r) => r.name));
    for (const month of upcomingMonths(new Date())) {
      const name = `teleport_audit_events_${month.toISOString().slice(0, 7).replace('-', '')}`;
      assert.ok(partitions.has(name), `${name} in ${[...partitions].join()}`);
    }
    assert.deepEqual(await owner('select objid from pg_locks where locktype = \'advisory\''), [], 'no lock left behind');
  });

  test('while one worker runs retention through PgBouncer another skips its turn, and takes the next one', async () => {
    // Two workers: two clients of the same PgBouncer, on its two shared server connections.
    const second = createDbClient({ url: bouncedUrl, poolMax: 4, asAppRole: true });
    const secondRepos = createRepositories({ client: second });
    try {
      let arrived!: () => void;
      let release!: () => void;
      const inside = new Promise<void>((r) => { arrived = r; });
      const gate = new Promise<void>((r) => { release = r; });
      const held = { ...repos.retention, tenantRetentions: async () => { arrived(); await gate; return repos.retention.tenantRetentions(); } };
      const options = { everyMs: 3_600_000, rejectRetentionDays: 30, objectRecordRetentionDays: 90 };
      const capture = () => {
        const got: string[] = [];
        const push = (_obj: object, msg: string) => { got.push(msg); };
        const log = { debug: push, info: push, warn: push, error: push, child: () => log };
        return { got, log };
      };
      const [first, skipped, later] = [capture(), capture(), capture()];

      const running = retentionJob({ ...options, retention: held }).handle({ task: 'retention' }, first.log);
      await Promise.race([inside, running.then(() => assert.fail(`the first run did not get the lock: ${first.got.join()}`))]);
      // The holder waits idle in its transaction, without a snapshot: vacuum is not held back for the run.
      const holders = await owner<{ xmin: string | null }>(`select backend_xmin::text as xmin from pg_stat_activity where usename = '${APP_ROLE}' and state = 'idle in transaction'`);
      assert.deepEqual(holders, [{ xmin: null }]);
      for (let i = 0; i < 3; i++) await retentionJob({ ...options, retention: secondRepos.retention }).handle({ task: 'retention' }, skipped.log);
      release();
      await running;
      assert.deepEqual(skipped.got, Array(3).fill('retention skipped: another worker is running it'), 'whichever server connection it gets');
      assert.deepEqual(first.got, ['retention applied']);

      for (let i = 0; i < 3; i++) await retentionJob({ ...options, retention: secondRepos.retention }).handle({ task: 'retention' }, later.log);
      assert.deepEqual(later.got, Array(3).fill('retention applied'), 'the lock was released, whichever server connection took it');
      assert.deepEqual(await owner('select objid from pg_locks where locktype = \'advisory\''), [], 'no lock left behind on a server connection');
    } finally {
      await second.close();
    }
  });
});
