import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, envFields, isSecretsKey, metricsEnv, parseEnv, type MetricsConfig } from '@tai/core';
import { bodyCost, PARSED_BYTES_PER_BODY_BYTE } from './modules/ingest/memory-budget.js';
import { z } from 'zod';

const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const ApiEnv = z.object({
  DATABASE_URL: envFields.postgresUrl('a postgres:// URL of the role that owns the schema, e.g. postgres://postgres@127.0.0.1:5432/teleport_audit, or of teleport_audit_app itself (through PgBouncer)'),
  DATABASE_MIGRATION_URL: envFields.postgresUrl('a postgres:// URL of the owner role straight to Postgres, for the migrations run on start; needed when DATABASE_URL goes through PgBouncer').optional(),
  DATABASE_POOL_MAX: envFields.int('connections in the API pool, 1-200', { min: 1, max: 200, fallback: 10 }),
  DATABASE_READ_URL: envFields.postgresUrl('a postgres:// URL of a streaming replica for searches, facets, histograms, sessions, access requests and exports; unset reads from DATABASE_URL').optional(),
  DATABASE_READ_POOL_MAX: envFields.int('connections in the read-replica pool, 1-200', { min: 1, max: 200, fallback: 10 }),
  REDIS_URL: envFields.redisUrl('a redis:// URL, e.g. redis://127.0.0.1:6379; unset runs background jobs in-process').optional(),
  HOST: z.string().min(1).default('127.0.0.1').describe('the interface to listen on, e.g. 0.0.0.0 in a container'),
  PORT: envFields.int('a TCP port, 1-65535', { min: 1, max: 65535, fallback: 8080 }),
  PUBLIC_URL: envFields.httpUrl('the http(s):// base URL senders and browsers use to reach this service, e.g. https://audit.example.com').optional(),
  LOG_LEVEL: envFields.logLevel(),
  TRUST_PROXY: envFields.bool('true when behind a reverse proxy that sets X-Forwarded-For', false),
  TOKEN_ROTATION_OVERLAP_SECONDS: envFields.int('seconds a rotated webhook token keeps working, 0-2592000 (30 days)', { min: 0, max: 2_592_000, fallback: 86_400 }),
  INGEST_MAX_BODY_BYTES: envFields.int('bytes of one ingest request body as sent (compressed), 1024-1073741824', { min: 1024, max: 1 << 30, fallback: 16 * 1024 * 1024 }),
  INGEST_MAX_DECOMPRESSED_BYTES: envFields.int('bytes of one ingest request body after decompression, at least 10485760', { min: 10 * 1024 * 1024, max: 1 << 30, fallback: 32 * 1024 * 1024 }),
  INGEST_MAX_EVENT_BYTES: envFields.int('bytes of one event, 1024-67108864', { min: 1024, max: 64 * 1024 * 1024, fallback: 2 * 1024 * 1024 }),
  REJECT_PAYLOAD_MAX_BYTES: envFields.int('bytes of a quarantined payload kept in ingest_rejects, 0-67108864', { min: 0, max: 64 * 1024 * 1024, fallback: 1024 * 1024 }),
  INGEST_SOURCE_RATE_LIMIT_PER_SECOND: envFields.int('ingest requests per second one source may send, 0 = unlimited', { min: 0, max: 1_000_000, fallback: 10_000 }),
  INGEST_AUTH_FAILURES_PER_MINUTE: envFields.int('failed ingest authentications per minute from one address before 429, 1-100000', { min: 1, max: 100_000, fallback: 30 }),
  INGEST_TOKEN_CACHE_SECONDS: envFields.int('seconds a webhook token look-up is remembered (a revoked token may work this long), 0-300', { min: 0, max: 300, fallback: 5 }),
  INGEST_BATCH_MAX_ROWS: envFields.int('events per insert batch, 1-10000', { min: 1, max: 10_000, fallback: 1_000 }),
  INGEST_BATCH_MAX_DELAY_MS: envFields.int('milliseconds a batch waits to fill, 0-1000 (0: batches form from requests that arrive while earlier ones commit)', { min: 0, max: 1_000, fallback: 0 }),
  SECRETS_ENCRYPTION_KEY: z.string().refine(isSecretsKey, 'not 32 bytes of base64').optional().describe('32 random bytes, base64 (openssl rand -base64 32), sealing S3 static access keys; the worker needs the same value'),
  S3_WORKER_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'not an IAM role ARN').optional().describe('the IAM role the worker runs as, which customers\' roles trust (shown in S3 setup)'),
  S3_NOTIFICATION_TOPIC_ARN: z.string().regex(/^arn:aws[a-z-]*:sns:/, 'not an SNS topic ARN').optional().describe('the service\'s SNS topic that buckets notify (shown in S3 setup)'),
  HTTP_REQUEST_TIMEOUT_SECONDS: envFields.int('seconds a client has to send a whole request, headers and body, 1-3600', { min: 1, max: 3_600, fallback: 60 }),
  HTTP_HEADERS_TIMEOUT_SECONDS: envFields.int('seconds a client has to send the request headers, 1-300', { min: 1, max: 300, fallback: 10 }),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: envFields.int('seconds an idle keep-alive connection stays open, 1-3600 (above a load balancer\'s idle timeout)', { min: 1, max: 3_600, fallback: 72 }),
  INGEST_MEMORY_BUDGET_BYTES: envFields.int('bytes that ingest bodies may hold in memory at once (as received, inflated and parsed), at least 67108864 (64 MiB)', { min: 64 * 1024 * 1024, max: 64 * 1024 ** 3, fallback: 512 * 1024 * 1024 }),
  SESSION_TTL_HOURS: envFields.int('hours a dashboard sign-in lasts, 1-720', { min: 1, max: 720, fallback: 12 }),
  SIGN_IN_FAILURES_PER_MINUTE: envFields.int('failed sign-ins per minute per client address and per email before 429, 1-1000', { min: 1, max: 1_000, fallback: 10 }),
  WEB_DIST_DIR: z.string().min(1).optional().describe('the built dashboard (apps/web/dist by default)'),
  INGEST_MAX_PENDING_ROWS: envFields.int('events queued for insert before requests get 503, 1000-10000000', { min: 1_000, max: 10_000_000, fallback: 100_000 }),
  METRICS_TOKEN: metricsEnv.token,
  METRICS_TENANT_LABELS: metricsEnv.tenantLabels,
});

export type ApiConfig = {
  databaseUrl: string;
  /** where the migrations run on start: the owner, directly (not through PgBouncer: they take a session lock) */
  migrationUrl: string;
  databasePoolMax: number;
  /** a streaming replica for the read-only investigation paths; null reads from the primary */
  databaseRead: { url: string; poolMax: number } | null;
  redisUrl: string | null;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: z.infer<typeof ApiEnv>['LOG_LEVEL'];
  trustProxy: boolean;
  tokenRotationOverlapSeconds: number;
  ingest: IngestConfig;
  http: HttpTimeouts;
  s3Service: { workerRoleArn: string | null; topicArn: string | null };
  secretsKey: string | null;
  dashboard: DashboardConfig;
  metrics: MetricsConfig;
};

export type DashboardConfig = {
  sessionTtlSeconds: number;
  signInFailuresPerMinute: number;
  /** the built dashboard's directory; absent means the API serves a page saying how to build it */
  webDistDir: string;
};

/** Bounds on slow clients: a body trickled a byte at a time is cut off (408) instead of holding a connection. */
export type HttpTimeouts = { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number };

export type IngestConfig = {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
  maxEventBytes: number;
  rejectPayloadMaxBytes: number;
  sourceRateLimitPerSecond: number;
  authFailuresPerMinute: number;
  tokenCacheSeconds: number;
  batchMaxRows: number;
  batchMaxDelayMs: number;
  maxPendingRows: number;
  memoryBudgetBytes: number;
};

/** What the largest acceptable body costs its lease (memory-budget.ts): as sent, inflated, parsed. */
export const largestBodyCost = (c: Pick<IngestConfig, 'maxBodyBytes' | 'maxDecompressedBytes'>): number =>
  bodyCost({ sentBytes: c.maxBodyBytes, inflatedBytes: c.maxDecompressedBytes, inflated: true });

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const e = parseEnv(ApiEnv, env);
  // A body that could not fit in the budget even alone would be answered 503 forever: refuse to start instead.
  const largest = largestBodyCost({ maxBodyBytes: e.INGEST_MAX_BODY_BYTES, maxDecompressedBytes: e.INGEST_MAX_DECOMPRESSED_BYTES });
  if (e.INGEST_MEMORY_BUDGET_BYTES < largest) {
    throw new ConfigError([{
      variable: 'INGEST_MEMORY_BUDGET_BYTES',
      problem: `${e.INGEST_MEMORY_BUDGET_BYTES} cannot hold the largest body the other limits allow, which costs ${largest}`,
      expected: `at least INGEST_MAX_BODY_BYTES + ${1 + PARSED_BYTES_PER_BODY_BYTE} x INGEST_MAX_DECOMPRESSED_BYTES (${largest}), or lower those limits`,
    }]);
  }
  const browsableHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  return {
    databaseUrl: e.DATABASE_URL,
    migrationUrl: e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databaseRead: e.DATABASE_READ_URL ? { url: e.DATABASE_READ_URL, poolMax: e.DATABASE_READ_POOL_MAX } : null,
    redisUrl: e.REDIS_URL ?? null,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://${browsableHost}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    tokenRotationOverlapSeconds: e.TOKEN_ROTATION_OVERLAP_SECONDS,
    secretsKey: e.SECRETS_ENCRYPTION_KEY ?? null,
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      headersTimeoutMs: Math.min(e.HTTP_HEADERS_TIMEOUT_SECONDS, e.HTTP_REQUEST_TIMEOUT_SECONDS) * 1000,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    },
    dashboard: {
      sessionTtlSeconds: e.SESSION_TTL_HOURS * 3600,
      signInFailuresPerMinute: e.SIGN_IN_FAILURES_PER_MINUTE,
      webDistDir: path.resolve(e.WEB_DIST_DIR ?? DEFAULT_WEB_DIST_DIR),
    },
    s3Service: { workerRoleArn: e.S3_WORKER_ROLE_ARN ?? null, topicArn: e.S3_NOTIFICATION_TOPIC_ARN ?? null },
    ingest: {
      maxBodyBytes: e.INGEST_MAX_BODY_BYTES,
      maxDecompressedBytes: e.INGEST_MAX_DECOMPRESSED_BYTES,
      maxEventBytes: e.INGEST_MAX_EVENT_BYTES,
      rejectPayloadMaxBytes: e.REJECT_PAYLOAD_MAX_BYTES,
      sourceRateLimitPerSecond: e.INGEST_SOURCE_RATE_LIMIT_PER_SECOND,
      authFailuresPerMinute: e.INGEST_AUTH_FAILURES_PER_MINUTE,
      tokenCacheSeconds: e.INGEST_TOKEN_CACHE_SECONDS,
      batchMaxRows: e.INGEST_BATCH_MAX_ROWS,
      batchMaxDelayMs: e.INGEST_BATCH_MAX_DELAY_MS,
      maxPendingRows: e.INGEST_MAX_PENDING_ROWS,
      memoryBudgetBytes: e.INGEST_MEMORY_BUDGET_BYTES,
    },
    metrics: { token: e.METRICS_TOKEN ?? null, tenantLabels: e.METRICS_TENANT_LABELS },
  };
}
