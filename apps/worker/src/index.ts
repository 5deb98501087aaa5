export { loadWorkerConfig, type WorkerConfig } from './config.js';
export { startWorker, type RunningWorker } from './worker.js';
export { ensurePartitionsJob } from './jobs/ensure-partitions.job.js';
export { createInProcessRunner } from './runner/in-process-runner.js';
export { createBullmqRunner } from './runner/bullmq-runner.js';
