export { loadWorkerConfig, type WorkerConfig } from './config.js';
export { startWorker, type RunningWorker } from './worker.js';
export { ensurePartitionsJob } from './jobs/ensure-partitions.job.js';
export { createInProcessRunner } from './runner/in-process-runner.js';
export { createBullmqRunner } from './runner/bullmq-runner.js';
export { createAwsClients, type AwsClients } from './s3/aws-clients.js';
export { startS3Ingest } from './s3/s3-ingest.js';
export { ingestObject } from './s3/ingest-object.job.js';
export type { S3IngestConfig } from './config.js';
