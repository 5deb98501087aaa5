// Composition root of the API-only process (docker-compose `api` service). `npm start` uses apps/standalone.
import { ConfigError, onShutdown } from '@tai/core';
import { runMigrations } from '@tai/db';
import { loadApiConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApi } from './server.js';

let config;
try {
  config = loadApiConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger(config.logLevel);
await runMigrations({ url: config.databaseUrl });
const api = await startApi({ config, logger });
logger.info({ url: api.url, docs: `${api.url}/docs` }, 'api listening');
onShutdown(logger, [api.close]);
