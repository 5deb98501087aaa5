import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';
import { postToWebhook } from './support/ingest.js';

// Events that Postgres cannot hold as they are. Each one, sent by the Event Handler, used to fail its whole
// request (and the tenant's shared batch) with 503 on every retry, so the sender's export stopped for good.
const good = (uid: string) => `{"event":"user.login","uid":"${uid}","time":"2025-06-01T00:00:00Z","user":"alice"}`;
const POISON: Record<string, (uid: string) => string> = {
  'a time in year 0000': (uid) => `{"event":"user.login","uid":"${uid}","time":"0000-01-01T00:00:00Z","user":"alice"}`,
  'a certificate expiry in year 0000': (uid) => `{"event":"cert.create","uid":"${uid}","time":"2025-06-01T00:00:00Z","identity":{"user":"bob","expires":"0000-06-01T00:00:00Z"}}`,
  'a lone surrogate in a value': (uid) => `{"event":"exec","uid":"${uid}","time":"2025-06-01T00:00:00Z","command":"echo \\ud800"}`,
  'a lone surrogate in a key': (uid) => `{"event":"exec","uid":"${uid}","time":"2025-06-01T00:00:00Z","\\udfff":"x"}`,
  'a NUL in a key': (uid) => `{"event":"exec","uid":"${uid}","time":"2025-06-01T00:00:00Z","a\\u0000b":"x"}`,
  'nesting 6,000 levels deep': (uid) => `{"event":"exec","uid":"${uid}","time":"2025-06-01T00:00:00Z","deep":${'['.repeat(6000)}${']'.repeat(6000)}}`,
  'a number beyond double range': (uid) => `{"event":"exec","uid":"${uid}","time":"2025-06-01T00:00:00Z","n":1e400}`,
  // Passes every check before the insert, and Postgres still refuses it: its uid is too big for the btree index.
  'a uid too large for its index': () => `{"event":"exec","uid":"${randomText(4000)}","time":"2025-06-01T00:00:00Z"}`,
};

function randomText(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

let t: TestApp;
before(async () => {
  t = await setupApp();
});
after(() => t.close());

async function createSource(name: string) {
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name } });
  return { token: res.json().webhook.token as string, id: res.json().source.id as string };
}

const ndjson = (lines: string[]) => ({ body: Buffer.from(lines.join('\n') + '\n'), headers: { 'content-type': 'application/x-ndjson' } });
const eventHandlerPost = (line: string) => ({ body: Buffer.from(line), headers: { 'content-type': 'application/json' } });
const stored = async (sourceId: string) =>
  (await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [sourceId])).rows[0].n as number;
const rejectsOf = async (sourceId: string) =>
  (await t.db.owner.query('select reason_code, message from ingest_rejects where source_id = $1 order by received_at, id', [sourceId])).rows as { reason_code: string; message: string }[];

for (const [name, poison] of Object.entries(POISON)) {
  test(`an event with ${name} is stored or quarantined with a reason, its neighbours are stored, and a retry gets 200`, async () => {
    const source = await createSource(`poison ${name}`);
    const body = ndjson([good(`${name}-1`), poison(`${name}-p`), good(`${name}-2`)]);
    const first = await postToWebhook(t.app, source.token, body);
    assert.equal(first.statusCode, 200, first.body);
    const accepted = Number(first.headers['x-ingest-accepted']);
    const quarantined = Number(first.headers['x-ingest-quarantined']);
    assert.equal(accepted + quarantined, 3, 'every event is accounted for');
    assert.ok(accepted >= 2, 'the good events of the same body are stored');
    assert.equal(await stored(source.id), accepted);
    const rejects = await rejectsOf(source.id);
    assert.equal(rejects.length, quarantined);
    for (const reject of rejects) assert.match(reject.reason_code, /^(record|event)\./);

    const retry = await postToWebhook(t.app, source.token, body);
    assert.equal(retry.statusCode, 200, 'the sender is not stuck on the event');
    assert.equal(await stored(source.id), accepted, 'nothing doubled by the retry');
  });
}

test('an event whose time Postgres cannot hold is stored at its received time with a warning', async () => {
  const source = await createSource('year zero');
  assert.equal((await postToWebhook(t.app, source.token, eventHandlerPost(POISON['a time in year 0000']!('y0')))).statusCode, 200);
  const { rows } = await t.db.owner.query('select time_from_received_at, parse_warnings from teleport_audit_events where source_id = $1', [source.id]);
  assert.deepEqual(rows, [{ time_from_received_at: true, parse_warnings: ['time.invalid'] }]);
});

test('a row Postgres refuses is quarantined with its SQLSTATE, and the rest of the batch commits', async () => {
  const source = await createSource('db refuses');
  const res = await postToWebhook(t.app, source.token, ndjson([good('dbr-1'), POISON['a uid too large for its index']!('x'), good('dbr-2')]));
  assert.equal(res.statusCode, 200);
  assert.equal(await stored(source.id), 2);
  const [reject] = await rejectsOf(source.id);
  assert.equal(reject?.reason_code, 'event.rejected_by_database');
  assert.match(reject!.message, /SQLSTATE 54000/);
});

test("a sender looping on a poison event never blocks another source's events, even in one shared batch", async () => {
  const looping = await createSource('looping');
  const neighbour = await createSource('neighbour');
  const poisons = Object.values(POISON);
  const statuses: number[] = [];
  // Concurrent requests of one tenant are merged into one insert: the neighbour's events share batches with the poison.
  await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    const [mine, theirs] = await Promise.all([
      postToWebhook(t.app, looping.token, eventHandlerPost(poisons[i % poisons.length]!(`loop-${i}`))),
      postToWebhook(t.app, neighbour.token, eventHandlerPost(good(`neighbour-${i}`))),
    ]);
    statuses.push(mine.statusCode, theirs.statusCode);
  }));
  assert.deepEqual([...new Set(statuses)], [200]);
  assert.equal(await stored(neighbour.id), 40);
  assert.equal(await stored(looping.id) + (await rejectsOf(looping.id)).length, 40);
});
