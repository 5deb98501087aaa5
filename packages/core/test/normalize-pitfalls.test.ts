import assert from 'node:assert/strict';
import { test } from 'node:test';
import { microTimeOf } from '../src/time/micro-time.js';
import { fixture } from '../../../test/support/corpus.js';
import { normalizeOk, RECEIVED_AT } from './normalize-support.js';

// Each test runs on the real sample line that shows one pitfall of event-schema.md §3.

test('an object-valued user falls back to user.user and leaves user_name empty', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'device' && typeof e.user === 'object' });
  const event = normalizeOk(raw);
  assert.equal(event.actor, '3827e8ad-7cbe-4423-a80f-dfc89e83eb86.im-a-cluster-name');
  assert.equal(event.actorPath, 'user.user');
  assert.equal(event.userName, null);
});

test('an old device event takes success from status.success', () => {
  const ok = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'device' && (e.status as { success: boolean }).success === true });
  const failed = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'device' && (e.status as { success: boolean }).success === false });
  assert.equal(normalizeOk(ok).success, true);
  assert.equal(normalizeOk(failed).success, false);
});

test('cert.create takes the actor, cluster, roles and expiry from identity', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e.event === 'cert.create' });
  const event = normalizeOk(raw);
  assert.equal(event.actor, 'bot-application');
  assert.equal(event.actorPath, 'identity.user');
  assert.equal(event.impersonator, 'bot-application');
  assert.deepEqual(event.roles, ['application']);
  assert.equal(event.kubernetesCluster, 'staging');
  assert.equal(event.certType, 'user');
  // .444444428 keeps milliseconds only in a JS Date
  assert.equal(event.certExpires, '2023-09-17T22:00:00.444444Z');
  assert.equal(event.remoteAddr, null);
});

test('cert.create with identity.client_ip gets remote_ip from it', () => {
  // No sample carries identity.client_ip, though the proto defines it (§3 pitfall 8): add it to a real line.
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'cert.create' });
  const event = normalizeOk({ ...raw, identity: { ...(raw.identity as object), client_ip: '198.51.100.7' } });
  assert.equal(event.actor, 'alice');
  assert.equal(event.actorPath, 'identity.user');
  assert.equal(event.remoteIp, '198.51.100.7');
  assert.equal(event.remoteAddr, null);
  assert.equal(event.remotePort, null);
});

test('cert.create without addr.remote or client_ip has no remote ip and no warning', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'cert.create' });
  const event = normalizeOk(raw);
  assert.equal(event.remoteIp, null);
  assert.deepEqual(event.parseWarnings, []);
});

test('Panther space-separated time is read as UTC', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e.event === 'saml.created' });
  assert.equal(raw.time, '2023-09-19 18:00:00');
  const event = normalizeOk(raw);
  assert.equal(event.eventTime, '2023-09-19T18:00:00.000000Z');
  assert.equal(event.timeFromReceivedAt, false);
});

test('an invalid time falls back to the received time with a warning, and the event is kept', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e.time === '2023-09-20T23:00:000.000000Z' });
  const event = normalizeOk(raw);
  assert.equal(event.eventType, 'role.created');
  assert.equal(event.timeFromReceivedAt, true);
  assert.equal(event.eventTime, microTimeOf(RECEIVED_AT));
  assert.ok(event.parseWarnings.includes('time.invalid'));
});

test('a lower-case code is upper-cased and addr_remote fills the remote address', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e.code === 't2000i' });
  const event = normalizeOk(raw);
  assert.equal(event.eventCode, 'T2000I');
  assert.equal(event.remoteAddr, '192.0.2.1:35194');
  assert.equal(event.remoteIp, '192.0.2.1');
  assert.equal(event.remotePort, 35194);
  assert.equal(event.eventTime, '2023-09-18T11:22:33.000000Z');
  assert.deepEqual(event.labels, { env: 'prod', role: 'project123' });
  // initial_command [""] is an interactive shell, not a command
  assert.equal(event.command, null);
  assert.deepEqual(event.parseWarnings, ['event_code.upper_cased']);
});

test('Go zero time is treated as missing', () => {
  const raw = fixture({ file: 'teleport-docs-reference.ndjson', where: (e) => e.time === '0001-01-01T00:00:00Z' });
  const event = normalizeOk(raw);
  assert.equal(event.timeFromReceivedAt, true);
  assert.equal(event.eventTime, microTimeOf(RECEIVED_AT));
  assert.deepEqual(event.parseWarnings, ['time.zero']);
});

test('a Go zero expires is no expiry, not a warning', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e.event === 'lock.created' });
  const event = normalizeOk(raw);
  assert.equal(event.certExpires, null);
  assert.equal(event.eventTime, '2023-09-21T00:00:00.000000Z');
  assert.deepEqual(event.parseWarnings, []);
});

test('a bracketed IPv6 remote address is split into ip and port', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e['addr.remote'] === '[2001:db8:face:face:face:face:face:face]:65123' });
  const event = normalizeOk(raw);
  assert.equal(event.remoteAddr, '[2001:db8:face:face:face:face:face:face]:65123');
  assert.equal(event.remoteIp, '2001:db8:face:face:face:face:face:face');
  assert.equal(event.remotePort, 65123);
});

test('an IPv6 loopback remote address keeps its port', () => {
  const raw = fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'session.start' });
  const event = normalizeOk(raw);
  assert.equal(event.remoteIp, '::1');
  assert.equal(event.remotePort, 37718);
  assert.equal(event.localIp, '127.0.0.1');
  assert.equal(event.localPort, 3022);
});

test('a host-name remote address stays text with no ip', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e['addr.remote'] === 'ec2-54-162-177-255.compute-1.amazonaws.com:3389' });
  const event = normalizeOk(raw);
  assert.equal(event.remoteAddr, 'ec2-54-162-177-255.compute-1.amazonaws.com:3389');
  assert.equal(event.remoteIp, null);
  assert.equal(event.remotePort, 3389);
  assert.equal(event.desktopAddr, 'ec2-54-162-177-255.compute-1.amazonaws.com:3389');
  assert.deepEqual(event.parseWarnings, []);
});

test('an invalid IPv6 remote address keeps its text but gets no ip', () => {
  const raw = fixture({ file: 'panther-teleport.ndjson', where: (e) => e['addr.remote'] === '[2001:db8:feed:face:c0ff:eeb0:baf00:00d]:65123' });
  const event = normalizeOk(raw);
  assert.equal(event.remoteAddr, '[2001:db8:feed:face:c0ff:eeb0:baf00:00d]:65123');
  assert.equal(event.remoteIp, null);
  assert.deepEqual(event.parseWarnings, ['remote_addr.invalid_ip']);
  assert.equal(event.mfaDeviceUuid, '88888888-4444-4444-4444-222222222222');
});

test('a leading-zero IPv4 local address gets no ip (inet would accept it as 192.0.0.0)', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e['addr.local'] === '192.000.0.000:3022' });
  const event = normalizeOk(raw);
  assert.equal(event.localAddr, '192.000.0.000:3022');
  assert.equal(event.localIp, null);
  assert.equal(event.localPort, 3022);
  assert.equal(event.remoteIp, '127.0.0.1');
  assert.ok(event.parseWarnings.includes('local_addr.invalid_ip'));
});

test('an empty sid becomes a NULL session id', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'sftp' && e.sid === '' });
  const event = normalizeOk(raw);
  assert.equal(event.sessionId, null);
  assert.equal(event.dedupKey, `uid:${String(raw.uid)}`);
});

test('ei 2147483646 on session.data is kept as the event index', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.ei === 2147483646 });
  const event = normalizeOk(raw);
  assert.equal(event.eventType, 'session.data');
  assert.equal(event.eventIndex, 2147483646);
  assert.equal(typeof event.txBytes, 'number');
  assert.equal(typeof event.rxBytes, 'number');
});

test('an integer error is stored as text with a warning', () => {
  const raw = fixture({ file: 'teleport-webapps-session-stream.ndjson', where: (e) => e.event === 'session.open' });
  assert.equal(raw.error, 0);
  const event = normalizeOk(raw);
  assert.equal(event.error, '0');
  assert.deepEqual(event.parseWarnings, ['error.stringified']);
  assert.equal(event.eventCode, null);
  assert.equal(event.actor, 'jsmith@example.com');
});

test('an object message is stored as JSON text with a warning', () => {
  const raw = fixture({ file: 'teleport-docs-reference.ndjson', where: (e) => e.event === 'mcp.session.notification' && e.success === false });
  const event = normalizeOk(raw);
  assert.equal(event.message, '{"method":"notifications/initialized","jsonrpc":"2.0"}');
  assert.equal(event.error, 'HTTP 401 Unauthorized');
  assert.equal(event.success, false);
  assert.deepEqual(event.parseWarnings, ['message.stringified']);
});

test('exitCode sent as a string is an integer exit code', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.exitCode === '1' });
  const event = normalizeOk(raw);
  assert.equal(event.exitCode, 1);
  assert.equal(event.eventCode, 'T3004E');
  assert.deepEqual(event.parseWarnings, []);
});

test('a string status (ssm.run) is not a success flag', () => {
  const raw = fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.status === 'Failure' });
  const event = normalizeOk(raw);
  assert.equal(event.success, null);
  assert.equal(event.exitCode, 1);
});

test('SCIM events name their cluster in `cluster`', () => {
  const raw = fixture({ file: 'teleport-docs-reference.ndjson', where: (e) => typeof e.cluster === 'string' && e.cluster_name === undefined });
  assert.equal(normalizeOk(raw).clusterName, raw.cluster);
});
