import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRule, eventMatches } from '../../src/detections/evaluation/compiled-rule.js';
import { isDestructiveSql } from '../../src/detections/rules/destructive-sql.js';
import { emailInClusterDomain } from '../../src/detections/rules/email-domain.js';
import { normalizeOk } from '../normalize-support.js';
import { ruleOf } from './detection-support.js';

const T = '2026-01-01T00:00:00Z';
const matches = (where: unknown[], event: Record<string, unknown>, query = 'event:*') =>
  eventMatches(compileRule(ruleOf({ query, where })), normalizeOk({ time: T, ...event }));

test('fieldsEqual and fieldsDiffer need both fields set', () => {
  assert.equal(matches([{ fieldsEqual: ['impersonator', 'user'] }], { event: 'x', user: 'a', impersonator: 'a' }), true);
  assert.equal(matches([{ fieldsEqual: ['impersonator', 'user'] }], { event: 'x', user: 'a', impersonator: 'b' }), false);
  assert.equal(matches([{ fieldsDiffer: ['impersonator', 'user'] }], { event: 'x', user: 'a', impersonator: 'b' }), true);
  assert.equal(matches([{ fieldsDiffer: ['impersonator', 'user'] }], { event: 'x', user: 'a' }), false, 'a missing field differs from nothing');
});

test('durationAtLeast compares two times of one event, to the microsecond', () => {
  const where = [{ durationAtLeast: { from: 'time', to: 'cert_expires', seconds: 43_205 } }];
  assert.equal(matches(where, { event: 'cert.create', identity: { expires: '2026-01-01T12:00:05.000000Z' } }), true, 'exactly 12 h 5 s');
  assert.equal(matches(where, { event: 'cert.create', identity: { expires: '2026-01-01T12:00:04.999999Z' } }), false);
  assert.equal(matches(where, { event: 'cert.create', identity: { expires: '0001-01-01T00:00:00Z' } }), false, "Go's zero time is no expiry");
  assert.equal(matches([{ durationAtLeast: { from: 'time', to: 'raw.expires', seconds: 86_400 } }], { event: 'access_request.create', expires: '2026-01-03T00:00:00Z' }), true);
});

test('contains finds a literal value in an array or equal to a string, which the search language cannot say for *', () => {
  const where = [{ contains: { field: 'raw.identity.logins', values: ['*'] } }];
  assert.equal(matches(where, { event: 'cert.create', identity: { logins: ['root', '*'] } }), true);
  assert.equal(matches(where, { event: 'cert.create', identity: { logins: ['root'] } }), false);
  assert.equal(matches([{ contains: { field: 'login', values: ['root', 'admin'] } }], { event: 'x', login: 'admin' }), true);
});

test('anyBits tests integer flags, and ignores what is not an integer', () => {
  const where = [{ anyBits: { field: 'raw.attributes.permissions', mask: 0o111 } }];
  assert.equal(matches(where, { event: 'sftp', attributes: { permissions: 0o100755 } }), true);
  assert.equal(matches(where, { event: 'sftp', attributes: { permissions: 0o100644 } }), false);
  assert.equal(matches(where, { event: 'sftp', attributes: { permissions: '755' } }), false);
});

test('emailDomain compares the user\'s email domain with the cluster name, and is unknown without either', () => {
  assert.equal(emailInClusterDomain('jane@example.com', 'teleport.example.com'), true);
  assert.equal(emailInClusterDomain('jane@Example.COM', 'example.com'), true);
  assert.equal(emailInClusterDomain('eve@evil.io', 'teleport.example.com'), false);
  assert.equal(emailInClusterDomain('eve@ample.com', 'teleport.example.com'), false, 'a suffix must start at a dot');
  assert.equal(emailInClusterDomain('octocat', 'teleport.example.com'), null);
  assert.equal(emailInClusterDomain('jane@example.com', null), null);
  assert.equal(matches([{ emailDomain: { field: 'user', matchesCluster: false } }], { event: 'user.login', user: 'octocat', cluster_name: 'teleport.example.com' }), false);
});

test('destructiveSql finds DROP, TRUNCATE and DELETE without WHERE, whatever the case, spacing, quotes or comments', () => {
  for (const sql of ['DROP TABLE users', 'drop\n  database prod', 'truncate orders', 'TRUNCATE TABLE a; SELECT 1', 'DELETE FROM orders', 'delete from t -- where id = 1', 'SELECT 1;\n  DELETE FROM t', "DELETE FROM t /* where */"]) {
    assert.equal(isDestructiveSql(sql), true, sql);
  }
  for (const sql of ['SELECT * FROM drops', "SELECT 'a; DROP TABLE x'", 'DELETE FROM t WHERE id = 1', 'delete from t where(id=1)', 'UPDATE t SET dropped = true', '{"find": "test"}']) {
    assert.equal(isDestructiveSql(sql), false, sql);
  }
});

test('anyOf, not and a nested query combine predicates', () => {
  const where = [{ not: { anyOf: [{ contains: { field: 'raw.argv', values: ['-l'] } }, { query: 'program:ls' }] } }];
  assert.equal(matches(where, { event: 'session.command', program: 'crontab', argv: ['-e'] }), true);
  assert.equal(matches(where, { event: 'session.command', program: 'crontab', argv: ['-u', 'root', '-l'] }), false);
  assert.equal(matches(where, { event: 'session.command', program: 'ls', argv: [] }), false);
});
