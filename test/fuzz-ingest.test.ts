import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { setupApp, type TestApp } from './support/app.js';
import { loadCorpus } from './support/corpus.js';
import { buildEvent, eventRecipe, fuzzParameters } from './support/fuzz.js';
import { ENCODINGS, encode, frame, FRAMINGS, postToWebhook } from './support/ingest.js';

// Hostile events in every framing and encoding, through the real app and Postgres. Whatever they hold, the
// answer is 200 and every event is then either a row or a quarantined reject, while another source of the
// same tenant keeps being served.
let t: TestApp;
let fuzzed: { token: string; id: string };
let steady: { token: string; id: string };

before(async () => {
  t = await setupApp();
  const create = async (name: string) => {
    const res = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name } })).json();
    return { token: res.webhook.token as string, id: res.source.id as string };
  };
  fuzzed = await create('fuzzed');
  steady = await create('steady');
});
after(() => t.close());

const corpus = loadCorpus().map((l) => l.event);

async function accountedFor(sourceId: string, markers: string[]): Promise<{ stored: Set<string>; quarantined: Set<string> }> {
  const stored = await t.db.owner.query<{ m: string }>(
    `select raw->>'fuzz_id' as m from teleport_audit_events where source_id = $1 and raw->>'fuzz_id' = any($2)`, [sourceId, markers]);
  const quarantined = await t.db.owner.query<{ m: string }>(
    `select m from unnest($2::text[]) m where exists (select 1 from ingest_rejects r where r.source_id = $1 and position(convert_to(m, 'UTF8') in r.payload) > 0)`,
    [sourceId, markers]);
  return { stored: new Set(stored.rows.map((r) => r.m)), quarantined: new Set(quarantined.rows.map((r) => r.m)) };
}

test('hostile events in any framing and encoding are all stored or quarantined, with 200, and never stall another source', async () => {
  let next = 0;
  let stopSteady = false;
  const steadyStatuses: number[] = [];
  const steadySender = (async () => {
    for (let i = 0; !stopSteady; i++) {
      const res = await postToWebhook(t.app, steady.token, { body: Buffer.from(JSON.stringify({ event: 'user.login', uid: `steady-${i}`, time: '2025-06-01T00:00:00Z', user: 'alice' })), headers: { 'content-type': 'application/json' } });
      steadyStatuses.push(res.statusCode);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  await fc.assert(fc.asyncProperty(
    fc.array(eventRecipe(corpus), { minLength: 1, maxLength: 12 }),
    fc.constantFrom(...FRAMINGS),
    fc.constantFrom(...ENCODINGS),
    async (recipes, framing, encoding) => {
      const markers = recipes.map(() => `fz-${String(next++).padStart(7, '0')}-`);
      const events = recipes.map((recipe, i) => buildEvent(recipe, markers[i]!));
      let framed;
      try {
        framed = frame(events, framing);
      } catch {
        return; // the sender itself could not write this body (msgpack of a lone surrogate, say): nothing to test
      }
      const encoded = encode(framed.body, encoding);
      const res = await postToWebhook(t.app, fuzzed.token, { body: encoded.body, headers: { ...framed.headers, ...encoded.headers } });
      assert.equal(res.statusCode, 200, `${framing}/${encoding}: ${res.statusCode} ${res.body}`);
      const { stored, quarantined } = await accountedFor(fuzzed.id, markers);
      const lost = markers.filter((m) => !stored.has(m) && !quarantined.has(m));
      assert.deepEqual(lost, [], `${framing}/${encoding}: events neither stored nor quarantined`);
    },
  ), fuzzParameters(80));

  stopSteady = true;
  await steadySender;
  assert.ok(steadyStatuses.length > 0);
  assert.deepEqual([...new Set(steadyStatuses)], [200], 'the other source was served throughout');
  const { rows } = await t.db.owner.query('select count(*)::int as n from teleport_audit_events where source_id = $1', [steady.id]);
  assert.equal(rows[0].n, steadyStatuses.length);
});
