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
