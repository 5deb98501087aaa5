import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { canonicalJson } from '@tai/core';
import { setupApp, type TestApp } from './support/app.js';
import { loadCorpus } from './support/corpus.js';
import { distinctRows, normalizedCorpus } from './support/events.js';
import { ENCODINGS, encode, frame, FRAMINGS, postToWebhook } from './support/ingest.js';

// Every event of every corpus file, posted in every framing and every encoding a sender may use:
// the first delivery stores each distinct event once, and every later one adds nothing.
let t: TestApp;
let token: string;
let sourceId: string;
const events = loadCorpus().map((l) => l.event);

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'matrix' } });
  ({ token } = res.json().webhook);
  sourceId = res.json().source.id;
});
after(() => t.close());

const rowCount = async () => (await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [sourceId])).rows[0].n as number;

test('the first delivery stores every distinct corpus event exactly once', async () => {
  const res = await postToWebhook(t.app, token, frame(events, 'ndjson'));
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-ingest-quarantined'], '0');
  const expected = distinctRows(normalizedCorpus()).length;
  assert.equal(Number(res.headers['x-ingest-accepted']), expected);
  assert.equal(await rowCount(), expected);
  assert.equal(Number(res.headers['x-ingest-duplicates']), events.length - expected);
});

for (const framing of FRAMINGS) {
  test(`re-delivery framed as ${framing} decodes every event and adds nothing, in every encoding`, async () => {
    const before = await rowCount();
    for (const encoding of ENCODINGS) {
      const framed = frame(events, framing);
      const encoded = encode(framed.body, encoding);
      const res = await postToWebhook(t.app, token, { body: encoded.body, headers: { ...framed.headers, ...encoded.headers } });
      assert.equal(res.statusCode, 200, `${framing}/${encoding}: ${res.body}`);
      assert.equal(res.headers['x-ingest-quarantined'], '0', `${framing}/${encoding} quarantined something`);
      assert.equal(res.headers['x-ingest-accepted'], '0', `${framing}/${encoding} stored a second copy`);
      assert.equal(Number(res.headers['x-ingest-duplicates']), events.length, `${framing}/${encoding} lost events`);
    }
    assert.equal(await rowCount(), before);
  });
}

test('each stored event keeps the exact JSON it was sent as', async () => {
  const { rows } = await t.db.owner.query<{ raw: Record<string, unknown> }>('select raw from teleport_audit_events where source_id = $1', [sourceId]);
  const sent = new Set(events.map((e) => canonicalJson(e)));
  for (const { raw } of rows) assert.ok(sent.has(canonicalJson(raw)), `raw equals a sent event: ${JSON.stringify(raw).slice(0, 200)}`);
});
