import { envFields, isSecretsKey, metricsEnv, parseEnv, type MetricsConfig } from '@tai/core';
import { z } from 'zod';

// Next to node_exporter's 9100 and the exporters' range (9464 is the OpenTelemetry Prometheus exporter's).
const DEFAULT_METRICS_PORT = 9465;

const WorkerEnv = z.object({
  DATABASE_URL: envFields.postgresUrl('a postgres:// URL of the role that owns the schema, e.g. postgres://postgres@127.0.0.1:5432/teleport_audit, or of teleport_audit_app itself (through PgBouncer)'),
  DATABASE_MIGRATION_URL: envFields.postgresUrl('a postgres:// URL of the owner role straight to Postgres, for the migrations run on start; needed when DATABASE_URL goes through PgBouncer').optional(),
  DATABASE_POOL_MAX: envFields.int('connections in the worker pool, 1-200', { min: 1, max: 200, fallback: 5 }),
  REDIS_URL: envFields.redisUrl('a redis:// URL, e.g. redis://127.0.0.1:6379; unset runs background jobs in-process').optional(),
  LOG_LEVEL: envFields.logLevel(),
  MAINTENANCE_INTERVAL_SECONDS: envFields.int('seconds between maintenance runs (partitions ahead), 60-86400', { min: 60, max: 86_400, fallback: 3_600 }),
  RETENTION_INTERVAL_SECONDS: envFields.int('seconds between retention runs (expired events, quarantine and object records deleted), 60-86400', { min: 60, max: 86_400, fallback: 3_600 }),
  REJECT_RETENTION_DAYS: envFields.int('days quarantined input (ingest_rejects) is kept, at most the tenant\'s own retention, 1-3650', { min: 1, max: 3_650, fallback: 30 }),
  OBJECT_RECORD_RETENTION_DAYS: envFields.int('days an S3 object record in a final state (done, failed, skipped, missing) is kept, 1-3650', { min: 1, max: 3_650, fallback: 90 }),
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region').default('us-east-1').describe('the AWS region of the service queue, e.g. us-east-1'),
  AWS_ENDPOINT_URL: envFields.httpUrl('an http(s):// endpoint for S3 and SQS (LocalStack, fauxqs); unset uses AWS').optional(),
  AWS_STS_ENDPOINT_URL: envFields.httpUrl('an http(s):// endpoint for STS AssumeRole of sources with a roleArn; unset uses AWS (AWS_ENDPOINT_URL does not apply: fauxqs has no STS)').optional(),
  S3_INGEST_QUEUE_URL: envFields.httpUrl('the SQS queue URL the service topic delivers S3 notifications to; unset: no shared queue').optional(),
  SQS_VISIBILITY_TIMEOUT_SECONDS: envFields.int('seconds a received notification stays hidden while it is handed off, 10-43200', { min: 10, max: 43_200, fallback: 60 }),
  SQS_WAIT_SECONDS: envFields.int('long-poll wait, 0-20', { min: 0, max: 20, fallback: 20 }),
  SQS_MAX_RECEIVE_COUNT: envFields.int('receives after which an unreadable notification is quarantined and deleted, 1-1000', { min: 1, max: 1_000, fallback: 5 }),
  S3_OBJECT_CONCURRENCY: envFields.int('objects read at once per worker, 1-64', { min: 1, max: 64, fallback: 2 }),
  S3_OBJECT_ATTEMPTS: envFields.int('attempts per object before it is marked failed, 1-50', { min: 1, max: 50, fallback: 8 }),
  S3_RETRY_DELAY_SECONDS: envFields.int('first retry delay for an object, doubling each time, 1-3600', { min: 1, max: 3_600, fallback: 5 }),
  S3_MAX_OBJECT_BYTES: envFields.int('largest object read, in bytes', { min: 1024, max: Number.MAX_SAFE_INTEGER, fallback: 5 * 1024 ** 3 }),
  S3_MAX_EVENT_BYTES: envFields.int('largest single event in an object, in bytes', { min: 1024, max: 1 << 30, fallback: 16 * 1024 * 1024 }),
  S3_RECONCILE_INTERVAL_SECONDS: envFields.int('seconds between listings of each S3 source\'s recent days, which ingest objects no notification brought and report them, 60-86400', { min: 60, max: 86_400, fallback: 3_600 }),
  S3_RECONCILE_DAYS: envFields.int('UTC days (today included) each S3 reconcile lists, 1-31', { min: 1, max: 31, fallback: 2 }),
  S3_STALE_OBJECT_SECONDS: envFields.int('seconds a queued or processing object may sit unchanged before it is queued again (a lost job, a killed worker), 1-86400', { min: 1, max: 86_400, fallback: 300 }),
  SECRETS_ENCRYPTION_KEY: z.string().refine(isSecretsKey, 'not 32 bytes of base64').optional().describe('the API\'s SECRETS_ENCRYPTION_KEY, to open S3 static access keys'),
  REJECT_PAYLOAD_MAX_BYTES: envFields.int('bytes of a quarantined payload kept in ingest_rejects, 0-67108864', { min: 0, max: 64 * 1024 * 1024, fallback: 1024 * 1024 }),
  METRICS_PORT: z.string().regex(/^(off|\d{1,5})$/, 'not a port or off').default(String(DEFAULT_METRICS_PORT))
    .transform((v) => (v === 'off' ? null : Number(v))).refine((v) => v === null || v <= 65535, 'above 65535')
    .describe('the TCP port of the worker\'s /metrics, 0-65535 (0: any free port), or off'),
  METRICS_HOST: z.string().min(1).default('127.0.0.1').describe('the interface /metrics listens on, e.g. 0.0.0.0 for a Prometheus in another container'),
  METRICS_TOKEN: metricsEnv.token,
  METRICS_TENANT_LABELS: metricsEnv.tenantLabels,
  DETECTION_POLL_MS: envFields.int('milliseconds between looks at the detection queue after a round of few events, 50-60000', { min: 50, max: 60_000, fallback: 250 }),
  DETECTION_BATCH_EVENTS: envFields.int('events evaluated per transaction, 1-100000', { min: 1, max: 100_000, fallback: 5_000 }),
  DETECTION_GATHER_MS: envFields.int('milliseconds between looks at the detection queue while events arrive in numbers (a round took a tenth of DETECTION_BATCH_EVENTS or more), 50-60000', { min: 50, max: 60_000, fallback: 1_000 }),
  DELIVERY_POLL_MS: envFields.int('milliseconds between looks for alert deliveries due, 50-60000', { min: 50, max: 60_000, fallback: 1_000 }),
  DELIVERY_TIMEOUT_SECONDS: envFields.int('seconds a destination has to answer one delivery, 1-120', { min: 1, max: 120, fallback: 10 }),
  DESTINATION_ALLOW_PRIVATE_NETWORKS: envFields.bool('true lets alert destinations reach loopback, private and link-local addresses (a receiver on this host or network); false refuses them, so a tenant cannot make the worker post into the network it runs in', false),
  PUBLIC_URL: envFields.httpUrl('the dashboard\'s base URL (the API\'s PUBLIC_URL), for links in alert notifications; unset sends none').optional(),
});

export type WorkerConfig = {
  databaseUrl: string;
  /** where the migrations run on start: the owner, directly (not through PgBouncer: they take a session lock) */
  migrationUrl: string;
  databasePoolMax: number;
  redisUrl: string | null;
  logLevel: z.infer<typeof WorkerEnv>['LOG_LEVEL'];
  maintenanceIntervalSeconds: number;
  retention: RetentionConfig;
  s3: S3IngestConfig;
  s3Reconcile: S3ReconcileConfig;
  metrics: WorkerMetricsConfig;
  detections: DetectionsConfig;
};

export type DetectionsConfig = { pollMs: number; gatherMs: number; batchEvents: number; deliveryPollMs: number; deliveryTimeoutMs: number; publicUrl: string | null; allowPrivateNetworks: boolean };

/** The worker has no other HTTP server: /metrics gets a small one of its own (port null: none). */
export type WorkerMetricsConfig = MetricsConfig & { host: string; port: number | null };

export type RetentionConfig = { intervalSeconds: number; rejectRetentionDays: number; objectRecordRetentionDays: number };

export type S3ReconcileConfig = { intervalSeconds: number; days: number };

export type S3IngestConfig = {
  region: string;
  endpoint: string | null;
  stsEndpoint: string | null;
  serviceQueueUrl: string | null;
  visibilityTimeoutSeconds: number;
  waitSeconds: number;
  maxReceiveCount: number;
  objectConcurrency: number;
  objectAttempts: number;
  retryDelayMs: number;
  maxObjectBytes: number;
  maxEventBytes: number;
  rejectPayloadMaxBytes: number;
  staleObjectMs: number;
  secretsKey: string | null;
};

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const e = parseEnv(WorkerEnv, env);
  return {
    databaseUrl: e.DATABASE_URL,
    migrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL ?? null,
    logLevel: e.LOG_LEVEL,
    maintenanceIntervalSeconds: e.MAINTENANCE_INTERVAL_SECONDS,
    retention: { intervalSeconds: e.RETENTION_INTERVAL_SECONDS, rejectRetentionDays: e.REJECT_RETENTION_DAYS, objectRecordRetentionDays: e.OBJECT_RECORD_RETENTION_DAYS },
    s3: {
      region: e.AWS_REGION,
      endpoint: e.AWS_ENDPOINT_URL ?? null,
      stsEndpoint: e.AWS_STS_ENDPOINT_URL ?? null,
      serviceQueueUrl: e.S3_INGEST_QUEUE_URL ?? null,
      visibilityTimeoutSeconds: e.SQS_VISIBILITY_TIMEOUT_SECONDS,
      waitSeconds: e.SQS_WAIT_SECONDS,
      maxReceiveCount: e.SQS_MAX_RECEIVE_COUNT,
      objectConcurrency: e.S3_OBJECT_CONCURRENCY,
      objectAttempts: e.S3_OBJECT_ATTEMPTS,
      retryDelayMs: e.S3_RETRY_DELAY_SECONDS * 1000,
      maxObjectBytes: e.S3_MAX_OBJECT_BYTES,
      maxEventBytes: e.S3_MAX_EVENT_BYTES,
      rejectPayloadMaxBytes: e.REJECT_PAYLOAD_MAX_BYTES,
      staleObjectMs: e.S3_STALE_OBJECT_SECONDS * 1000,
      secretsKey: e.SECRETS_ENCRYPTION_KEY ?? null,
    },
    s3Reconcile: { intervalSeconds: e.S3_RECONCILE_INTERVAL_SECONDS, days: e.S3_RECONCILE_DAYS },
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT, token: e.METRICS_TOKEN ?? null, tenantLabels: e.METRICS_TENANT_LABELS },
    detections: {
      pollMs: e.DETECTION_POLL_MS, gatherMs: e.DETECTION_GATHER_MS, batchEvents: e.DETECTION_BATCH_EVENTS,
      deliveryPollMs: e.DELIVERY_POLL_MS, deliveryTimeoutMs: e.DELIVERY_TIMEOUT_SECONDS * 1000, publicUrl: e.PUBLIC_URL ?? null,
      allowPrivateNetworks: e.DESTINATION_ALLOW_PRIVATE_NETWORKS,
    },
  };
}
