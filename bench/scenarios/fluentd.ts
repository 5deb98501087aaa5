import http from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { EventFactory } from '../lib/events.js';
import { percentile } from '../lib/stats.js';
import type { LoadPhaseResult, PreparedScenario } from './event-handler.js';

const gzip = promisify(gzipCallback);

type Chunk = { body: Buffer; uids: string[] };
type Answer = { status: number; accepted: number; duplicates: number };

function post(agent: http.Agent, url: URL, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent,
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      // What Fluentd out_http sends with `compress gzip` and the json formatter.
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', 'content-length': body.length, 'user-agent': 'fluentd out_http' },
      timeout: 60_000,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        accepted: Number(res.headers['x-ingest-accepted'] ?? 0),
        duplicates: Number(res.headers['x-ingest-duplicates'] ?? 0),
      }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * (b) Fluentd out_http (or Fluent Bit json_lines): gzip NDJSON chunks of `chunkSize` events, `connections`
 * requests in flight. At the deadline no new chunk is started and those in flight are awaited, so every
 * chunk sent has an answer; the elapsed time includes that drain.
 */
export async function prepareFluentdScenario(args: {
  token: string;
  factory: EventFactory;
  connections: number;
  chunkSize: number;
  durationSeconds: number;
  budgetRate: number;
  log: (line: string) => void;
}): Promise<PreparedScenario> {
  const { token, factory, connections, chunkSize, durationSeconds, budgetRate, log } = args;

  const chunkCount = Math.max(connections * 2, Math.ceil((budgetRate * durationSeconds) / chunkSize));
  const t0 = performance.now();
  const chunks: Chunk[] = [];
  // Compressed a few at a time on the libuv pool, so both cores help and peak memory stays low.
  for (let start = 0; start < chunkCount; start += 8) {
    const batch = Array.from({ length: Math.min(8, chunkCount - start) }, () => {
      const uids: string[] = [];
      let ndjson = '';
      for (let i = 0; i < chunkSize; i++) {
        const { uid, event } = factory.next();
        uids.push(uid);
        ndjson += `${JSON.stringify(event)}\n`;
      }
      return { ndjson, uids };
    });
    chunks.push(...await Promise.all(batch.map(async ({ ndjson, uids }) => ({ body: await gzip(ndjson), uids }))));
  }
  const gzBytes = chunks.reduce((n, c) => n + c.body.length, 0);
  log(`(b) pre-generated ${chunkCount} gzip NDJSON chunks of ${chunkSize} events (${(gzBytes / chunkCount / 1024).toFixed(0)} KiB each compressed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const run = async (baseUrl: string): Promise<LoadPhaseResult> => {
    const url = new URL(`/v1/ingest/teleport/${token}/events.log`, baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    const latencies: number[] = [];
    const uncertain: string[] = [];
    const statusCounts = new Map<string, number>();
    let next = 0;
    let ok2xx = 0;
    let non2xx = 0;
    let errors = 0;
    let timeouts = 0;
    let accepted = 0;
    let duplicates = 0;

    const start = performance.now();
    const deadline = start + durationSeconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline && next < chunks.length) {
        const chunk = chunks[next++]!;
        const sentAt = performance.now();
        try {
          const answer = await post(agent, url, chunk.body);
          statusCounts.set(String(answer.status), (statusCounts.get(String(answer.status)) ?? 0) + 1);
          if (answer.status >= 200 && answer.status < 300) {
            ok2xx++;
            latencies.push(performance.now() - sentAt);
            accepted += answer.accepted;
            duplicates += answer.duplicates;
          } else {
            non2xx++;
            uncertain.push(...chunk.uids);
          }
        } catch (err) {
          errors++;
          if (err instanceof Error && err.message === 'request timed out') timeouts++;
          uncertain.push(...chunk.uids);
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    const elapsedSeconds = (performance.now() - start) / 1000;
    agent.destroy();

    const budgetExhausted = next >= chunks.length && elapsedSeconds < durationSeconds;
    const notes: string[] = [];
    if (budgetExhausted) notes.push(`(b) used all ${chunks.length} pre-generated chunks after ${elapsedSeconds.toFixed(1)} s; raise --budget-rate-b`);
    if (non2xx > 0 || errors > 0) notes.push(`(b) answers by status: ${JSON.stringify(Object.fromEntries(statusCounts))}, errors ${errors}`);
    return {
      scenario: `(b) Fluentd: gzip NDJSON x${chunkSize}, ${connections} conns`,
      eventsPerSecond: (ok2xx * chunkSize) / elapsedSeconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      elapsedSeconds,
      requests: next,
      ok2xx,
      non2xx,
      errors,
      timeouts,
      accepted,
      duplicates,
      uncertainUids: uncertain,
      budgetExhausted,
      notes,
    };
  };
  return { run };
}
