import pg from 'pg';
import { freePort } from '../../test/support/processes.js';
import { startLocalAws } from '../s3/aws.js';
import type { Child } from './child.js';
import { startChaosPostgres } from './postgres.js';
import { startChaosRedis } from './redis.js';
import { runCommand, sleep } from './run-command.js';
import { serviceEntry, startApiProcess, startWorkerProcess } from './services.js';

const AWS_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
// How long a queued or processing object may sit unchanged before reconciliation queues it again: short, so a
// lost job comes back within a scenario, and well above the time one batch of an object takes here.
const STALE_OBJECT_SECONDS = 10;
const RESTART_AFTER_CRASH_MS = 1_000;

type Log = (line: string) => void;

/**
 * Everything the chaos run needs, on loopback only and none of it the machine's own: a Postgres cluster, a
 * Redis, fauxqs (S3, SNS, SQS) in this process, and the API and the worker as real processes. A process
 * that dies without being told to is recorded (the scenario fails) and started again, as an orchestrator would.
 */
export async function startChaosStack({ log, cleanups, logDir }: { log: Log; cleanups: Array<() => Promise<void>>; logDir: string | null }) {
  const crashes: string[] = [];
  let stopping = false;
  const processes: { api: Child | null; worker: Child | null } = { api: null, worker: null };

  const onUnexpectedExit = (child: Child, how: string) => {
    if (stopping) return;
    crashes.push(`${child.name} (pid ${child.pid}) exited by itself (${how}); last output:\n${child.output().trim().split('\n').slice(-15).join('\n')}`);
    if (child.name === 'redis') return;
    log(`${child.name} exited by itself (${how}); starting it again`);
    void sleep(RESTART_AFTER_CRASH_MS).then(() => (child.name === 'api' ? startApi() : startWorker())).catch((err: unknown) => crashes.push(`restarting ${child.name} failed: ${String(err)}`));
  };

  const postgres = await startChaosPostgres({ log });
  cleanups.push(postgres.destroy);
  const redis = await startChaosRedis({ log, onUnexpectedExit, logDir });
  cleanups.push(redis.destroy);
  const aws = await startLocalAws();
  cleanups.push(aws.stop);
  const channel = aws.channel('chaos-s3-ingest');
  log(`fauxqs (S3, SNS, SQS) at ${aws.address}`);

  // The owner (superuser) connection the verdicts are read with; it outlives database restarts by reconnecting.
  const owner = new pg.Pool({ connectionString: postgres.url, max: 2 });
  owner.on('error', () => undefined);
  cleanups.push(() => owner.end());

  const apiPort = await freePort();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const apiEnv = {
    DATABASE_URL: postgres.url, REDIS_URL: redis.url, HOST: '127.0.0.1', PORT: String(apiPort), PUBLIC_URL: baseUrl, LOG_LEVEL: 'warn',
  };
  const workerEnv = {
    DATABASE_URL: postgres.url, REDIS_URL: redis.url, LOG_LEVEL: 'info', ...AWS_CREDENTIALS,
    AWS_ENDPOINT_URL: aws.address, S3_INGEST_QUEUE_URL: channel.queueUrl, SQS_WAIT_SECONDS: '1',
    S3_STALE_OBJECT_SECONDS: String(STALE_OBJECT_SECONDS), S3_RETRY_DELAY_SECONDS: '1', S3_OBJECT_CONCURRENCY: '2',
  };
  const startApi = async () => {
    processes.api = await startApiProcess({ env: apiEnv, onUnexpectedExit, logDir, baseUrl });
  };
  const startWorker = async () => {
    processes.worker = await startWorkerProcess({ env: workerEnv, onUnexpectedExit, logDir });
  };
  cleanups.push(async () => {
    stopping = true;
    await Promise.all([processes.api?.kill('SIGKILL'), processes.worker?.kill('SIGKILL')]);
  });
  log(`api: ${serviceEntry('api').label}; worker: ${serviceEntry('worker').label}`);
  await startApi();
  await startWorker();
  log(`api at ${baseUrl}, worker polling ${channel.queueUrl}`);

  const apiKey = await createTenant(postgres.url);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method, headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return await res.json() as T;
  };

  return {
    baseUrl,
    postgres,
    redis,
    aws,
    channel,
    owner,
    api: () => processes.api!,
    worker: () => processes.worker!,
    startApi,
    startWorker,
    /** crashes since the last call */
    takeCrashes: () => crashes.splice(0),
    /** a webhook source through the REST API, as an operator creates one; its events URL carries the token */
    createWebhookSource: async (name: string) => {
      const created = await call<{ source: { id: string }; webhook: { url: string } }>('POST', '/v1/sources', { type: 'teleport_webhook', name, config: { clusterName: 'chaos.example.com' } });
      return { sourceId: created.source.id, url: new URL(created.webhook.url) };
    },
    /** an S3 source read with the worker's own credentials (fauxqs checks none) */
    createS3Source: async (name: string, bucket: string) => {
      aws.createBucket(bucket);
      const created = await call<{ source: { id: string } }>('POST', '/v1/sources', { type: 'teleport_s3', name, config: { bucket, prefix: 'events' } });
      return { sourceId: created.source.id };
    },
  };
}

/** The tenant and its admin API key, made with the admin CLI as an operator would (`npm run admin -- create-tenant`). */
async function createTenant(databaseUrl: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl };
  const out = await runCommand(process.execPath, [...serviceEntry('admin').args, 'create-tenant', '--name', 'chaos'], { env });
  const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`create-tenant printed no JSON: ${out}`);
  return (JSON.parse(line) as { apiKey: string }).apiKey;
}

export type ChaosStack = Awaited<ReturnType<typeof startChaosStack>>;
