import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadApiConfig } from '@tai/api';
import { ConfigError } from '@tai/core';
import { loadWorkerConfig } from '@tai/worker';

const DB = 'postgres://postgres@127.0.0.1:5432/app';

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the config to be refused');
}

test('defaults give a working local API config', () => {
  const config = loadApiConfig({ DATABASE_URL: DB });
  assert.equal(config.port, 8080);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(config.redisUrl, null);
  assert.equal(config.tokenRotationOverlapSeconds, 86_400);
});

test('PUBLIC_URL loses its trailing slash and a 0.0.0.0 listener still yields a browsable URL', () => {
  assert.equal(loadApiConfig({ DATABASE_URL: DB, PUBLIC_URL: 'https://audit.example.com/' }).publicUrl, 'https://audit.example.com');
  assert.equal(loadApiConfig({ DATABASE_URL: DB, HOST: '0.0.0.0', PORT: '9000' }).publicUrl, 'http://127.0.0.1:9000');
});

test('a missing DATABASE_URL is named with what is expected', () => {
  const err = configErrorOf(() => loadApiConfig({}));
  assert.equal(err.problems[0]!.variable, 'DATABASE_URL');
  assert.match(err.message, /DATABASE_URL: .*expected a postgres:\/\/ URL/);
});

test('each bad value is reported with the variable, the value and the expectation', () => {
  const err = configErrorOf(() => loadApiConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'localhost:6379', PUBLIC_URL: 'audit.example.com' }));
  const byVariable = Object.fromEntries(err.problems.map((p) => [p.variable, p]));
  assert.deepEqual(Object.keys(byVariable).sort(), ['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'PUBLIC_URL', 'REDIS_URL']);
  assert.match(byVariable.PORT!.problem, /"eighty"/);
  assert.match(byVariable.PORT!.expected, /TCP port/);
  assert.match(byVariable.LOG_LEVEL!.expected, /fatal, error, warn, info/);
});

test('out-of-range numbers are refused', () => {
  assert.equal(configErrorOf(() => loadApiConfig({ DATABASE_URL: DB, PORT: '70000' })).problems[0]!.variable, 'PORT');
  assert.equal(configErrorOf(() => loadApiConfig({ DATABASE_URL: DB, TOKEN_ROTATION_OVERLAP_SECONDS: '-1' })).problems[0]!.variable, 'TOKEN_ROTATION_OVERLAP_SECONDS');
  assert.equal(configErrorOf(() => loadWorkerConfig({ DATABASE_URL: DB, MAINTENANCE_INTERVAL_SECONDS: '1' })).problems[0]!.variable, 'MAINTENANCE_INTERVAL_SECONDS');
});

test('empty variables count as unset', () => {
  assert.equal(loadApiConfig({ DATABASE_URL: DB, PORT: '', REDIS_URL: '' }).port, 8080);
});

test('metrics are open, without tenant labels, and on the worker at 127.0.0.1:9465 unless configured', () => {
  assert.deepEqual(loadApiConfig({ DATABASE_URL: DB }).metrics, { token: null, tenantLabels: false });
  assert.deepEqual(loadWorkerConfig({ DATABASE_URL: DB }).metrics, { host: '127.0.0.1', port: 9465, token: null, tenantLabels: false });
  const token = 'a'.repeat(32);
  assert.deepEqual(loadWorkerConfig({ DATABASE_URL: DB, METRICS_PORT: 'off', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: token, METRICS_TENANT_LABELS: 'true' }).metrics, { host: '0.0.0.0', port: null, token, tenantLabels: true });
  assert.equal(loadWorkerConfig({ DATABASE_URL: DB, METRICS_PORT: '0' }).metrics.port, 0);
});

test('a bad metrics port or a short metrics token is refused by name', () => {
  for (const port of ['none', '70000', '-1']) {
    const err = configErrorOf(() => loadWorkerConfig({ DATABASE_URL: DB, METRICS_PORT: port }));
    assert.match(err.message, /METRICS_PORT: .*expected the TCP port of the worker's \/metrics/, port);
  }
  const err = configErrorOf(() => loadApiConfig({ DATABASE_URL: DB, METRICS_TOKEN: 'short' }));
  assert.match(err.message, /METRICS_TOKEN: shorter than 16 characters .*expected a secret of at least 16 characters/);
});

test('the worker\'s STS endpoint is its own setting: AWS_ENDPOINT_URL (an emulator without STS) does not move it', () => {
  const local = loadWorkerConfig({ DATABASE_URL: DB, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
  assert.equal(local.s3.endpoint, 'http://127.0.0.1:4566');
  assert.equal(local.s3.stsEndpoint, null);
  assert.equal(loadWorkerConfig({ DATABASE_URL: DB, AWS_STS_ENDPOINT_URL: 'http://127.0.0.1:4599' }).s3.stsEndpoint, 'http://127.0.0.1:4599');
  assert.equal(configErrorOf(() => loadWorkerConfig({ DATABASE_URL: DB, AWS_STS_ENDPOINT_URL: 'sts.local' })).problems[0]!.variable, 'AWS_STS_ENDPOINT_URL');
});

test('migrations run on DATABASE_URL unless DATABASE_MIGRATION_URL names the owner\'s direct connection (DATABASE_URL through PgBouncer)', () => {
  const pooled = 'postgres://teleport_audit_app:pw@127.0.0.1:6432/teleport_audit';
  const direct = 'postgres://postgres@127.0.0.1:5432/teleport_audit';
  assert.equal(loadApiConfig({ DATABASE_URL: DB }).migrationUrl, DB);
  assert.equal(loadWorkerConfig({ DATABASE_URL: DB }).migrationUrl, DB);
  for (const config of [loadApiConfig({ DATABASE_URL: pooled, DATABASE_MIGRATION_URL: direct }), loadWorkerConfig({ DATABASE_URL: pooled, DATABASE_MIGRATION_URL: direct })]) {
    assert.equal(config.databaseUrl, pooled);
    assert.equal(config.migrationUrl, direct);
  }
});
