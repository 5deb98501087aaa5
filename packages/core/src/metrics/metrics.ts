import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { rejectReasonLabel } from './reject-reason-label.js';
import { scrapeSources, withinMs } from './scrape-sources.js';

export const METRIC_PREFIX = 'tai_';

export type IngestPath = 'webhook' | 's3';
/** The service's shared queue, or a customer-owned queue of one source (never the URL: one per customer). */
export type SqsQueueKind = 'service' | 'source';
export type ObjectFinalStatus = 'done' | 'failed' | 'missing' | 'skipped';
/** Whose events these are; labels only when the operator opts in (METRICS_TENANT_LABELS). */
export type MetricOwner = { tenantId: string; sourceId: string };

/** The slice of a pg Pool read at scrape time (kept structural, so this package needs no pg). */
export type PoolUsage = { totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } };
export type JobQueueCounts = { queue: string; waiting: number; active: number; delayed: number };

// Webhook requests commit in milliseconds; large bodies and S3 listings take seconds; past 30 s a client has given up.
const HTTP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// A batch commit is one transaction; above a second it is holding the pool hostage.
const COMMIT_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// The Event Handler sends one event per request; batches go up to INGEST_BATCH_MAX_ROWS (at most 10000).
const BATCH_EVENTS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
// A hung Redis must not hold a scrape for longer than Prometheus' default scrape timeout (10 s).
const JOB_COUNTS_TIMEOUT_MS = 2_000;

export type MetricsOptions = {
  /** one per process; the standalone process passes the same one to api and worker */
  registry?: Registry;
  /** tenant_id and source_id labels on per-source counters; off by default, since each source adds series */
  tenantLabels?: boolean;
  /** Node's process metrics (memory, CPU, event loop, GC); once per registry, by the composition root */
  processMetrics?: boolean;
};

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The service's Prometheus metrics in one registry, behind small recording functions, so label names and
 * their bounded values are decided here and not at each call site. Never uses prom-client's global registry:
 * tests build many apps in one process.
 */
export function createMetrics({ registry = new Registry(), tenantLabels = false, processMetrics = false }: MetricsOptions = {}) {
  const registers = [registry];
  const name = (n: string) => `${METRIC_PREFIX}${n}`;
  const ownerLabels = tenantLabels ? ['tenant_id', 'source_id'] : [];
  const owned = <L extends Record<string, string>>(labels: L, owner: MetricOwner | null) =>
    tenantLabels ? { ...labels, tenant_id: owner?.tenantId ?? '', source_id: owner?.sourceId ?? '' } : labels;
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  const httpDuration = new Histogram({ name: name('http_request_duration_seconds'), help: 'HTTP requests by method, route pattern and status code', labelNames: ['method', 'route', 'status'], buckets: HTTP_SECONDS, registers });
  const events = new Counter({ name: name('ingest_events_total'), help: 'Events received by ingest path and outcome: stored (new) or duplicate (already stored)', labelNames: ['path', 'outcome', ...ownerLabels], registers });
  const rejects = new Counter({ name: name('ingest_rejects_total'), help: 'Input quarantined (or, on the shared SQS queue, dropped) by ingest path and reject reason code', labelNames: ['path', 'reason', ...ownerLabels], registers });
  const batchEvents = new Histogram({ name: name('ingest_batch_events'), help: 'Events per committed insert batch', labelNames: ['path'], buckets: BATCH_EVENTS, registers });
  const batchCommit = new Histogram({ name: name('ingest_batch_commit_duration_seconds'), help: 'Time to commit one insert batch, by result (ok, error)', labelNames: ['path', 'result'], buckets: COMMIT_SECONDS, registers });
  const sqsReceived = new Counter({ name: name('sqs_messages_received_total'), help: 'SQS messages received, by queue kind (service, source)', labelNames: ['queue'], registers });
  const sqsDeleted = new Counter({ name: name('sqs_messages_deleted_total'), help: 'SQS messages deleted once handled, by queue kind', labelNames: ['queue'], registers });
  const objects = new Counter({ name: name('s3_objects_total'), help: 'S3 objects that reached a final status (done, failed, missing, skipped)', labelNames: ['status', ...ownerLabels], registers });
  const objectRetries = new Counter({ name: name('s3_object_retries_total'), help: 'S3 object reads that failed and will be retried', registers });
  const evaluated = new Counter({ name: name('detection_events_evaluated_total'), help: 'Committed events evaluated against the enabled detection rules', registers });
  const evaluationLag = new Histogram({ name: name('detection_evaluation_lag_seconds'), help: 'From an event batch committing to its evaluation committing (alerts and outbox written)', buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 300], registers });
  const alertsRaised = new Counter({ name: name('alerts_total'), help: 'Alerts by kind (detection, monitor) and severity, and firings that joined an open alert (outcome deduplicated)', labelNames: ['kind', 'severity', 'outcome'], registers });
  const deliveryAttempts = new Counter({ name: name('alert_delivery_attempts_total'), help: 'Alert delivery attempts by destination kind and outcome (delivered, retry, failed)', labelNames: ['destination', 'outcome'], registers });
  const objectsInFlight = new Gauge({ name: name('s3_objects_in_flight'), help: 'S3 objects being read now', registers });

  const writers = scrapeSources<() => { pendingRows: number; inFlight: number }>();
  const budgets = scrapeSources<{ total: number; inUse: () => number }>();
  const pools = scrapeSources<{ pool: string; usage: PoolUsage }>();
  const jobQueues = scrapeSources<() => Promise<JobQueueCounts[]>>();
  const pollers = scrapeSources<{ queue: SqsQueueKind; oldestAgeSeconds: number }>();
  const replicas = scrapeSources<() => Promise<number>>();
  const detectionBacklogs = scrapeSources<() => Promise<{ events: number; oldestSeconds: number }>>();
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  new Gauge({ name: name('ingest_writer_pending_events'), help: 'Webhook events queued for insert (the writer queue); requests get 503 past INGEST_MAX_PENDING_ROWS', registers,
    collect() { this.set(sum(writers.values().map((s) => s().pendingRows))); } });
  new Gauge({ name: name('ingest_writer_batches_in_flight'), help: 'Webhook insert batches committing now', registers,
    collect() { this.set(sum(writers.values().map((s) => s().inFlight))); } });
  new Gauge({ name: name('ingest_memory_budget_in_use_bytes'), help: 'Bytes of the ingest memory budget leased by webhook bodies now', registers,
    collect() { this.set(sum(budgets.values().map((b) => b.inUse()))); } });
  new Gauge({ name: name('ingest_memory_budget_limit_bytes'), help: 'The ingest memory budget (INGEST_MEMORY_BUDGET_BYTES)', registers,
    collect() { this.set(sum(budgets.values().map((b) => b.total))); } });
  new Gauge({ name: name('db_pool_connections'), help: 'Database pool connections by pool (api, worker) and state (total, idle)', labelNames: ['pool', 'state'], registers,
    collect() {
      this.reset();
      for (const { pool, usage } of pools.values()) {
        this.inc({ pool, state: 'total' }, usage.totalCount);
        this.inc({ pool, state: 'idle' }, usage.idleCount);
      }
    } });
  new Gauge({ name: name('db_pool_waiting_clients'), help: 'Queries waiting for a pool connection, by pool', labelNames: ['pool'], registers,
    collect() {
      this.reset();
      for (const { pool, usage } of pools.values()) this.inc({ pool }, usage.waitingCount);
    } });
  new Gauge({ name: name('db_pool_max_connections'), help: 'Configured pool size (DATABASE_POOL_MAX), by pool', labelNames: ['pool'], registers,
    collect() {
      this.reset();
      for (const { pool, usage } of pools.values()) this.inc({ pool }, usage.options.max ?? 0);
    } });
  new Gauge({ name: name('job_queue_jobs'), help: 'Background jobs by queue and state (waiting, active, delayed): BullMQ with Redis, else the in-process runner', labelNames: ['queue', 'state'], registers,
    async collect() {
      const all = await Promise.all(jobQueues.values().map((read) => withinMs(JOB_COUNTS_TIMEOUT_MS, read)));
      this.reset();
      for (const c of all.flatMap((counts) => counts ?? [])) {
        this.inc({ queue: c.queue, state: 'waiting' }, c.waiting);
        this.inc({ queue: c.queue, state: 'active' }, c.active);
        this.inc({ queue: c.queue, state: 'delayed' }, c.delayed);
      }
    } });
  new Gauge({ name: name('db_replica_lag_seconds'), help: 'How far the read replica (DATABASE_READ_URL) is behind the primary; absent when none is configured or it cannot be reached', registers,
    async collect() {
      const lags = await Promise.all(replicas.values().map((read) => withinMs(JOB_COUNTS_TIMEOUT_MS, read)));
      this.reset();
      const known = lags.filter((lag): lag is number => lag !== null);
      if (known.length > 0) this.set(Math.max(...known));
    } });
  // One read of the queue per scrape serves both gauges.
  let backlogRead: Promise<Array<{ events: number; oldestSeconds: number } | null>> | null = null;
  const readBacklogs = () => (backlogRead ??= Promise.all(detectionBacklogs.values().map((read) => withinMs(JOB_COUNTS_TIMEOUT_MS, read))).finally(() => { setTimeout(() => { backlogRead = null; }, 1_000).unref(); }));
  new Gauge({ name: name('detection_queue_events'), help: 'Committed events waiting for detection evaluation', registers,
    async collect() {
      const known = (await readBacklogs()).filter((b): b is { events: number; oldestSeconds: number } => b !== null);
      this.reset();
      if (known.length > 0) this.set(Math.max(...known.map((b) => b.events)));
    } });
  new Gauge({ name: name('detection_queue_oldest_seconds'), help: 'Age of the oldest batch waiting for detection evaluation; grows when no worker evaluates or evaluation falls behind', registers,
    async collect() {
      const known = (await readBacklogs()).filter((b): b is { events: number; oldestSeconds: number } => b !== null);
      this.reset();
      if (known.length > 0) this.set(Math.max(...known.map((b) => b.oldestSeconds)));
    } });
  new Gauge({ name: name('sqs_oldest_message_age_seconds'), help: 'Age (from SentTimestamp) of the oldest message in each poller\'s latest receive, the largest per queue kind; 0 when the last receive was empty', labelNames: ['queue'], registers,
    collect() {
      this.reset();
      const oldest = new Map<SqsQueueKind, number>();
      for (const p of pollers.values()) oldest.set(p.queue, Math.max(oldest.get(p.queue) ?? 0, p.oldestAgeSeconds));
      for (const [queue, age] of oldest) this.set({ queue }, age);
    } });

  return {
    registry,
    /** The text exposition format of everything in the registry. */
    exposition: async (): Promise<{ contentType: string; body: string }> => ({ contentType: registry.contentType, body: await registry.metrics() }),

    http: {
      /** `route` is the route pattern (or a fixed word), never the URL: webhook URLs hold their token. */
      observe: ({ method, route, status, seconds }: { method: string; route: string; status: number; seconds: number }) =>
        httpDuration.observe({ method, route, status: String(status) }, seconds),
    },

    ingest: {
      events: ({ path, owner, stored, duplicates }: { path: IngestPath; owner: MetricOwner; stored: number; duplicates: number }) => {
        if (stored > 0) events.inc(owned({ path, outcome: 'stored' }, owner), stored);
        if (duplicates > 0) events.inc(owned({ path, outcome: 'duplicate' }, owner), duplicates);
      },
      /** One reason code per quarantined part; null owner for what no source could be named for. */
      rejects: ({ path, owner, reasons }: { path: IngestPath; owner: MetricOwner | null; reasons: string[] }) => {
        for (const reason of reasons) rejects.inc(owned({ path, reason: rejectReasonLabel(reason) }, owner));
      },
      batch: ({ path, events: count, seconds, ok }: { path: IngestPath; events: number; seconds: number; ok: boolean }) => {
        batchCommit.observe({ path, result: ok ? 'ok' : 'error' }, seconds);
        if (ok) batchEvents.observe({ path }, count);
      },
    },

    sqs: {
      /** One per running poller; close() when it stops, so its last age stops counting. */
      poller(queue: SqsQueueKind) {
        const state = { queue, oldestAgeSeconds: 0 };
        const remove = pollers.add(state);
        return {
          received(sentAt: (Date | null)[], now: Date): void {
            sqsReceived.inc({ queue }, sentAt.length);
            const times = sentAt.filter((d): d is Date => d !== null).map((d) => d.getTime());
            state.oldestAgeSeconds = times.length > 0 ? Math.max(0, (now.getTime() - Math.min(...times)) / 1000) : 0;
          },
          deleted: (): void => sqsDeleted.inc({ queue }),
          close: remove,
        };
      },
    },

    s3: {
      objectFinished: ({ status, owner }: { status: ObjectFinalStatus; owner: MetricOwner }) => objects.inc(owned({ status }, owner)),
      objectRetried: () => objectRetries.inc(),
      /** Counts one object as being read until the returned function is called. */
      objectStarted(): () => void {
        objectsInFlight.inc();
        let ended = false;
        return () => {
          if (ended) return;
          ended = true;
          objectsInFlight.dec();
        };
      },
    },

    detections: {
      batch: ({ events: count, lagSeconds }: { events: number; lagSeconds: number[] }) => {
        evaluated.inc(count);
        for (const lag of lagSeconds) evaluationLag.observe(lag);
      },
      alert: ({ kind, severity, outcome }: { kind: 'detection' | 'monitor'; severity: string; outcome: 'created' | 'deduplicated' }) => alertsRaised.inc({ kind, severity, outcome }),
      delivery: ({ destination, outcome }: { destination: string; outcome: 'delivered' | 'retry' | 'failed' }) => deliveryAttempts.inc({ destination, outcome }),
    },

    /** Read at scrape time; each returns the function that stops reporting it. */
    watch: {
      writer: (stats: () => { pendingRows: number; inFlight: number }) => writers.add(stats),
      memoryBudget: (budget: { total: number; inUse: () => number }) => budgets.add(budget),
      dbPool: (pool: string, usage: PoolUsage) => pools.add({ pool, usage }),
      jobQueues: (counts: () => Promise<JobQueueCounts[]>) => jobQueues.add(counts),
      replicaLag: (seconds: () => Promise<number>) => replicas.add(seconds),
      detectionBacklog: (read: () => Promise<{ events: number; oldestSeconds: number }>) => detectionBacklogs.add(read),
    },
  };
}
