import type { Metrics, NormalizedEvent } from '@tai/core';
import { eventKey, type BatchOutcome, type EventBatchItem, type RefusedEvent } from '@tai/db';

export type WriteRequest = { tenantId: string; sourceId: string; events: NormalizedEvent[] };
/** `refused`: events of this request that Postgres would not take as data; the caller quarantines them. */
export type WriteResult = { inserted: number; duplicates: number; refused: RefusedEvent[] };

export type EventWriterOptions = {
  commitBatch: (args: { tenantId: string; items: EventBatchItem[]; receivedAt: Date }) => Promise<BatchOutcome>;
  /** rows per batch: big enough to amortise a commit, small enough to keep each transaction short */
  maxBatchRows: number;
  /** how long the first request of a batch waits for company */
  maxDelayMs: number;
  /** batches committing at once; bounded by the pool, more only queue on it */
  maxConcurrentBatches: number;
  /** rows waiting at most; beyond this new requests are refused (503) rather than queued without bound */
  maxPendingRows: number;
  /** batch sizes and commit times; absent in unit tests of the batching itself */
  metrics?: Pick<Metrics['ingest'], 'batch'>;
  now: () => Date;
};

export class WriterOverloadedError extends Error {
  constructor() {
    super('ingest writer queue is full');
    this.name = 'WriterOverloadedError';
  }
}

type Pending = WriteRequest & { resolve: (r: WriteResult) => void; reject: (err: unknown) => void };

/**
 * The Event Handler posts one event per request. Committing each on its own would cost a transaction per
 * event, so concurrent requests are merged: each tenant's pending requests become one multi-row insert per
 * few milliseconds (or per maxBatchRows rows), and each request is answered when the batch holding it commits.
 * An event Postgres refuses comes back refused to its own request only (commitBatch isolates it); a batch
 * that fails for any other reason fails only its own requests. Requests are never split across batches.
 */
export function createEventWriter(opts: EventWriterOptions) {
  const queues = new Map<string, Pending[]>(); // by tenant: one transaction has one tenant context (RLS)
  let pendingRows = 0;
  let inFlight = 0;
  let timer: NodeJS.Timeout | null = null;
  const idle: Array<() => void> = [];

  const queuedRows = (q: Pending[]) => q.reduce((n, p) => n + p.events.length, 0);

  function takeBatch(): { tenantId: string; requests: Pending[] } | null {
    // The tenant with the most waiting rows goes first, so a busy tenant fills batches and small ones still flow.
    let best: [string, Pending[]] | null = null;
    for (const entry of queues) if (!best || queuedRows(entry[1]) > queuedRows(best[1])) best = entry;
    if (!best) return null;
    const [tenantId, queue] = best;
    const requests: Pending[] = [];
    let rows = 0;
    while (queue.length > 0 && (requests.length === 0 || rows + queue[0]!.events.length <= opts.maxBatchRows)) {
      const next = queue.shift()!;
      rows += next.events.length;
      requests.push(next);
    }
    if (queue.length === 0) queues.delete(tenantId);
    return { tenantId, requests };
  }

  async function commit(tenantId: string, requests: Pending[]): Promise<void> {
    const rows = requests.reduce((n, p) => n + p.events.length, 0);
    const started = performance.now();
    const observe = (ok: boolean) => opts.metrics?.batch({ path: 'webhook', events: rows, seconds: (performance.now() - started) / 1000, ok });
    try {
      const { insertedKeys, refused } = await opts.commitBatch({
        tenantId,
        items: requests.map((r) => ({ sourceId: r.sourceId, events: r.events })),
        receivedAt: opts.now(),
      }).catch((err: unknown) => {
        observe(false);
        throw err;
      });
      observe(true);
      const refusedByEvent = new Map(refused.map((r) => [r.event, r]));
      // The first request (in arrival order) holding an inserted key gets the credit; repeats are duplicates.
      for (const request of requests) {
        let inserted = 0;
        const mine: RefusedEvent[] = [];
        for (const ev of request.events) {
          const refusal = refusedByEvent.get(ev);
          if (refusal) mine.push(refusal);
          else if (insertedKeys.delete(eventKey(ev.dedupKey, ev.eventTime))) inserted++;
        }
        request.resolve({ inserted, duplicates: request.events.length - inserted - mine.length, refused: mine });
      }
    } catch (err) {
      for (const request of requests) request.reject(err);
    } finally {
      pendingRows -= rows;
    }
  }

  function pump(): void {
    while (inFlight < opts.maxConcurrentBatches) {
      const batch = takeBatch();
      if (!batch) break;
      inFlight++;
      void commit(batch.tenantId, batch.requests).finally(() => {
        inFlight--;
        if (queues.size > 0) schedule();
        else if (inFlight === 0) idle.splice(0).forEach((fn) => fn());
      });
    }
  }

  function schedule(): void {
    const full = [...queues.values()].some((q) => queuedRows(q) >= opts.maxBatchRows);
    if (full) {
      if (timer) clearTimeout(timer);
      timer = null;
      pump();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, opts.maxDelayMs);
    }
  }

  return {
    write(request: WriteRequest): Promise<WriteResult> {
      if (request.events.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0, refused: [] });
      if (pendingRows > 0 && pendingRows + request.events.length > opts.maxPendingRows) {
        return Promise.reject(new WriterOverloadedError());
      }
      pendingRows += request.events.length;
      return new Promise<WriteResult>((resolve, reject) => {
        const queue = queues.get(request.tenantId) ?? [];
        queue.push({ ...request, resolve, reject });
        queues.set(request.tenantId, queue);
        schedule();
      });
    },

    /** Commits everything queued; for graceful shutdown. */
    drain(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      pump();
      if (queues.size === 0 && inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },

    stats: () => ({ pendingRows, inFlight }),
  };
}

export type EventWriter = ReturnType<typeof createEventWriter>;
