import { createDbClient, createRepositories } from '@tai/db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import type { ApiConfig } from './config.js';

export type RunningApi = { app: FastifyInstance; url: string; close: () => Promise<void> };

/** Opens the pool, builds the app and listens; close() stops accepting, drains, then closes the pool. */
export async function startApi({ config, logger }: { config: ApiConfig; logger: FastifyBaseLogger }): Promise<RunningApi> {
  const client = createDbClient({
    url: config.databaseUrl,
    poolMax: config.databasePoolMax,
    asAppRole: true,
    applicationName: 'teleport-audit-api',
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  // Rate-limit counters only: short timeouts, and ingest goes on (unlimited) if Redis is unreachable.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 1_000, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  redis?.on('error', (err) => logger.warn({ err }, 'redis (rate limits) unavailable'));
  const app = await buildApp({ config, logger, repos: createRepositories({ client }), pingDatabase: client.ping, redis });
  await app.listen({ host: config.host, port: config.port });
  return {
    app,
    url: config.publicUrl,
    close: async () => {
      await app.close();
      redis?.disconnect();
      await client.close();
    },
  };
}
