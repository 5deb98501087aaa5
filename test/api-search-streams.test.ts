import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { normalizeEvent, type NormalizedEvent } from '@tai/core';
import { setupApp, type TestApp } from './support/app.js';
import { insertEvents } from './support/events.js';

// Paging and exporting while the table changes and when the client goes away.
let t: TestApp;
let sourceId: string;
let token: string;

before(async () => {
  t = await setupApp();
  const res = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'streams' } })).json();
  sourceId = res.source.id;
  token = res.webhook.token;
});
after(() => t.close());

const BASE = Date.parse('2026-03-01T00:00:00Z');
function events(prefix: string, count: number, at: (i: number) => number): NormalizedEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const r = normalizeEvent({ event: 'session.command', uid: `${prefix}-${i}`, time: new Date(at(i)).toISOString(), user: `u${i % 7}`, program: '/usr/bin/ls', argv: ['-la'] }, { receivedAt: new Date() });
    assert.ok(r.ok);
    return r.event;
  });
}

test('a cursor pages through every event that existed when paging began, exactly once, while new and late events arrive', async () => {
  const original = events('orig', 300, (i) => BASE + i * 1_000);
  await insertEvents(t.db.repos, { tenantId: t.tenant.tenantId, sourceId, events: original });
  const seen: string[] = [];
  let cursor: string | null = null;
  let round = 0;
  do {
    const url: string = `/v1/events?q=${encodeURIComponent('program:/usr/bin/ls')}&limit=20&fields=uid${cursor ? `&cursor=${cursor}` : ''}`;
    const page: { data: { uid: string }[]; nextCursor: string | null } = (await t.tenant.call({ method: 'GET', url })).json();
    seen.push(...page.data.map((r: { uid: string }) => r.uid));
    cursor = page.nextCursor;
    // Between pages: newer events, and late ones with older times, as a backfill would bring.
    await insertEvents(t.db.repos, { tenantId: t.tenant.tenantId, sourceId, events: [...events(`new${round}`, 10, (i) => BASE + 10_000_000 + round * 100 + i), ...events(`late${round}`, 3, (i) => BASE - 1_000_000 + round * 10 + i)] });
    round++;
  } while (cursor);
  assert.equal(new Set(seen).size, seen.length, 'no event twice');
  const originals = seen.filter((uid) => uid.startsWith('orig-'));
  assert.equal(originals.length, 300, 'every original event once');
  assert.ok(!seen.some((uid) => uid.startsWith('new')), 'events newer than the first page are not mixed into a newest-first walk');
});

test('an export of many rows streams to the end, and a client that goes away stops the query and frees its connection', async () => {
  const many = events('bulk', 20_000, (i) => BASE + 50_000_000 + i);
  for (let i = 0; i < many.length; i += 5_000) await insertEvents(t.db.repos, { tenantId: t.tenant.tenantId, sourceId, events: many.slice(i, i + 5_000) });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as { port: number }).port;
  const url = `/v1/events/export?q=${encodeURIComponent('uid:bulk-*')}&format=ndjson`;
  const headers = { authorization: `Bearer ${t.tenant.apiKey}` };

  const whole = await new Promise<{ lines: number; trailers: NodeJS.Dict<string> }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: url, headers }, (res) => {
      let lines = 0;
      res.on('data', (chunk: Buffer) => { for (const byte of chunk) if (byte === 0x0a) lines++; });
      res.on('end', () => resolve({ lines, trailers: res.trailers }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
  assert.equal(whole.lines, 20_000);
  assert.equal(whole.trailers['x-export-complete'], 'true');
  assert.equal(whole.trailers['x-export-rows'], '20000');

  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: url, headers }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    req.on('socket', (s) => s.on('error', reject));
    req.end();
  });
  const deadline = Date.now() + 3_000;
  for (;;) {
    const { rows } = await t.db.owner.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and state <> 'idle' and query ilike '%teleport_audit_events%' and pid <> pg_backend_pid()`, [t.db.name]);
    if (rows[0].n === 0) break;
    assert.ok(Date.now() < deadline, 'the export query kept running after the client left');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(t.db.client.pool.totalCount, t.db.client.pool.idleCount, 'the connection went back to the pool');
});

test('session-stream events without a sid of their own take the session id of the URL they were posted to', async () => {
  const sid = '0b5e51ce-5e55-4a0b-9c1f-7e57ab1e0001';
  const res = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/session.${sid}.log`, payload: '{"event":"print","ei":5,"time":"2026-03-02T00:00:00.123456789Z","data":"aGVsbG8=","bytes":5,"ms":12}', headers: { 'content-type': 'application/json' } });
  assert.equal(res.statusCode, 200);
  const page = (await t.tenant.call({ method: 'GET', url: `/v1/events?q=${encodeURIComponent(`sid:${sid}`)}&fields=sessionId,parseWarnings,eventIndex` })).json();
  assert.equal(page.data.length, 1);
  assert.equal(page.data[0].sessionId, sid);
  assert.deepEqual(page.data[0].parseWarnings, ['session_id.from_url']);
  assert.equal(page.data[0].time, '2026-03-02T00:00:00.123456Z');
  const session = (await t.tenant.call({ method: 'GET', url: `/v1/sessions/${sid}` })).json();
  assert.equal(session.session.status, 'abandoned', 'known only from a print event months ago: no end, long silent');
});
