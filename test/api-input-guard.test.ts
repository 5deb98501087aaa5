import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';

// Text Postgres cannot hold (U+0000, unpaired surrogates) and times it cannot hold (year 0000) used to
// reach the database and come back as 500. They are refused at the edge, on every route, with a 400.
let t: TestApp;
let s3SourceId: string;
let webhookSourceId: string;

before(async () => {
  t = await setupApp();
  const s3 = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_s3', name: 'eas', config: { bucket: 'acme-audit', region: 'us-east-1' } } });
  assert.equal(s3.statusCode, 201, s3.body);
  s3SourceId = s3.json().source.id;
  webhookSourceId = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'wh' } })).json().source.id;
});
after(() => t.close());

const json = (text: string) => ({ payload: text, headers: { 'content-type': 'application/json' } });

function assertClear400(res: { statusCode: number; body: string }, mentions: RegExp) {
  assert.equal(res.statusCode, 400, res.body);
  const body = JSON.parse(res.body) as { error: { code: string; message: string }; reqId: string };
  assert.equal(body.error.code, 'request.invalid');
  assert.match(body.error.message, mentions);
  assert.ok(body.reqId);
}

for (const parameter of ['actor', 'event_type', 'session_id', 'cluster', 'source_id', 'cursor', 'from']) {
  test(`a NUL in the ${parameter} query parameter of /v1/events is a 400 naming it`, async () => {
    assertClear400(await t.tenant.call({ method: 'GET', url: `/v1/events?${parameter}=a%00b` }), new RegExp(`${parameter}.*U\\+0000`));
  });
}

test('a NUL in any route\'s query is a 400, and percent-escapes that are not UTF-8 are never a 5xx', async () => {
  assertClear400(await t.tenant.call({ method: 'GET', url: '/v1/audit-log?cursor=%00' }), /cursor/);
  const res = await t.tenant.call({ method: 'GET', url: '/v1/events?actor=%ED%A0%80' });
  assert.ok(res.statusCode === 200 || res.statusCode === 400, 'invalid UTF-8 is never a 5xx');
});

for (const value of ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) {
  test(`from or to at ${value}, which Postgres cannot hold, is a 400`, async () => {
    assertClear400(await t.tenant.call({ method: 'GET', url: `/v1/events?from=${encodeURIComponent(value)}` }), /from/);
    assertClear400(await t.tenant.call({ method: 'GET', url: `/v1/events?to=${encodeURIComponent(value)}` }), /to/);
  });
}

const BAD_TEXT = { 'a NUL': '"a\\u0000b"', 'an unpaired surrogate': '"a\\ud800b"' };
for (const [what, literal] of Object.entries(BAD_TEXT)) {
  test(`${what} in a source name, a key name, config.clusterName or a backfill prefix is a 400`, async () => {
    assertClear400(await t.tenant.call({ method: 'POST', url: '/v1/sources', ...json(`{"type":"teleport_webhook","name":${literal}}`) }), /name/);
    assertClear400(await t.tenant.call({ method: 'POST', url: '/v1/sources', ...json(`{"type":"teleport_webhook","name":"ok","config":{"clusterName":${literal}}}`) }), /config\.clusterName/);
    assertClear400(await t.tenant.call({ method: 'PATCH', url: `/v1/sources/${webhookSourceId}`, ...json(`{"name":${literal}}`) }), /name/);
    assertClear400(await t.tenant.call({ method: 'POST', url: '/v1/api-keys', ...json(`{"name":${literal},"role":"reader"}`) }), /name/);
    assertClear400(await t.tenant.call({ method: 'POST', url: `/v1/sources/${s3SourceId}/backfill`, ...json(`{"prefix":${literal}}`) }), /prefix/);
  });
}

test('nothing was stored by the refused requests', async () => {
  const { rows } = await t.db.owner.query(`select count(*)::int as n from sources where name <> 'eas' and name <> 'wh'`);
  assert.equal(rows[0].n, 0);
});
