import { envFields, parseEnv } from '@tai/core';
import { z } from 'zod';

const WorkerEnv = z.object({
  DATABASE_URL: envFields.postgresUrl('a postgres:// URL of the role that owns the schema, e.g. postgres://postgres@127.0.0.1:5432/teleport_audit'),
  DATABASE_POOL_MAX: envFields.int('connections in the worker pool, 1-200', { min: 1, max: 200, fallback: 5 }),
  REDIS_URL: envFields.redisUrl('a redis:// URL, e.g. redis://127.0.0.1:6379; unset runs background jobs in-process').optional(),
  LOG_LEVEL: envFields.logLevel(),
  MAINTENANCE_INTERVAL_SECONDS: envFields.int('seconds between maintenance runs (partitions ahead), 60-86400', { min: 60, max: 86_400, fallback: 3_600 }),
});

export type WorkerConfig = {
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string | null;
  logLevel: z.infer<typeof WorkerEnv>['LOG_LEVEL'];
  maintenanceIntervalSeconds: number;
};

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const e = parseEnv(WorkerEnv, env);
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL ?? null,
    logLevel: e.LOG_LEVEL,
    maintenanceIntervalSeconds: e.MAINTENANCE_INTERVAL_SECONDS,
  };
}
