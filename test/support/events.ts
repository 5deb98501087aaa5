import { normalizeEvent, type NormalizedEvent } from '@tai/core';
import type { Repositories } from '@tai/db';
import { loadCorpus } from './corpus.js';

/** Every corpus event, normalized as ingest would, received at `receivedAt`. */
export function normalizedCorpus(receivedAt = new Date()): NormalizedEvent[] {
  return loadCorpus().map(({ file, line, event }) => {
    const result = normalizeEvent(event, { receivedAt });
    if (!result.ok) throw new Error(`${file}:${line} did not normalize: ${result.message}`);
    return result.event;
  });
}

/** The rows a set of events should become: one per (dedup key, event time), as the unique index decides. */
export function distinctRows(events: NormalizedEvent[]): NormalizedEvent[] {
  const seen = new Map<string, NormalizedEvent>();
  for (const ev of events) {
    const key = `${ev.dedupKey}|${ev.eventTime}`;
    if (!seen.has(key)) seen.set(key, ev);
  }
  return [...seen.values()];
}

export async function insertEvents(repos: Repositories, args: { tenantId: string; sourceId: string; events: NormalizedEvent[] }) {
  return repos.auditEvents.insert(args);
}
