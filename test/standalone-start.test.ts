import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, freePort, spawnBundle, stop, waitForHttp, waitForOutput, type Spawned } from './support/processes.js';

// The README's start command on a machine with no DATABASE_URL and no REDIS_URL: embedded Postgres,
// in-process jobs, first-run bootstrap; then a restart over the same data directory.
// The bundle npm start runs (the test run builds it first).
const START = 'apps/standalone/dist/main.js';
let dataDir: string;
let env: NodeJS.ProcessEnv;
let base: string;
let running: Spawned | null = null;

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tai-standalone-'));
  const port = await freePort();
  env = cleanEnv({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
  base = `http://127.0.0.1:${port}`;
});
after(async () => {
  if (running) await stop(running, dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

let apiKey: string;
let sourceId: string;

let password: string;

test('the first start creates a tenant, prints its admin key and the first admin\'s password once, and serves the dashboard, /healthz and /docs', async () => {
  running = spawnBundle(START, env);
  const [, key] = await waitForOutput(running, /API key:\s+(tai_ak_\w+)/);
  apiKey = key!;
  assert.match(running.stdout(), new RegExp(`Dashboard:\\s+${base}`));
  assert.match(running.stdout(), /Email:\s+admin@localhost/);
  password = /Password:\s+(\S+)/.exec(running.stdout())![1]!;
  const page = await fetch(`${base}/sources`);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const signIn = await fetch(`${base}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password }) });
  assert.equal(signIn.status, 200);
  assert.match(signIn.headers.get('set-cookie') ?? '', /^tai_session=tai_us_\w+; Path=\/; HttpOnly; SameSite=Lax/);
  assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
  assert.deepEqual(await (await fetch(`${base}/readyz`)).json(), { status: 'ready' });
  assert.equal((await fetch(`${base}/docs`)).status, 200);

  const created = await fetch(`${base}/v1/sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'teleport_webhook', name: 'prod' }),
  });
  assert.equal(created.status, 201);
  sourceId = ((await created.json()) as { source: { id: string } }).source.id;
  assert.equal(await stop(running, dataDir), 0, 'a clean shutdown exits 0');
  running = null;
});

test('a second start reuses the data: no new key, the old key and source still there; /metrics holds the worker\'s metrics too', async () => {
  running = spawnBundle(START, env);
  await waitForHttp(running, `${base}/readyz`);
  assert.doesNotMatch(running.stdout(), /API key:|Password:/);
  const signIn = await fetch(`${base}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password }) });
  assert.equal(signIn.status, 200, 'the first admin\'s password still works');
  const res = await fetch(`${base}/v1/sources/${sourceId}`, { headers: { authorization: `Bearer ${apiKey}` } });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { name: string }).name, 'prod');
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /^tai_db_pool_connections\{pool="api",state="total"\} \d+$/m);
  assert.match(metrics, /^tai_db_pool_connections\{pool="worker",state="total"\} \d+$/m, 'the worker\'s metrics are on the API port');
  assert.match(metrics, /^tai_job_queue_jobs\{queue="s3-object",state="waiting"\} 0$/m);
  await stop(running, dataDir);
  running = null;
});

test('a bad setting stops start-up with a message naming the variable', async () => {
  const p = spawnBundle(START, { ...env, PORT: 'eighty' });
  assert.equal(await p.exited, 2);
  assert.match(p.output(), /PORT: .*"eighty".*expected a TCP port/);
});
