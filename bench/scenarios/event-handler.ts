import autocannon from 'autocannon';
import type { EventFactory } from '../lib/events.js';

export type LoadPhaseResult = {
  scenario: string;
  /** stored events per second: events in 2xx responses ÷ elapsed seconds */
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  elapsedSeconds: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** events the 2xx responses said were inserted (x-ingest-accepted) */
  accepted: number;
  /** events reported as duplicates (x-ingest-duplicates); 0 when every body is unique */
  duplicates: number;
  /** uids of events whose request got no 2xx answer (cut off at the end, timed out, or refused) */
  uncertainUids: string[];
  /** the pre-generated bodies ran out before the duration did */
  budgetExhausted: boolean;
  notes: string[];
};

type Context = { index?: number };

/** A scenario whose bodies are built (prepare) before the API starts and the clock runs (run). */
export type PreparedScenario = { run: (baseUrl: string) => Promise<LoadPhaseResult> };

/**
 * (a) The Teleport Event Handler sending straight to the service: one JSON event per POST to
 * `/v1/ingest/teleport/<token>/events.log`, each request a different event, `connections` in flight.
 */
export function prepareEventHandlerScenario(args: {
  token: string;
  factory: EventFactory;
  connections: number;
  durationSeconds: number;
  budgetRate: number;
  log: (line: string) => void;
}): PreparedScenario {
  const { token, factory, connections, durationSeconds, budgetRate, log } = args;

  // Every body exists before the clock starts; building them would otherwise compete for the CPU.
  const capacity = budgetRate * durationSeconds;
  const bodies: string[] = new Array<string>(capacity);
  const uids: string[] = new Array<string>(capacity);
  const t0 = performance.now();
  for (let i = 0; i < capacity; i++) {
    const { uid, event } = factory.next();
    bodies[i] = JSON.stringify(event);
    uids[i] = uid;
  }
  log(`(a) pre-generated ${capacity.toLocaleString('en-US')} single-event bodies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const run = async (baseUrl: string): Promise<LoadPhaseResult> => {
    let next = 0;
    const inFlight = new Set<number>();
    const refused = new Set<number>();
    let accepted = 0;
    let duplicates = 0;

    const result = await autocannon({
      url: baseUrl,
      connections,
      pipelining: 1,
      duration: durationSeconds,
      timeout: 10,
      // Each connection stops after its share of the bodies (after its last answer, so nothing is resent).
      maxOverallRequests: capacity,
      requests: [{
        method: 'POST',
        path: `/v1/ingest/teleport/${token}/events.log`,
        headers: { 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1' },
        setupRequest: (req, context) => {
          const index = next++;
          (context as Context).index = index;
          inFlight.add(index);
          return { ...req, body: bodies[Math.min(index, capacity - 1)]! };
        },
        onResponse: (status, _body, context, headers) => {
          const index = (context as Context).index;
          if (index === undefined) return;
          inFlight.delete(index);
          if (status >= 200 && status < 300) {
            accepted += Number(headers?.['x-ingest-accepted'] ?? 0);
            duplicates += Number(headers?.['x-ingest-duplicates'] ?? 0);
          } else {
            refused.add(index);
          }
        },
      }],
    });

    const uncertain = [...inFlight, ...refused].filter((i) => i < capacity).map((i) => uids[i]!);
    const elapsedSeconds = result.duration;
    const budgetExhausted = next >= capacity && elapsedSeconds < durationSeconds;
    const notes: string[] = [];
    if (budgetExhausted) notes.push(`(a) used all ${capacity} pre-generated bodies after ${elapsedSeconds} s; raise --budget-rate-a`);
    if (result.non2xx > 0) notes.push(`(a) non-2xx by status: ${JSON.stringify(result.statusCodeStats)}`);
    return {
      scenario: '(a) Event Handler: 1 JSON event/POST',
      eventsPerSecond: result['2xx'] / elapsedSeconds,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      elapsedSeconds,
      requests: next,
      ok2xx: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      accepted,
      duplicates,
      uncertainUids: uncertain,
      budgetExhausted,
      notes,
    };
  };
  return { run };
}
