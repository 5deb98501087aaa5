import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pauseAfterRound } from '../src/detections/detection-loop.js';

const opts = { pollMs: 250, gatherMs: 1_000, batchEvents: 5_000 };

test('a round that left a backlog goes straight on to the next', () => {
  assert.equal(pauseAfterRound({ backlog: true, events: 5_000 }, opts), 0);
});

test('a round of a few events waits the poll interval, so a trickle is evaluated within it', () => {
  assert.equal(pauseAfterRound({ backlog: false, events: 0 }, opts), 250);
  assert.equal(pauseAfterRound({ backlog: false, events: 499 }, opts), 250);
});

test('a round of a tenth of a batch or more waits the gather interval, so heavy ingest is evaluated in bigger batches', () => {
  assert.equal(pauseAfterRound({ backlog: false, events: 500 }, opts), 1_000);
  assert.equal(pauseAfterRound({ backlog: false, events: 4_999 }, opts), 1_000);
});

test('a gather interval set below the poll interval never shortens the pause', () => {
  assert.equal(pauseAfterRound({ backlog: false, events: 900 }, { ...opts, gatherMs: 100 }), 250);
});
