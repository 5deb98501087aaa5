import { envFields, parseEnv } from '@tai/core';
import { z } from 'zod';

const ApiEnv = z.object({
  DATABASE_URL: envFields.postgresUrl('a postgres:// URL of the role that owns the schema, e.g. postgres://postgres@127.0.0.1:5432/teleport_audit'),
  DATABASE_POOL_MAX: envFields.int('connections in the API pool, 1-200', { min: 1, max: 200, fallback: 10 }),
  REDIS_URL: envFields.redisUrl('a redis:// URL, e.g. redis://127.0.0.1:6379; unset runs background jobs in-process').optional(),
  HOST: z.string().min(1).default('127.0.0.1').describe('the interface to listen on, e.g. 0.0.0.0 in a container'),
  PORT: envFields.int('a TCP port, 1-65535', { min: 1, max: 65535, fallback: 8080 }),
  PUBLIC_URL: envFields.httpUrl('the http(s):// base URL senders and browsers use to reach this service, e.g. https://audit.example.com').optional(),
  LOG_LEVEL: envFields.logLevel(),
  TRUST_PROXY: envFields.bool('true when behind a reverse proxy that sets X-Forwarded-For', false),
  TOKEN_ROTATION_OVERLAP_SECONDS: envFields.int('seconds a rotated webhook token keeps working, 0-2592000 (30 days)', { min: 0, max: 2_592_000, fallback: 86_400 }),
});

export type ApiConfig = {
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string | null;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: z.infer<typeof ApiEnv>['LOG_LEVEL'];
  trustProxy: boolean;
  tokenRotationOverlapSeconds: number;
};

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const e = parseEnv(ApiEnv, env);
  const browsableHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL ?? null,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://${browsableHost}:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    tokenRotationOverlapSeconds: e.TOKEN_ROTATION_OVERLAP_SECONDS,
  };
}
