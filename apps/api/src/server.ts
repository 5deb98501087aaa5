import { createMetrics, type Metrics } from '@tai/core';
import { createDbClient, createRepositories } from '@tai/db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import type { ApiConfig } from './config.js';

export type RunningApi = { app: FastifyInstance; url: string; close: () => Promise<void> };

/**
 * Opens the pool, builds the app and listens; close() stops accepting, drains, then closes the pool.
 * Without `metrics` (the API-only process) it keeps a registry of its own, process metrics included.
 */
export async function startApi({ config, logger, metrics = createMetrics({ tenantLabels: config.metrics.tenantLabels, processMetrics: true }) }: { config: ApiConfig; logger: FastifyBaseLogger; metrics?: Metrics }): Promise<RunningApi> {
  const client = createDbClient({
    url: config.databaseUrl,
    poolMax: config.databasePoolMax,
    asAppRole: true,
    applicationName: 'teleport-audit-api',
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  const readClient = config.databaseRead ? createDbClient({
    url: config.databaseRead.url,
    poolMax: config.databaseRead.poolMax,
    asAppRole: true,
    applicationName: 'teleport-audit-api-read',
    onPoolError: (err) => logger.warn({ err }, 'idle read-replica connection failed'),
  }) : null;
  // Before serving anything: connections that are not the app role (a pooler dropped the start-up option) stop
  // start-up instead of serving with row-level security depending on the login role.
  try {
    await client.assertAppRole();
    await readClient?.assertAppRole();
  } catch (err) {
    await Promise.all([client.close(), readClient?.close()]);
    throw err;
  }
  // Rate-limit counters only: short timeouts, and ingest goes on (unlimited) if Redis is unreachable.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 1_000, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  redis?.on('error', (err) => logger.warn({ err }, 'redis (rate limits) unavailable'));
  const unwatch = [metrics.watch.dbPool('api', client.pool)];
  if (readClient) unwatch.push(metrics.watch.dbPool('api-replica', readClient.pool), metrics.watch.replicaLag(readClient.replicationLagSeconds));
  const repos = createRepositories({ client, ...(readClient ? { readClient } : {}) });
  const app = await buildApp({ config, logger, repos, pingDatabase: client.ping, redis, metrics });
  await app.listen({ host: config.host, port: config.port });
  return {
    app,
    url: config.publicUrl,
    close: async () => {
      await app.close();
      redis?.disconnect();
      for (const stop of unwatch) stop();
      await client.close();
      await readClient?.close();
    },
  };
}
