import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';

// A refused request names what is wrong in words a person can act on: the allowed values of an enum, the
// unknown parameter or field (and the known ones), the expected type. Never ajv's "must be equal to constant".
let t: TestApp;
before(async () => {
  t = await setupApp();
});
after(() => t.close());

const USER = '01900000-0000-7000-8000-000000000000';

async function refused(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.tenant.call({ method, url, ...(payload ? { payload } : {}) });
  assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
  const { error } = res.json() as { error: { code: string; message: string; details: { field?: string; allowed?: unknown[]; context?: string } } };
  assert.equal(error.code, 'request.invalid');
  assert.doesNotMatch(error.message, /equal to constant|anyOf|additional properties/, `${method} ${url}: ${error.message}`);
  return error;
}

test('a value outside an enum names the allowed values, in query strings and bodies alike', async () => {
  const cases: [Parameters<typeof refused>, string, string, unknown[]][] = [
    [['GET', '/v1/events?order=sideways'], 'querystring/order must be one of: desc, asc', 'order', ['desc', 'asc']],
    [['GET', '/v1/events?success=maybe'], 'querystring/success must be one of: true, false', 'success', ['true', 'false']],
    [['GET', '/v1/events/export?format=xml'], 'querystring/format must be one of: ndjson, csv', 'format', ['ndjson', 'csv']],
    [['POST', '/v1/events/search', { order: 'up' }], 'body/order must be one of: desc, asc', 'order', ['desc', 'asc']],
    [['POST', '/v1/users/invites', { email: 'a@example.test', role: 'owner' }], 'body/role must be one of: admin, analyst', 'role', ['admin', 'analyst']],
    [['PATCH', `/v1/users/${USER}`, { role: 'root' }], 'body/role must be one of: admin, analyst', 'role', ['admin', 'analyst']],
    [['POST', '/v1/api-keys', { name: 'k', role: 'root' }], 'body/role must be one of: admin, reader', 'role', ['admin', 'reader']],
    [['POST', '/v1/sources', { type: 'teleport_kafka', name: 'x' }], 'body/type "teleport_kafka" must be one of: teleport_webhook, teleport_s3', 'type', ['teleport_webhook', 'teleport_s3']],
  ];
  for (const [args, message, field, allowed] of cases) {
    const error = await refused(...args);
    assert.deepEqual([error.message, error.details.field, error.details.allowed], [message, field, allowed], args[1]);
  }
});

test('an unknown query parameter is named, with the known ones', async () => {
  for (const url of ['/v1/events?foo=1', '/v1/events/histogram?foo=1', '/v1/sessions?foo=1']) {
    const error = await refused('GET', url);
    assert.match(error.message, /^unknown parameter 'foo'; the known parameters are: q, from, to, /, url);
    assert.equal(error.details.field, 'foo');
  }
});

test('an unknown body field is named with its path, with the known fields there', async () => {
  const cases: [Parameters<typeof refused>, string, string][] = [
    [['POST', '/v1/events/search', { q: 'x', extra: 1 }], 'unknown field \'extra\'; the known fields are: q, from, to, ', 'extra'],
    [['POST', '/v1/sources', { type: 'teleport_webhook', name: 'x', extra: 1 }], 'unknown field \'extra\'; the known fields are: type, name, config', 'extra'],
    [['POST', '/v1/sources', { type: 'teleport_webhook', name: 'x', config: { cluster: 'prod' } }], 'unknown field \'config.cluster\'; the known fields of config are: clusterName', 'config.cluster'],
    [['POST', '/v1/saved-searches', { name: 'x', query: 'a', bogus: true }], 'unknown field \'bogus\'; the known fields are: name, query, from, to', 'bogus'],
    [['POST', '/v1/users/invites', { email: 'a@example.test', role: 'admin', nickname: 'x' }], 'unknown field \'nickname\'; the known fields are: email, role, name', 'nickname'],
  ];
  for (const [args, message, field] of cases) {
    const error = await refused(...args);
    assert.ok(error.message.startsWith(message), `${args[1]}: ${error.message}`);
    assert.equal(error.details.field, field);
  }
});

test('a value of the wrong type or format says what was expected', async () => {
  const cases: [Parameters<typeof refused>, string, string][] = [
    [['GET', '/v1/events?limit=many'], 'querystring/limit must be an integer', 'limit'],
    [['POST', '/v1/events/search', { limit: 'many' }], 'body/limit must be an integer', 'limit'],
    [['POST', `/v1/sources/${USER}/rotate-token?force=perhaps`], 'querystring/force must be a boolean (true or false)', 'force'],
    [['GET', '/v1/sources/not-an-id'], 'params/id must be a UUID', 'id'],
    [['POST', '/v1/saved-searches', { name: 'x', query: { q: 'a' } }], 'body/query must be a string', 'query'],
  ];
  for (const [args, message, field] of cases) {
    const error = await refused(...args);
    assert.deepEqual([error.message, error.details.field], [message, field], args[1]);
  }
});
