import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKeyedLane } from '../src/modules/ingest/keyed-lane.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

test('tasks of one key run one at a time in arrival order; other keys are not held up', async () => {
  const lane = createKeyedLane();
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const task = (name: string) => async () => {
    running++;
    peak = Math.max(peak, running);
    log.push(`start ${name}`);
    await tick();
    running--;
    return name;
  };
  const results = await Promise.all([lane.run('a', task('a1')), lane.run('a', task('a2')), lane.run('a', task('a3'))]);
  assert.deepEqual(results, ['a1', 'a2', 'a3']);
  assert.equal(peak, 1);
  assert.deepEqual(log, ['start a1', 'start a2', 'start a3']);

  let otherDone = false;
  const slow = lane.run('a', async () => { await new Promise((r) => setTimeout(r, 30)); return otherDone; });
  await lane.run('b', async () => { otherDone = true; });
  assert.equal(await slow, true, 'key b ran while key a was busy');
});

test('a failing task fails only its own caller, and the lane forgets idle keys', async () => {
  const lane = createKeyedLane();
  const failed = lane.run('a', async () => { throw new Error('boom'); });
  const next = lane.run('a', async () => 'ok');
  await assert.rejects(failed, /boom/);
  assert.equal(await next, 'ok');
  await tick();
  assert.equal(lane.size(), 0);
});
