import { randomBytes } from 'node:crypto';
import { buildApp, createTenantWithAdminKey, loadApiConfig, type ApiConfig, type IngestConfig } from '@tai/api';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './database.js';

export const PUBLIC_URL = 'https://ingest.example.test';

/** A controllable clock: tests move time forward instead of sleeping. */
export type TestClock = { now: () => Date; advance: (ms: number) => void };
export function testClock(start = new Date()): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => { t += ms; } };
}

export type Caller = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

/** inject() with this API key as a Bearer token. */
export const callerFor = (app: FastifyInstance, apiKey: string): Caller =>
  (opts) => app.inject({ ...opts, headers: { authorization: `Bearer ${apiKey}`, ...(opts.headers ?? {}) } });

export type TestApp = {
  app: FastifyInstance;
  db: TestDatabase;
  clock: TestClock;
  tenant: { tenantId: string; apiKey: string; call: Caller };
  newTenant: (name: string) => Promise<{ tenantId: string; apiKey: string; call: Caller }>;
  close: () => Promise<void>;
};

/** The real app over a fresh, migrated database, with one tenant and its admin key. */
// The production defaults for ingest limits, as a fresh deployment would have them.
const DEFAULT_INGEST = loadApiConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused' }).ingest;

export const TEST_SECRETS_KEY = randomBytes(32).toString('base64');

export async function setupApp({ overlapSeconds = 86_400, ingest = {}, redis = null, secretsKey = TEST_SECRETS_KEY, publicUrl = PUBLIC_URL, s3Service }: { overlapSeconds?: number; ingest?: Partial<IngestConfig>; redis?: Redis | null; secretsKey?: string | null; publicUrl?: string; s3Service?: ApiConfig['s3Service'] } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const clock = testClock();
  const app = await buildApp({
    config: { publicUrl, trustProxy: false, tokenRotationOverlapSeconds: overlapSeconds, ingest: { ...DEFAULT_INGEST, ...ingest }, secretsKey, ...(s3Service ? { s3Service } : {}) },
    logger: pino({ level: 'silent' }),
    repos: db.repos,
    pingDatabase: db.client.ping,
    redis,
    now: clock.now,
  });
  await app.ready();
  const newTenant = async (name: string) => {
    const created = await createTenantWithAdminKey(db.repos, { name });
    return { tenantId: created.tenantId, apiKey: created.apiKey, call: callerFor(app, created.apiKey) };
  };
  const tenant = await newTenant('tenant-a');
  return {
    app, db, clock, tenant, newTenant,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
