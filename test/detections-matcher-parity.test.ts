import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { compileCondition, normalizeEvent, parseQuery, resolveQuery, uuidv7, type NormalizedEvent } from '@tai/core';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { distinctRows, insertEvents, normalizedCorpus } from './support/events.js';

// The in-memory matcher that rules use must find exactly what the SQL search finds: every corpus event
// (plus a few made to reach the corners: case folding beyond ASCII, IPv6 spellings, JSON numbers, nulls
// and objects under raw.) against queries over every field type, operator and combinator.
const RECEIVED_AT = new Date('2026-03-01T12:00:00.000Z');
const NOW = new Date('2026-03-01T12:00:00.000Z');

const CORNER_EVENTS: Record<string, unknown>[] = [
  { event: 'user.login', time: '2026-02-01T10:00:00Z', uid: 'corner-1', user: 'ÅSA.Berg', method: 'local', success: true, 'addr.remote': '[2001:0db8:0:0::1]:443', cluster_name: 'Prod.Example.COM' },
  { event: 'user.login', time: '2026-02-01T10:00:01Z', uid: 'corner-2', user: 'İlker', method: 'SAML', success: false, 'addr.remote': '[::ffff:10.1.2.3]:80', error: 'access denied to İlker' },
  { event: 'session.command', time: '2026-02-01T10:00:02Z', uid: 'corner-3', user: 'bob', program: 'curl', argv: ['-s', 'https://example.com/x', 'last'], big: 1e21, small: 1.5e-7, negative: -2.5e-10, nothing: null, nested: { 'é': 1, z: 2, ab: [1, { y: null }] }, text: 'line one\nline two', flag: true },
  { event: 'exec', time: '2026-02-01T10:00:03Z', uid: 'corner-4', user: 'carol', command: 'rm -rf /tmp/100%_done', exitCode: '2', 'addr.remote': '10.20.30.40:5000', kubernetes_cluster: 'prod-eu' },
  { event: 'db.session.query', time: '2026-02-01T10:00:04Z', uid: 'corner-5', user: 'dave', db_service: 'Orders', db_name: 'orders', db_query: 'DELETE FROM orders', success: true, access_requests: ['req-1', 'req-2'] },
  { event: 'access_request.review', time: '2026-02-01T10:00:05Z', uid: 'corner-6', id: 'req-9', reviewer: 'erin', state: 'APPROVED', proposed_state: 'APPROVED' },
];

const QUERIES = [
  'event:user.login', 'event:session.*', 'type:db.session.* db_query:*', 'code:T1000W', 'code:t1000*', 'code:*E',
  'user:ALICE@EXAMPLE.COM', 'user:*@example.com', 'user:åsa.berg', 'user:ilker', 'user:İLKER', 'user:åsa*', 'actor:*',
  'user_name:max.mustermann', 'login:root', 'NOT login:root', '-login:root event:session.start',
  'node:ip-10-*', 'node:e75992b4-9e27-456f-b1c9-7a32da83c661', 'node:*', 'host:PLANET', 'server_id:*', 'server_addr:*',
  'sid:56408539-6536-11e9-80a1-427cfde50f5a', 'sid:*',
  'ip:127.0.0.1', 'ip:127.0.0.0/8', 'ip:::1', 'ip:2001:db8::1', 'ip:2001:db8::/32', 'NOT ip:10.0.0.0/8 ip:*', 'ip:10.1.2.3', 'ip:::ffff:10.1.2.3', 'ip:::ffff:0.0.0.0/96',
  'local_ip:172.31.28.130', 'remote_addr:*:3022', 'remote_port:>50000', 'remote_port:<=35194',
  'success:false', 'success:true event:user.login method:local -mfa_device:*', 'mfa_device:*',
  'access_request:66b827b2-1b0b-512b-965d-6c789388d3c9', 'access_request:req-2', 'request_state:approved', 'access_request:req-9', 'role:admin', 'roles:application',
  'warning:event_code.upper_cased', 'warning:*', 'NOT warning:*',
  'kube_cluster:*', 'kube_cluster:PROD*', 'kube_verb:get', 'kube_resource:pods/*', 'db:test', 'db:orders', 'db_user:ALICE', 'db_query:*find*', 'db_query:DELETE*',
  'command:*scp*', 'command:*100%_*', 'program:nmap OR program:nc', 'path:~/*', 'exit_code:>0', 'exit_code:0', 'exit_code:*',
  'method:SAML', 'method:saml', 'resource:*connector*', 'updated_by:*', 'cert_type:user', 'error:*principal*', 'error:*İlker*', 'message:*', 'protocol:KUBE',
  'user_agent:*Spacedeck*', 'user_kind:1', 'ei:>=4', 'ei:2147483646', 'tx_bytes:>0', 'rx_bytes:*', 'response_code:200', 'uid:corner-3', 'impersonator:*',
  'desktop:*', 'windows_user:*', 'aws_role:*', 'app:*', 'cluster:prod.example.com', 'cluster:*example*',
  'session_start:>2019-01-01T00:00:00Z', 'session_stop:<2021-01-01', 'cert_expires:>2023-09-17T21:30:00Z', 'cert_expires:*', 'time:>=2023-09-18T00:00:00Z', 'time:<2020-01-01',
  '"curl"', '"rm -rf"', 'root', '"LINE ONE"', '"one\nline"', 'principal OR denied', '(event:scp OR event:sftp) NOT code:*E',
  'raw.identity.user:alice', 'raw."addr.remote":*', 'raw.argv.0:-l', 'raw.argv.-1:last', 'raw.argv.2:*', 'raw.dst_port:>1000', 'raw.dst_port:1723',
  'raw.target:*user*', 'raw.target:"{\\"user\\": \\"user-to-disable\\"}"', 'raw.server_labels:*', 'raw.server_labels.env:prod', 'raw.action:1', 'raw.ei:0',
  'raw.big:1000000000000000000000', 'raw.small:0.00000015', 'raw.negative:-0.00000000025', 'raw.small:>0', 'raw.big:>999999999999999', 'raw.small:<0.000001',
  'raw.nothing:*', 'NOT raw.nothing:*', 'raw.nested:"{\\"z\\": 2, \\"ab\\": [1, {\\"y\\": null}], \\"é\\": 1}"', 'raw.nested.ab.1.y:*', 'raw.flag:true', 'raw.exitCode:2',
  'raw.mfa_device.mfa_device_uuid:*', 'raw.user.user:*', 'raw.success:true',
];

let db: TestDatabase;
let tenantId: string;
let events: NormalizedEvent[];

before(async () => {
  db = await createTestDatabase();
  tenantId = (await createTenantWithAdminKey(db.repos, { name: 'parity' })).tenantId;
  const corners = CORNER_EVENTS.map((raw) => {
    const result = normalizeEvent(raw, { receivedAt: RECEIVED_AT });
    assert.ok(result.ok, `corner event ${raw.uid} normalizes`);
    return result.event;
  });
  events = distinctRows([...normalizedCorpus(RECEIVED_AT), ...corners]);
  const { refused } = await insertEvents(db.repos, { tenantId, sourceId: uuidv7(), events });
  assert.deepEqual(refused, [], 'Postgres takes every event');
});
after(() => db?.drop());

const keyOf = (dedupKey: string, time: string) => `${time}|${dedupKey}`;

async function sqlMatches(query: string): Promise<string[]> {
  const condition = resolveQuery(parseQuery(query), { now: NOW });
  const rows = await db.repos.eventSearch.search({ tenantId, condition, range: { from: null, to: null }, order: 'asc', after: null, limit: 1_000, fields: ['dedupKey', 'time'] });
  assert.ok(rows.length < 1_000, 'one page holds every match');
  return rows.map((r) => keyOf(r.fields.dedupKey as string, r.time)).sort();
}

function memoryMatches(query: string): string[] {
  const predicate = compileCondition(resolveQuery(parseQuery(query), { now: NOW }));
  return events.filter(predicate).map((e) => keyOf(e.dedupKey, e.eventTime)).sort();
}

test('the in-memory matcher finds exactly what the SQL search finds, for every query and every corpus event', async () => {
  const trivial: string[] = [];
  for (const query of QUERIES) {
    const [sql, memory] = [await sqlMatches(query), memoryMatches(query)];
    assert.deepEqual(memory, sql, `query ${JSON.stringify(query)}`);
    if (sql.length === 0 || sql.length === events.length) trivial.push(query);
  }
  // A parity over queries that match nothing (or everything) would prove little; this one is empty on purpose.
  assert.deepEqual(trivial, ['ip:10.1.2.3'], 'every other query matches some events and not others');
});
