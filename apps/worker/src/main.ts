// Composition root of the worker-only process (docker-compose `worker` service). `npm start` uses apps/standalone.
import { configOrExit, onShutdown } from '@tai/core';
import { runMigrations } from '@tai/db';
import pino from 'pino';
import { loadWorkerConfig } from './config.js';
import { startWorker } from './worker.js';

const config = configOrExit(() => loadWorkerConfig(process.env));
const logger = pino({ level: config.logLevel });
await runMigrations({ url: config.migrationUrl });
const worker = await startWorker({ config, logger });
onShutdown(logger, [worker.close]);
