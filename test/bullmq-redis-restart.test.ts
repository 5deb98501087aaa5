import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, test } from 'node:test';
import { Queues } from '@tai/core';
import { createBullmqRunner } from '@tai/worker';
import pino from 'pino';
import { freePort } from './support/processes.js';

// A Redis of this test's own (not the shared 6379), because the test restarts it; without persistence, so it
// comes back empty, as a restarted cache or a fresh replica does.
const servers: ChildProcess[] = [];
after(() => {
  for (const s of servers) s.kill('SIGKILL');
});

async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(server);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return server;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('recurring jobs run again after Redis restarts empty (the schedules are declared again on reconnect)', async () => {
  const port = await freePort();
  let redis = await startRedis(port);
  const runner = createBullmqRunner({ redisUrl: `redis://127.0.0.1:${port}`, logger: pino({ level: 'silent' }), prefix: 'tai-restart-test' });
  let runs = 0;
  try {
    await runner.scheduleRecurring({ queue: Queues.Maintenance, name: 'requeue-objects', everyMs: 200, data: { task: 'requeue-objects' }, handle: async () => { runs++; } });
    await waitFor(() => runs >= 2, 'the schedule to run before the restart');

    const exited = new Promise((r) => redis.once('exit', r));
    redis.kill('SIGKILL');
    await exited;
    redis = await startRedis(port);
    const runsAtRestart = runs;

    await waitFor(() => runs >= runsAtRestart + 2, 'the schedule to run again on the empty Redis');
  } finally {
    await runner.close();
    redis.kill('SIGKILL');
  }
});
