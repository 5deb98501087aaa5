import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { loadCorpusFile } from './support/corpus.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { cleanEnv, freePort, REPO_ROOT, waitForHttp, waitForOutput, type Spawned } from './support/processes.js';
import { TEST_REDIS_URL } from './support/env.js';

// Signals must reach the service however it is started: the Docker image's command line (tini → node on the
// built bundle) and `npm start` (npm → node, with an embedded Postgres behind it).
const SHUTDOWN_DEADLINE_MS = 25_000;

/** The final stage's ENTRYPOINT + CMD of the Dockerfile, as `docker run` would execute them. */
function dockerCommandLine(): string[] {
  const lines = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8').split('\n');
  const finalStage = lines.slice(lines.findLastIndex((l) => /^FROM\s/i.test(l)));
  const exec = (instruction: string) => {
    const line = finalStage.find((l) => l.toUpperCase().startsWith(`${instruction} `));
    return line ? (JSON.parse(line.slice(instruction.length + 1)) as string[]) : [];
  };
  return [...exec('ENTRYPOINT'), ...exec('CMD')];
}

/** In a process group of its own, so a failed test can kill what it started under tini or npm as well. */
function spawnCommand(argv: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d; });
  child.stderr!.on('data', (d: Buffer) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, stdout: () => out, exited };
}

async function exitWithin(p: Spawned, ms: number): Promise<{ code: number | null; tookMs: number }> {
  const started = Date.now();
  const timer = setTimeout(() => killGroup(p), ms);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, tookMs: Date.now() - started };
}

function killGroup(p: Spawned): void {
  try {
    process.kill(-p.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

const answer = (req: ClientRequest) => new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>((resolve, reject) => {
  req.once('error', reject);
  req.once('response', (res) => {
    let body = '';
    res.on('data', (d: Buffer) => { body += d; });
    res.once('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
  });
});

let db: TestDatabase;
before(async () => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--server', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

test('the container\'s command line drains on SIGTERM: a request in flight is answered 200, a new one 503 with Retry-After, and it exits 0 within the deadline', async (t) => {
  const argv = dockerCommandLine();
  assert.equal(argv[0], '/usr/bin/tini', 'the image runs node under an init process');
  assert.ok(argv.includes('apps/api/dist/main.js'), 'the image runs the built bundle, not tsx or npm');
  const { apiKey } = await createTenantWithAdminKey(db.repos, { name: 'signals' });
  const port = await freePort();
  const api = spawnCommand(argv, cleanEnv({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info' }));
  t.after(() => killGroup(api));
  await waitForHttp(api, `http://127.0.0.1:${port}/readyz`);

  const created = await fetch(`http://127.0.0.1:${port}/v1/sources`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'teleport_webhook', name: 'signals' }) });
  assert.equal(created.status, 201);
  const { webhook } = (await created.json()) as { webhook: { url: string; token: string } };
  const { token } = webhook;
  const url = new URL(webhook.url);
  const event = Buffer.from(JSON.stringify(loadCorpusFile('teleport-events-test.ndjson')[0]!.event));

  // One request whose body is half sent when the signal arrives, and one idle kept-alive connection.
  const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
  const warm = await answer(request({ host: '127.0.0.1', port, path: '/healthz', agent }).end());
  assert.equal(warm.status, 200);
  const inFlight = request({ host: '127.0.0.1', port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': event.length } });
  const inFlightAnswer = answer(inFlight);
  inFlight.write(event.subarray(0, 10));
  await new Promise((r) => setTimeout(r, 200));

  api.child.kill('SIGTERM');
  await waitForOutput(api, /"msg":"shutting down"/, 5_000);
  const late = await answer(request({ host: '127.0.0.1', port, path: url.pathname, method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }).end(event)).catch((err: NodeJS.ErrnoException) => ({ status: 0, headers: {} as IncomingMessage['headers'], body: err.code ?? String(err) }));
  inFlight.end(event.subarray(10));

  const drained = await inFlightAnswer;
  assert.equal(drained.status, 200, `the request in flight finishes: ${drained.body}`);
  assert.equal(drained.body, '');
  // The idle connection is either answered by the shutdown gate or closed before the request reached it
  // (a sender retries both); it is never a 5xx of another kind.
  if (late.status !== 0) {
    assert.equal(late.status, 503);
    assert.equal(late.headers['retry-after'], '5');
    assert.equal((JSON.parse(late.body) as { error: { code: string } }).error.code, 'service.unavailable');
  }
  const { code, tookMs } = await exitWithin(api, SHUTDOWN_DEADLINE_MS + 5_000);
  assert.equal(code, 0, api.output().slice(-2_000));
  assert.ok(tookMs < SHUTDOWN_DEADLINE_MS, `exited after ${tookMs} ms`);
  assert.match(api.output(), /"msg":"stopped"/);
  const stored = await db.owner.query('select count(*)::int as n from teleport_audit_events');
  assert.equal(stored.rows[0].n, 1, 'the drained event is stored');
  agent.destroy();
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`npm start passes ${signal} on: the service and its embedded Postgres stop, and npm exits`, async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tai-signals-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const npm = spawnCommand(['npm', 'start', '--silent'], cleanEnv({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(await freePort()), LOG_LEVEL: 'info' }));
    t.after(() => killGroup(npm));
    await waitForHttp(npm, `http://127.0.0.1:${port}/readyz`);
    const postmasterPid = path.join(dataDir, 'postgres', 'postmaster.pid');
    assert.ok(existsSync(postmasterPid), 'the embedded Postgres is running');

    npm.child.kill(signal);
    const { code, tookMs } = await exitWithin(npm, SHUTDOWN_DEADLINE_MS + 5_000);
    assert.match(npm.output(), new RegExp(`"signal":"${signal}","msg":"stopped"`), npm.output().slice(-2_000));
    assert.ok(tookMs < SHUTDOWN_DEADLINE_MS, `npm exited after ${tookMs} ms`);
    assert.notEqual(code, null, 'npm exited by itself');
    assert.equal(existsSync(postmasterPid), false, 'the embedded Postgres stopped with it');
    const port2Free = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => false, () => true);
    assert.ok(port2Free, 'nothing listens on the port any more');
  });
}
