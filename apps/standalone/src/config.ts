import path from 'node:path';
import { loadApiConfig, type ApiConfig } from '@tai/api';
import { envFields, MIN_PASSWORD_LENGTH, parseEnv } from '@tai/core';
import { loadWorkerConfig, type WorkerConfig } from '@tai/worker';
import { z } from 'zod';

const StandaloneEnv = z.object({
  DATA_DIR: z.string().min(1).default('./.data').describe('a directory for the embedded database and local state'),
  EMBEDDED_POSTGRES_PORT: envFields.int('a free TCP port for the embedded Postgres, 1024-65535', { min: 1024, max: 65535, fallback: 54329 }),
  BOOTSTRAP_TENANT_NAME: z.string().min(1).max(200).default('default').describe('the name of the tenant created on first start'),
  BOOTSTRAP_ADMIN_EMAIL: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'not an email address').max(254).default('admin@localhost').describe('the email the first admin signs in with'),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH).max(1024).optional().describe(`the first admin's password, at least ${MIN_PASSWORD_LENGTH} characters; unset: generated and printed once`),
});

export type StandaloneConfig = {
  dataDir: string;
  embeddedPostgresPort: number;
  bootstrapTenantName: string;
  bootstrapAdmin: { email: string; password: string | null };
  /** null: no DATABASE_URL was given, so an embedded Postgres is started */
  databaseUrl: string | null;
  /** the api and worker configs, given the database URL that will be used */
  /** null: none configured; npm start then keeps one of its own under DATA_DIR */
  secretsKey: string | null;
  appConfigs: (databaseUrl: string, secretsKey: string) => { api: ApiConfig; worker: WorkerConfig };
};

export function loadStandaloneConfig(env: Record<string, string | undefined>): StandaloneConfig {
  const e = parseEnv(StandaloneEnv, env);
  const databaseUrl = env.DATABASE_URL ? env.DATABASE_URL : null;
  // Validate everything now, so a bad PORT stops start-up before an embedded database is started.
  const appConfigs = (url: string, secretsKey: string) => {
    const withDb = { ...env, DATABASE_URL: url, SECRETS_ENCRYPTION_KEY: secretsKey };
    // The API's /metrics includes the worker's in this process, so the worker opens no metrics port.
    // Notifications link to the dashboard this process serves, at the address the API settled on.
    const api = loadApiConfig(withDb);
    return { api, worker: loadWorkerConfig({ ...withDb, METRICS_PORT: 'off', PUBLIC_URL: api.publicUrl }) };
  };
  const validation = loadApiConfig({ ...env, DATABASE_URL: databaseUrl ?? 'postgres://placeholder@127.0.0.1:5432/placeholder' });
  loadWorkerConfig({ ...env, DATABASE_URL: databaseUrl ?? 'postgres://placeholder@127.0.0.1:5432/placeholder' });
  return {
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    bootstrapTenantName: e.BOOTSTRAP_TENANT_NAME,
    bootstrapAdmin: { email: e.BOOTSTRAP_ADMIN_EMAIL, password: e.BOOTSTRAP_ADMIN_PASSWORD ?? null },
    databaseUrl,
    secretsKey: validation.secretsKey,
    appConfigs,
  };
}
