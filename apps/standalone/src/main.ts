// `npm start`: the whole service in one process. Embedded Postgres when no DATABASE_URL is set,
// in-process jobs when no REDIS_URL is set, migrations, first-run bootstrap, then api + worker.
import { bootstrapFirstAdmin, bootstrapFirstTenant, createLogger, startApi } from '@tai/api';
import { configOrExit, createMetrics, onShutdown } from '@tai/core';
import { createDbClient, createRepositories, runMigrations } from '@tai/db';
import { startWorker } from '@tai/worker';
import { loadStandaloneConfig } from './config.js';
import { openDatabase } from './database.js';
import { firstRunBanner } from './first-run-banner.js';
import { localSecretsKey } from './local-secrets-key.js';

const config = configOrExit(() => loadStandaloneConfig(process.env));

const bootLogger = createLogger('info');
const database = await openDatabase(config, (msg) => bootLogger.info(msg));
const secretsKey = config.secretsKey ?? await localSecretsKey(config.dataDir);
const { api: apiConfig, worker: workerConfig } = config.appConfigs(database.url, secretsKey);
const logger = createLogger(apiConfig.logLevel);
logger.info({ database: database.embedded ? `embedded (${config.dataDir})` : 'DATABASE_URL', jobs: apiConfig.redisUrl ? 'bullmq (REDIS_URL)' : 'in-process' }, 'starting');

await runMigrations({ url: database.url });

const bootstrapClient = createDbClient({ url: database.url, poolMax: 1, asAppRole: true });
const bootstrapRepos = createRepositories({ client: bootstrapClient });
const firstTenant = await bootstrapFirstTenant(bootstrapRepos, { name: config.bootstrapTenantName });
const firstAdmin = await bootstrapFirstAdmin(bootstrapRepos, config.bootstrapAdmin);
await bootstrapClient.close();

// One registry for both: the API's /metrics serves the worker's metrics too (the worker serves none of its own here).
const metrics = createMetrics({ tenantLabels: apiConfig.metrics.tenantLabels, processMetrics: true });
const worker = await startWorker({ config: workerConfig, logger: logger.child({ app: 'worker' }), metrics });
const api = await startApi({ config: apiConfig, logger: logger.child({ app: 'api' }), metrics }).catch(async (err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE') logger.fatal(`cannot start: ${apiConfig.host}:${apiConfig.port} is already in use; stop the other process or set PORT`);
  else logger.fatal({ err }, 'cannot start the API');
  await worker.close();
  await database.stop();
  process.exit(1);
});
logger.info({ url: api.url, docs: `${api.url}/docs` }, 'listening');
if (firstTenant || firstAdmin) process.stdout.write(firstRunBanner({ tenant: firstTenant, admin: firstAdmin, url: api.url }));

onShutdown(logger, [api.close, worker.close, database.stop]);
