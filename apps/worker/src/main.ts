// Composition root of the worker-only process (docker-compose `worker` service). `npm start` uses apps/standalone.
import { ConfigError, onShutdown } from '@tai/core';
import { runMigrations } from '@tai/db';
import pino from 'pino';
import { loadWorkerConfig } from './config.js';
import { startWorker } from './worker.js';

let config;
try {
  config = loadWorkerConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const logger = pino({ level: config.logLevel });
await runMigrations({ url: config.databaseUrl });
const worker = await startWorker({ config, logger });
onShutdown(logger, [worker.close]);
