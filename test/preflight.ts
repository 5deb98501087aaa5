// Fails fast, naming exactly what is missing and how to start it, instead of 200 connection errors.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { CHROMIUM_PATH, TEST_DATABASE_URL, TEST_REDIS_URL } from './support/env.js';

const problems: string[] = [];
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
try {
  await client.connect();
  const { rows } = await client.query<{ ok: boolean }>(`select rolsuper or rolcreatedb as ok from pg_roles where rolname = current_user`);
  if (!rows[0]?.ok) problems.push(`The role in TEST_DATABASE_URL (${redact(TEST_DATABASE_URL)}) may not create databases; the tests create one per file. Use a superuser or a role with CREATEDB and CREATEROLE.`);
} catch (err) {
  problems.push(`PostgreSQL is not reachable at ${redact(TEST_DATABASE_URL)} (${(err as Error).message}).
    Start it:   pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
    or:         docker compose up -d postgres   (then TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres)
    or point TEST_DATABASE_URL at a server where this role may create databases.`);
} finally {
  await client.end().catch(() => undefined);
}

const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
redis.on('error', () => undefined);
try {
  await redis.connect();
  await redis.ping();
} catch (err) {
  problems.push(`Redis is not reachable at ${redact(TEST_REDIS_URL)} (${(err as Error).message}).
    Start it:   redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    or:         docker compose up -d redis
    or set TEST_REDIS_URL.`);
} finally {
  redis.disconnect();
}

const corpus = path.resolve(import.meta.dirname, 'fixtures/corpus/events');
if (!existsSync(corpus)) problems.push(`The fixture corpus is missing at ${corpus}; it is part of the repository (git checkout test/fixtures).`);

if (!existsSync(CHROMIUM_PATH)) {
  problems.push(`Chromium is missing at ${CHROMIUM_PATH}; the dashboard's browser tests drive it.
    Install it: apt-get install -y chromium   (Debian; .ci/run does this)
    or set CHROMIUM_PATH to a Chromium or Chrome binary.`);
}

// The container-shutdown test runs the Dockerfile's command line, which starts node under tini.
if (!existsSync('/usr/bin/tini')) {
  problems.push(`tini is missing at /usr/bin/tini; the Docker image runs the service under it and a test runs that command line.
    Install it: apt-get install -y tini   (Debian; .ci/run does this)`);
}

// The PgBouncer test runs a PgBouncer of its own in transaction pooling mode in front of the service.
if (!existsSync('/usr/sbin/pgbouncer')) {
  problems.push(`PgBouncer is missing at /usr/sbin/pgbouncer; a test runs the service through it in transaction pooling mode.
    Install it: apt-get install -y pgbouncer   (Debian; .ci/run does this)`);
}

if (problems.length > 0) {
  console.error(`Cannot run the tests:\n\n${problems.map((p) => `  - ${p}`).join('\n\n')}\n`);
  process.exit(1);
}
