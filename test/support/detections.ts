import { createMetrics } from '@tai/core';
import type { DetectionEvaluationRepository } from '@tai/db';
import pino from 'pino';
import { startDetectionLoop } from '../../apps/worker/src/detections/detection-loop.js';

/**
 * What the worker does for committed events: the detection loop, with short pauses, until the queue is empty
 * (or `waits` looks of 25 ms have passed), then stopped.
 */
export async function evaluateQueued(repo: DetectionEvaluationRepository, { waits = 200 }: { waits?: number } = {}): Promise<void> {
  const loop = startDetectionLoop({ repo, pollMs: 20, gatherMs: 20, batchEvents: 1000, log: pino({ level: 'silent' }), metrics: createMetrics(), now: () => new Date() });
  for (let i = 0; i < waits && (await repo.backlog()).entries > 0; i++) await new Promise((r) => setTimeout(r, 25));
  await loop.stop();
}
