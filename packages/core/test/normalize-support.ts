import assert from 'node:assert/strict';
import { normalizeEvent, type NormalizeContext, type NormalizedEvent } from '../src/events/index.js';

export const RECEIVED_AT = new Date('2030-01-02T03:04:05.678Z');

/** Normalizes an event that must be accepted, failing the test with the refusal otherwise. */
export function normalizeOk(raw: unknown, ctx: Partial<NormalizeContext> = {}): NormalizedEvent {
  const result = normalizeEvent(raw, { receivedAt: RECEIVED_AT, ...ctx });
  if (!result.ok) assert.fail(`expected ${JSON.stringify(raw)} to normalize, got ${result.reason}: ${result.message}`);
  return result.event;
}
