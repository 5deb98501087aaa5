import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createMetrics, createSecretBox, type Metrics } from '@tai/core';
import type { Repositories } from '@tai/db';
import type { Redis } from 'ioredis';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiConfig, DashboardConfig } from './config.js';
import { accessRequestsRoutes } from './modules/access-requests/access-requests.routes.js';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js';
import { auditLogRoutes } from './modules/audit-log/audit-log.routes.js';
import { aggregatesRoutes } from './modules/events/aggregates.routes.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { exportRoutes } from './modules/events/export.routes.js';
import { fieldsRoutes } from './modules/events/fields.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { createEventWriter } from './modules/ingest/event-writer.js';
import { ingestRoutes } from './modules/ingest/ingest.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { mcpRoutes } from './modules/mcp/mcp.routes.js';
import { meRoutes } from './modules/me/me.routes.js';
import { savedSearchesRoutes } from './modules/saved-searches/saved-searches.routes.js';
import { alertsRoutes } from './modules/detections/alerts.routes.js';
import { destinationsRoutes } from './modules/detections/destinations.routes.js';
import { rulesRoutes } from './modules/detections/rules.routes.js';
import { rulesTransferRoutes } from './modules/detections/rules-transfer.routes.js';
import { sessionsRoutes } from './modules/sessions/sessions.routes.js';
import { ErrorBody } from './modules/shared.schemas.js';
import { backfillRoutes } from './modules/sources/backfill.routes.js';
import { objectsRoutes } from './modules/sources/objects.routes.js';
import { sourcesRoutes } from './modules/sources/sources.routes.js';
import { tenantSettingsRoutes } from './modules/tenants/tenant-settings.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { registerAuth } from './plugins/auth.js';
import { registerDashboard } from './plugins/dashboard.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.js';
import { registerShutdownGate } from './plugins/shutdown-gate.js';
import { registerInputGuard } from './plugins/input-guard.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerOpenApi } from './plugins/openapi.js';

export type AppDeps = {
  config: Pick<ApiConfig, 'publicUrl' | 'trustProxy' | 'tokenRotationOverlapSeconds' | 'ingest'> & Partial<Pick<ApiConfig, 's3Service' | 'secretsKey' | 'http' | 'dashboard' | 'metrics'>>;
  logger: FastifyBaseLogger;
  repos: Repositories;
  pingDatabase: () => Promise<void>;
  /** shared store for per-source ingest rate limits across replicas; in-memory without it */
  redis?: Redis | null;
  /** the process's metrics (shared with the worker in the standalone process); a registry of its own without */
  metrics?: Metrics;
  now?: () => Date;
};

// Batches committing at once. Each holds a pool connection; the rest of the pool serves the admin API.
const WRITER_CONCURRENT_BATCHES = 4;

const REQUEST_ID = /^[\w.:-]{1,128}$/;

const DEFAULT_DASHBOARD: DashboardConfig = { sessionTtlSeconds: 12 * 3600, signInFailuresPerMinute: 10, webDistDir: fileURLToPath(new URL('../../web/dist', import.meta.url)) };

const DEFAULT_HTTP_TIMEOUTS = { requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000 };

/** Builds the HTTP app without listening, so tests drive it with inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const timeouts = deps.config.http ?? DEFAULT_HTTP_TIMEOUTS;
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    // Honour a sane incoming request id so one id follows a request through proxies and logs.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // verbose: errors carry their schema, so a validation message can name the allowed values and known fields.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false, discriminator: true, verbose: true } },
    frameworkErrors,
    clientErrorHandler,
    // Node enforces requestTimeout (the whole request, body included) and headersTimeout only when it checks
    // its connections, every 30 s by default; checking each second makes the limits mean what they say.
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: { headersTimeout: timeouts.headersTimeoutMs, connectionsCheckingInterval: Math.min(1_000, timeouts.requestTimeoutMs) },
    // Our shutdown gate answers instead, in the documented shape and with Retry-After.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBody);
  registerShutdownGate(app);
  registerErrorHandler(app);
  registerInputGuard(app);
  const metrics = deps.metrics ?? createMetrics({ tenantLabels: deps.config.metrics?.tenantLabels ?? false });
  registerMetrics(app, { metrics, token: deps.config.metrics?.token ?? null });
  registerAuth(app, { repos: deps.repos, now });
  await registerOpenApi(app, { publicUrl: deps.config.publicUrl });

  // One line per request; the route pattern, never the URL, because webhook URLs contain the token.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', String(req.id));
  });

  const { repos, config } = deps;
  const dashboard = config.dashboard ?? DEFAULT_DASHBOARD;
  await app.register(healthRoutes, { deps: { pingDatabase: deps.pingDatabase } });
  await app.register(authRoutes, {
    deps: { repos, sessionTtlSeconds: dashboard.sessionTtlSeconds, signInFailuresPerMinute: dashboard.signInFailuresPerMinute, secureCookies: config.publicUrl.startsWith('https:'), now },
  });
  await app.register(usersRoutes, { deps: { users: repos.users, auditLog: repos.auditLog, publicUrl: config.publicUrl, now } });
  await app.register(meRoutes, { deps: { tenants: repos.tenants } });
  await app.register(tenantSettingsRoutes, { deps: { tenants: repos.tenants, auditLog: repos.auditLog } });
  await app.register(sourcesRoutes, {
    deps: { sources: repos.sources, auditLog: repos.auditLog, ingestRejects: repos.ingestRejects, objects: repos.ingestedObjects, findings: repos.sourceFindings, s3Service: config.s3Service ?? { workerRoleArn: null, topicArn: null }, secretBox: config.secretsKey ? createSecretBox(config.secretsKey) : null, publicUrl: config.publicUrl, tokenRotationOverlapSeconds: config.tokenRotationOverlapSeconds, now },
  });
  await app.register(objectsRoutes, { deps: { objects: repos.ingestedObjects, sources: repos.sources, auditLog: repos.auditLog, now } });
  await app.register(backfillRoutes, { deps: { backfills: repos.backfillRuns, sources: repos.sources, auditLog: repos.auditLog } });
  await app.register(apiKeysRoutes, { deps: { apiKeys: repos.apiKeys, auditLog: repos.auditLog, now } });
  await app.register(auditLogRoutes, { deps: { auditLog: repos.auditLog } });
  await app.register(eventsRoutes, { deps: { eventSearch: repos.eventSearch, now } });
  await app.register(aggregatesRoutes, { deps: { eventAggregates: repos.eventAggregates, now } });
  await app.register(fieldsRoutes);
  await app.register(exportRoutes, { deps: { eventSearch: repos.eventSearch, auditLog: repos.auditLog, now } });
  await app.register(sessionsRoutes, { deps: { sessions: repos.sessions, now } });
  await app.register(accessRequestsRoutes, { deps: { repos, now } });
  await app.register(savedSearchesRoutes, { deps: { savedSearches: repos.savedSearches, auditLog: repos.auditLog, now } });
  await app.register(rulesRoutes, { deps: { detectionRules: repos.detectionRules, apiKeys: repos.apiKeys, auditLog: repos.auditLog, now } });
  await app.register(rulesTransferRoutes, { deps: { detectionRules: repos.detectionRules, detectionBacktest: repos.detectionBacktest, apiKeys: repos.apiKeys, auditLog: repos.auditLog, now } });
  await app.register(alertsRoutes, { deps: { alerts: repos.alerts, detectionRules: repos.detectionRules, eventSearch: repos.eventSearch, apiKeys: repos.apiKeys, auditLog: repos.auditLog, now } });
  await app.register(mcpRoutes);
  await app.register(destinationsRoutes, { deps: { destinations: repos.destinations, auditLog: repos.auditLog, secretBox: config.secretsKey ? createSecretBox(config.secretsKey) : null, now } });

  await registerDashboard(app, { webDistDir: dashboard.webDistDir });

  const writer = createEventWriter({
    commitBatch: repos.auditEvents.commitBatch,
    maxBatchRows: config.ingest.batchMaxRows,
    maxDelayMs: config.ingest.batchMaxDelayMs,
    maxConcurrentBatches: WRITER_CONCURRENT_BATCHES,
    maxPendingRows: config.ingest.maxPendingRows,
    metrics: metrics.ingest,
    now,
  });
  const unwatchWriter = metrics.watch.writer(writer.stats);
  // Requests in flight are answered before close() resolves; drain commits anything still queued.
  app.addHook('onClose', async () => {
    await writer.drain();
    unwatchWriter();
  });
  await app.register(ingestRoutes, {
    deps: { config: config.ingest, sources: repos.sources, rejects: repos.ingestRejects, writer, redis: deps.redis ?? null, metrics, now },
  });
  return app;
}
