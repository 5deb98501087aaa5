import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../../test/support/corpus.js';
import { normalizeOk } from './normalize-support.js';

const T = '2020-01-01T00:00:00Z';

test('a wrong-typed integer, boolean or array is dropped with a warning, never coerced', () => {
  const event = normalizeOk({ event: 'x', time: T, ei: '3', success: 'true', user_kind: 1.5, roles: 'admin', tx: -1.5 });
  assert.equal(event.eventIndex, null);
  assert.equal(event.success, null);
  assert.equal(event.userKind, null);
  assert.equal(event.roles, null);
  assert.equal(event.txBytes, null);
  assert.deepEqual(event.parseWarnings.sort(), ['event_index.dropped', 'roles.dropped', 'success.dropped', 'tx_bytes.dropped', 'user_kind.dropped']);
});

test('integers outside the column type are dropped rather than failing the insert', () => {
  const event = normalizeOk({ event: 'x', time: T, user_kind: 40_000, exitCode: '4294967296', response_code: 2 ** 31 });
  assert.equal(event.userKind, null);
  assert.equal(event.exitCode, null);
  assert.equal(event.responseCode, null);
  assert.deepEqual(event.parseWarnings.sort(), ['exit_code.dropped', 'response_code.dropped', 'user_kind.dropped']);
});

test('a dropped value lets the next source answer', () => {
  const event = normalizeOk({ event: 'x', time: T, roles: 'admin', identity: { roles: ['editor'] }, exitCode: 'n/a', return_code: 2 });
  assert.deepEqual(event.roles, ['editor']);
  assert.equal(event.exitCode, 2);
});

test('a non-string in an ordinary text column is kept as its JSON text', () => {
  const event = normalizeOk({ event: 'x', time: T, login: 5, name: { kind: 'role' }, sid: 12 });
  assert.equal(event.login, '5');
  assert.equal(event.resourceName, '{"kind":"role"}');
  assert.equal(event.sessionId, '12');
  assert.deepEqual(event.parseWarnings.sort(), ['login.stringified', 'resource_name.stringified', 'session_id.stringified']);
});

test('user_kind and user_roles come through when well typed', () => {
  const event = normalizeOk(fixture({ file: 'teleport-docs-reference.ndjson', where: (e) => e.event === 'cir.update' }));
  assert.equal(event.userKind, 1);
  assert.deepEqual(event.userRoles, ['editor']);
  assert.equal(event.updatedBy, 'admin');
  assert.equal(event.resourceName, 'client_ip_restriction');
});

test('a BPF command is rebuilt from program and argv', () => {
  const event = normalizeOk(fixture({ file: 'panther-teleport.ndjson', where: (e) => e.program === 'nmap' && (e.argv as unknown[]).length > 0 }));
  assert.equal(event.command, 'nmap -v -iR 100000 -Pn -p 80');
  assert.equal(event.program, 'nmap');
  assert.equal(event.path, '/bin/nmap');
  assert.deepEqual(event.argv, ['-v', '-iR', '100000', '-Pn', '-p', '80']);
  assert.equal(event.exitCode, 0);
});

test('a legacy session.exec command uses its args string', () => {
  const event = normalizeOk(fixture({ file: 'teleport-webapps-session-stream.ndjson', where: (e) => e.args === '--color=auto -alF' }));
  assert.equal(event.command, '/usr/bin/ls --color=auto -alF');
  assert.equal(event.argv, null);
});

test('an explicit command wins, and initial_command is joined', () => {
  const scp = normalizeOk(fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'scp' && typeof e.command === 'string' }));
  assert.match(scp.command ?? '', /^\/home\/path scp /);
  assert.equal(normalizeOk({ event: 'session.start', initial_command: ['ls', '-la'], program: 'x' }).command, 'ls -la');
});

test('kube.request maps verb, path, resource and response code', () => {
  const event = normalizeOk(fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'kube.request' }));
  assert.equal(event.kubeVerb, 'GET');
  assert.equal(event.kubeRequestPath, '/api/v1/namespaces/teletest/pods/test-pod');
  assert.equal(event.kubeResource, 'pods/teletest/test-pod');
  assert.equal(event.kubernetesCluster, 'gke_teleport-a');
  assert.equal(event.responseCode, 200);
});

test('a database query comes from query on db events, and from args.sql for Spanner', () => {
  const mysql = normalizeOk(fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.query === 'select 1' }));
  assert.equal(mysql.dbQuery, 'select 1');
  assert.equal(mysql.dbUser, 'alice');
  assert.equal(mysql.dbService, 'test-mysql');
  assert.equal(normalizeOk({ event: 'db.session.spanner.rpc', args: { sql: 'SELECT 1' } }).dbQuery, 'SELECT 1');
  assert.equal(normalizeOk({ event: 'scim.list', query: 'not sql' }).dbQuery, null);
});

test('session start and stop are timestamps', () => {
  const event = normalizeOk(fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'windows.desktop.session.end' }));
  assert.equal(event.sessionStart, '2020-04-23T18:22:35.350000Z');
  assert.equal(event.sessionStop, '2020-04-23T18:26:35.350000Z');
  assert.equal(event.mfaDeviceUuid, 'mfa-device');
  assert.equal(event.windowsUser, 'Administrator');
  assert.equal(event.impersonator, 'bar');
  assert.deepEqual(event.labels, { env: 'production' });
});

test('an unparseable session start is dropped with a warning', () => {
  const event = normalizeOk({ event: 'session.end', time: T, session_start: 'yesterday' });
  assert.equal(event.sessionStart, null);
  assert.deepEqual(event.parseWarnings, ['session_start.dropped']);
});

test('label maps are merged, the earlier map winning a shared key', () => {
  const event = normalizeOk({ event: 'x', time: T, server_labels: { env: 'prod' }, app_labels: { env: 'dev', team: 'a' } });
  assert.deepEqual(event.labels, { env: 'prod', team: 'a' });
});

test('a label map that is not an object is dropped with a warning', () => {
  const event = normalizeOk({ event: 'x', time: T, db_labels: ['env=prod'] });
  assert.equal(event.labels, null);
  assert.deepEqual(event.parseWarnings, ['labels.dropped']);
});

test('the MFA device comes from mfa_device, then the flat keys, then identity', () => {
  assert.equal(normalizeOk({ event: 'x', mfa_device: { mfa_device_uuid: 'a' }, with_mfa: 'b' }).mfaDeviceUuid, 'a');
  assert.equal(normalizeOk({ event: 'x', identity: { mfa_device_uuid: 'c' } }).mfaDeviceUuid, 'c');
});

test('an app session can name its app through identity.route_to_app', () => {
  assert.equal(normalizeOk({ event: 'app.session.start', identity: { route_to_app: { name: 'grafana' } } }).appName, 'grafana');
});

test('an invalid identity.client_ip fallback is flagged and not used', () => {
  const event = normalizeOk({ event: 'cert.create', time: T, identity: { client_ip: '10.0.0.256' } });
  assert.equal(event.remoteIp, null);
  assert.deepEqual(event.parseWarnings, ['client_ip.invalid']);
});

test('a valid addr.remote wins over identity.client_ip', () => {
  const event = normalizeOk({ event: 'x', 'addr.remote': '203.0.113.9:5000', identity: { client_ip: '198.51.100.7' } });
  assert.equal(event.remoteIp, '203.0.113.9');
});

test('a garbage remote address keeps its text and is flagged', () => {
  const event = normalizeOk({ event: 'x', time: T, 'addr.remote': 'not an address' });
  assert.equal(event.remoteAddr, 'not an address');
  assert.equal(event.remoteIp, null);
  assert.equal(event.remotePort, null);
  assert.deepEqual(event.parseWarnings, ['remote_addr.unparsed']);
});
