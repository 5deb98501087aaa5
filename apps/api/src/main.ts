// Composition root of the API-only process (docker-compose `api` service). `npm start` uses apps/standalone.
import { configOrExit, onShutdown } from '@tai/core';
import { runMigrations } from '@tai/db';
import { loadApiConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApi } from './server.js';

const config = configOrExit(() => loadApiConfig(process.env));
const logger = createLogger(config.logLevel);
await runMigrations({ url: config.migrationUrl });
const api = await startApi({ config, logger });
logger.info({ url: api.url, docs: `${api.url}/docs` }, 'api listening');
onShutdown(logger, [api.close]);
