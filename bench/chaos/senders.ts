import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { RawEvent } from '../lib/events.js';
import { postOnce } from './http-post.js';
import { sleep } from './run-command.js';
import type { Answers, SendRecord } from './tally.js';

// Retry backoff of one request: short enough to come back quickly after a restart, capped like a patient sender.
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;
// The Event Handler's per-request timeout (teleport-wire.md §2.4).
const REQUEST_TIMEOUT_MS = 30_000;

export type SenderResult = { records: SendRecord[]; answers: Answers };

type Unit = { events: RawEvent[]; body: Buffer };

/**
 * Sends units (one request each) at a steady pace with `inFlight` at most in flight, each retried with the
 * same body on anything but 200 until it gets a 200 or the deadline passes, as a sender that must not lose
 * data does. Every event remembers its first send, its 200 and the answers its request got.
 */
async function sendPaced({ url, units, headers, inFlight, unitsPerSecond, deadline }: {
  url: URL;
  units: Unit[];
  headers: Record<string, string>;
  inFlight: number;
  unitsPerSecond: number;
  deadline: number;
}): Promise<SenderResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const answers: Answers = {};
  const records: SendRecord[] = [];
  const start = Date.now();
  let next = 0;
  const sendUnit = async (unit: Unit) => {
    const own: SendRecord[] = unit.events.map((e) => ({ uid: String(e.uid), firstSentAt: Date.now(), acceptedAt: null, statuses: {} }));
    records.push(...own);
    let backoff = FIRST_BACKOFF_MS;
    while (Date.now() < deadline) {
      const label = await postOnce({ url, body: unit.body, headers, agent, timeoutMs: Math.max(1, Math.min(REQUEST_TIMEOUT_MS, deadline - Date.now())) });
      answers[label] = (answers[label] ?? 0) + 1;
      for (const r of own) r.statuses[label] = (r.statuses[label] ?? 0) + 1;
      if (label === '200') {
        const at = Date.now();
        for (const r of own) r.acceptedAt = at;
        return;
      }
      await sleep(Math.min(backoff, Math.max(0, deadline - Date.now())));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  };
  const lane = async () => {
    while (next < units.length) {
      const i = next++;
      const due = start + (i * 1000) / unitsPerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      await sendUnit(units[i]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, lane));
  } finally {
    agent.destroy();
  }
  return { records, answers };
}

/** Like the Teleport Event Handler posting straight to the service: one JSON event per POST, 16 in flight. */
export function sendLikeEventHandler({ url, events, eventsPerSecond, deadline, inFlight = 16 }: {
  url: URL; events: RawEvent[]; eventsPerSecond: number; deadline: number; inFlight?: number;
}): Promise<SenderResult> {
  return sendPaced({
    url, deadline, inFlight, unitsPerSecond: eventsPerSecond,
    headers: { 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1' },
    units: events.map((e) => ({ events: [e], body: Buffer.from(JSON.stringify(e)) })),
  });
}

/** Like Fluentd out_http with `compress gzip` and the json formatter: gzip NDJSON chunks, 2 in flight. */
export function sendLikeFluentd({ url, events, eventsPerSecond, deadline, chunkSize = 50, inFlight = 2 }: {
  url: URL; events: RawEvent[]; eventsPerSecond: number; deadline: number; chunkSize?: number; inFlight?: number;
}): Promise<SenderResult> {
  const units: Unit[] = [];
  for (let i = 0; i < events.length; i += chunkSize) {
    const chunk = events.slice(i, i + chunkSize);
    units.push({ events: chunk, body: gzipSync(chunk.map((e) => `${JSON.stringify(e)}\n`).join('')) });
  }
  return sendPaced({
    url, deadline, inFlight, unitsPerSecond: eventsPerSecond / chunkSize,
    headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', 'user-agent': 'Ruby' },
    units,
  });
}
