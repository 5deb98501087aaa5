import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';
import { fixture, loadCorpusFile } from './support/corpus.js';
import { encode, frame, postToWebhook } from './support/ingest.js';

let t: TestApp;
let token: string;
let sourceId: string;

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: { clusterName: 'prod.example.com' } } });
  ({ token } = res.json().webhook);
  sourceId = res.json().source.id;
});
after(() => t.close());

const countRows = async (where = 'true', params: unknown[] = []) =>
  (await t.db.owner.query(`select count(*)::int as n from teleport_audit_events where source_id = '${sourceId}' and ${where}`, params)).rows[0].n as number;

const json = (event: Record<string, unknown>) => ({ body: Buffer.from(JSON.stringify(event)), headers: { 'content-type': 'application/json' } });
const SID = '9c1f0b7e-1234-4a5b-9c7d-0123456789ab';

test("the Event Handler's audit request gets exactly 200 with an empty body, once stored", async () => {
  const event = { 'addr.remote': '203.0.113.7:51234', cluster_name: 'teleport.example.com', code: 'T1000I', ei: 0, event: 'user.login', method: 'local', success: true, time: '2025-06-01T23:57:37.919Z', uid: 'eb2286d7-6ba5-c8a0-4218-06949b628036', user: 'alice' };
  const res = await t.app.inject({
    method: 'POST', url: `/v1/ingest/teleport/${token}/events.log`, payload: JSON.stringify(event),
    headers: { 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1', 'accept-encoding': 'gzip' },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, '');
  assert.equal(res.headers['content-length'], '0');
  assert.equal(res.headers['x-ingest-accepted'], '1');
  const { rows } = await t.db.owner.query(`select actor, remote_ip, cluster_name, raw from teleport_audit_events where uid = $1`, [event.uid]);
  assert.deepEqual(rows, [{ actor: 'alice', remote_ip: '203.0.113.7', cluster_name: 'teleport.example.com', raw: event }]);
});

test('every session URL form the Event Handler produces is accepted', async () => {
  const forms = [
    { url: `/v1/ingest/teleport/${token}/session.${SID}.log`, headers: {} },
    { url: `/v1/ingest/teleport/${token}.${SID}.log`, headers: {} },
    { url: `/v1/ingest/teleport?token=${token}.${SID}.log`, headers: {} },
    { url: `/v1/ingest/teleport?token=${token}&noop=.${SID}.log`, headers: {} },
    { url: `/v1/ingest/teleport/${token}/session.log.${SID}.log`, headers: {} },
    { url: '/v1/ingest/teleport', headers: { authorization: `Bearer ${token}` } },
    { url: '/v1/ingest/teleport/events.log', headers: { authorization: `Basic ${Buffer.from(`fluentd:${token}`).toString('base64')}` } },
  ];
  for (const [i, form] of forms.entries()) {
    const event = { event: 'resize', code: 'T2002I', ei: i + 1, sid: SID, size: '120:40', time: '2025-06-01T23:58:02.114Z', uid: `resize-${i}`, user: 'alice' };
    const res = await t.app.inject({ method: 'POST', url: form.url, payload: JSON.stringify(event), headers: { 'content-type': 'application/json', ...form.headers } });
    assert.equal(res.statusCode, 200, `${form.url}: ${res.body}`);
    assert.equal(res.headers['x-ingest-accepted'], '1', form.url);
  }
  assert.equal(await countRows(`session_id = $1`, [SID]), forms.length);
});

test('PUT works like POST (Fluentd out_http can be set to PUT)', async () => {
  const res = await t.app.inject({ method: 'PUT', url: `/v1/ingest/teleport/${token}`, payload: JSON.stringify({ event: 'user.login', uid: 'put-1', time: '2025-06-02T00:00:00Z' }), headers: { 'content-type': 'application/json' } });
  assert.equal(res.statusCode, 200);
});

test('re-posting the same events adds nothing and still answers 200', async () => {
  const events = loadCorpusFile('teleport-events-test.ndjson').map((l) => l.event);
  const first = await postToWebhook(t.app, token, frame(events, 'ndjson'));
  assert.equal(first.statusCode, 200);
  const before = await countRows();
  const again = await postToWebhook(t.app, token, encode(frame(events, 'array').body, 'gzip'));
  assert.equal(again.statusCode, 200);
  assert.equal(again.headers['x-ingest-accepted'], '0');
  assert.equal(Number(again.headers['x-ingest-duplicates']), events.length);
  assert.equal(await countRows(), before);
});

test('?verbose=1 or Accept: application/json returns the counts', async () => {
  const events = [{ event: 'user.login', uid: 'v-1', time: '2025-06-03T00:00:00Z' }, { event: 'user.login', uid: 'v-1', time: '2025-06-03T00:00:00Z' }];
  const res = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}?verbose=1`, payload: JSON.stringify(events), headers: { 'content-type': 'application/json' } });
  assert.deepEqual(res.json(), { accepted: 1, duplicates: 1, quarantined: 0 });
  const viaAccept = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}`, payload: '{"event":"x","time":"2025-06-03T00:00:00Z","uid":"v-2"}', headers: { 'content-type': 'application/json', accept: 'application/json' } });
  assert.deepEqual(viaAccept.json(), { accepted: 1, duplicates: 0, quarantined: 0 });
});

test('events arriving out of order are stored and read back in session order', async () => {
  const sid = 'ooo-session';
  const events = [3, 1, 2, 0].map((ei) => ({ event: 'session.data', sid, ei, time: `2025-06-04T00:00:0${ei}Z`, code: 'T2006I' }));
  const res = await postToWebhook(t.app, token, frame(events, 'ndjson'));
  assert.equal(res.headers['x-ingest-accepted'], '4');
  const { rows } = await t.db.owner.query(`select event_index from teleport_audit_events where session_id = $1 order by event_index`, [sid]);
  assert.deepEqual(rows.map((r) => Number(r.event_index)), [0, 1, 2, 3]);
});

test('an event without time (Fluentd default) is stored at its received time, marked, and warned about on the source', async () => {
  const event = { ...fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'session.start' }), uid: 'no-time-1' };
  delete (event as Record<string, unknown>).time;
  const res = await postToWebhook(t.app, token, frame([event], 'ndjson'));
  assert.equal(res.headers['x-ingest-accepted'], '1');
  const { rows } = await t.db.owner.query(`select time_from_received_at, parse_warnings from teleport_audit_events where uid = 'no-time-1'`);
  assert.deepEqual(rows, [{ time_from_received_at: true, parse_warnings: ['time.missing'] }]);
  const again = await postToWebhook(t.app, token, frame([event], 'ndjson'));
  assert.equal(again.headers['x-ingest-duplicates'], '1', 'a redelivery of an event without time is still a duplicate');

  const source = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}` })).json();
  assert.ok(source.health.eventsWithoutTimeLast24h >= 1);
  assert.ok(source.health.warnings.some((w: { code: string; message: string }) => w.code === 'events_without_time' && w.message.includes('keep_time_key true')));
});

test('a bad line amid good ones: the good ones are stored, the bad one quarantined, the answer is 200', async () => {
  const body = Buffer.from([
    JSON.stringify({ event: 'user.login', uid: 'mix-1', time: '2025-06-05T00:00:00Z' }),
    '{"event":"user.login","uid":"mix-2", broken',
    JSON.stringify({ event: 'user.login', uid: 'mix-3', time: '2025-06-05T00:00:01Z' }),
    '"just a string"',
    JSON.stringify({ uid: 'mix-4', note: 'no event type' }),
  ].join('\n'));
  const res = await postToWebhook(t.app, token, { body, headers: { 'content-type': 'application/x-ndjson' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-ingest-accepted'], '2');
  assert.equal(res.headers['x-ingest-quarantined'], '3');
  const rejects = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}/rejects` })).json().data;
  const reasons = rejects.slice(0, 3).map((r: { reason: string }) => r.reason).sort();
  assert.deepEqual(reasons, ['body.invalid_json', 'event.missing_type', 'record.not_object']);
  const broken = rejects.find((r: { reason: string }) => r.reason === 'body.invalid_json');
  assert.equal(broken.payloadText, '{"event":"user.login","uid":"mix-2", broken');
  assert.equal(broken.context, 'line 2');
});

test('a body that is not JSON at all is quarantined whole with its bytes, and answered 200', async () => {
  const res = await postToWebhook(t.app, token, { body: Buffer.from('hello, this is not json'), headers: { 'content-type': 'text/plain' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-ingest-quarantined'], '1');
  const [latest] = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}/rejects?limit=1` })).json().data;
  assert.equal(latest.payloadText, 'hello, this is not json');
  assert.equal(latest.contentType, 'text/plain');
  const source = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}` })).json();
  assert.ok(source.health.rejectsTotal >= 4);
});

test('an event with a NUL character is quarantined instead of failing its batch forever', async () => {
  const res = await postToWebhook(t.app, token, json({ event: 'exec', uid: 'nul-1', command: 'echo \u0000', time: '2025-06-06T00:00:00Z' }));
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-ingest-quarantined'], '1');
});

test('a missing, unknown or revoked token gets 401 JSON and stores nothing', async () => {
  const before = await countRows();
  for (const url of ['/v1/ingest/teleport', `/v1/ingest/teleport/tai_wh_${'x'.repeat(40)}`, '/v1/ingest/teleport/garbage/events.log']) {
    const res = await t.app.inject({ method: 'POST', url, payload: '{"event":"user.login"}', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.1' } });
    assert.equal(res.statusCode, 401, url);
    assert.equal(res.json().error.code, 'ingest.invalid_token');
  }
  const mismatch = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}`, payload: '{}', headers: { authorization: `Bearer tai_wh_${'y'.repeat(40)}` } });
  assert.equal(mismatch.statusCode, 401, 'every credential presented must be valid');
  assert.equal(await countRows(), before);
});

test('a body over the size limit gets 413', async () => {
  const small = await setupApp({ ingest: { maxBodyBytes: 2048 } });
  try {
    const { webhook } = (await small.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 's' } })).json();
    const big = Buffer.from(JSON.stringify([{ event: 'user.login', pad: 'x'.repeat(4000) }]));
    const res = await postToWebhook(small.app, webhook.token, { body: big, headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'request.body_too_large');
  } finally {
    await small.close();
  }
});

test('a gzip bomb is stopped at the decompressed limit with 413', async () => {
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MiB of spaces in ~64 KiB
  const started = Date.now();
  const res = await postToWebhook(t.app, token, { body: bomb, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
  assert.equal(res.statusCode, 413);
  assert.ok(Date.now() - started < 5_000);
});

test('an event over the per-event limit is quarantined while the rest of the request is stored', async () => {
  const big = { event: 'db.session.query', uid: 'huge-1', time: '2025-06-07T00:00:00Z', db_query: 'x'.repeat(3 * 1024 * 1024) };
  const ok = { event: 'user.login', uid: 'beside-huge', time: '2025-06-07T00:00:00Z' };
  const res = await postToWebhook(t.app, token, frame([big, ok], 'ndjson'));
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-ingest-accepted'], '1');
  assert.equal(res.headers['x-ingest-quarantined'], '1');
  const [latest] = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}/rejects?limit=1` })).json().data;
  assert.equal(latest.reason, 'record.too_large');
  assert.equal(latest.payloadTruncated, true, 'the kept payload is capped');
});

test('no body, however broken, gets a 5xx other than 503 or a 4xx other than 413', async () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const encodings = [undefined, 'gzip', 'deflate', 'zstd', 'snappy', 'br', 'gzip, deflate'];
  const types = [undefined, 'application/json', 'application/x-ndjson', 'application/msgpack', 'application/x-www-form-urlencoded', 'text/plain'];
  for (let i = 0; i < 150; i++) {
    const length = Math.floor(random() * 400);
    const body = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
    if (i % 3 === 0) body.write('{"event":"', 0);
    if (i % 5 === 0 && length > 2) { body[0] = 0x1f; body[1] = 0x8b; }
    const headers: Record<string, string> = {};
    const enc = encodings[i % encodings.length];
    const type = types[i % types.length];
    if (enc) headers['content-encoding'] = enc;
    if (type) headers['content-type'] = type;
    const res = await postToWebhook(t.app, token, { body, headers });
    assert.ok([200, 413].includes(res.statusCode), `body ${i} (${enc}, ${type}) got ${res.statusCode}: ${res.body}`);
  }
});

test('source health shows the last event, the volume of the last 24 h and the rejects', async () => {
  const source = (await t.tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}` })).json();
  assert.ok(source.lastEventAt);
  assert.equal(source.health.eventsLast24h, await countRows());
  assert.ok(source.health.duplicatesLast24h > 0);
  assert.ok(source.health.rejectsLast24h > 0);
});
