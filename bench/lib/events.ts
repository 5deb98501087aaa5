import { randomUUID } from 'node:crypto';
import { normalizeEvent } from '@tai/core';
import { loadCorpus } from '../../test/support/corpus.js';

export type RawEvent = Record<string, unknown>;

/** The cluster the bench sources are configured with (the normalizer's last cluster_name fallback). */
export const BENCH_CLUSTER = 'bench.example.com';

/**
 * The corpus events (test/fixtures/corpus) usable as templates: every one that becomes a row. Events with a
 * U+0000 would be quarantined by the API, so they are left out; there are none today.
 */
export function loadTemplates(): RawEvent[] {
  const templates = loadCorpus()
    .filter(({ text, event }) => !text.includes('\\u0000') && normalizeEvent(event, { receivedAt: new Date() }).ok)
    .map(({ event }) => event);
  if (templates.length === 0) throw new Error('no usable events in the corpus');
  return templates;
}

/**
 * How bench events are timed. `month`: at random over the current month, so rows land in the normal monthly
 * partition and arrive in no order (the worst case for index locality and for alert dedup, which then joins
 * almost nothing). `live`: within the last five seconds, in about the order a cluster emits them.
 */
export type EventTimes = 'month' | 'live';
const LIVE_SPREAD_MS = 5_000;

/**
 * Unique, realistic events: the corpus templates in turn, each copy with a fresh `uid` (the dedup key)
 * and a `time` as `times` says.
 */
export function createEventFactory(templates: RawEvent[], now = new Date(), times: EventTimes = 'month') {
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const span = Math.max(now.getTime() - monthStart, 60_000);
  let i = 0;
  return {
    next(): { uid: string; event: RawEvent } {
      const template = templates[i++ % templates.length]!;
      const uid = randomUUID();
      const at = times === 'live' ? Date.now() - Math.floor(Math.random() * LIVE_SPREAD_MS) : monthStart + Math.floor(Math.random() * span);
      const time = new Date(at).toISOString();
      return { uid, event: { ...template, uid, time } };
    },
  };
}

export type EventFactory = ReturnType<typeof createEventFactory>;
