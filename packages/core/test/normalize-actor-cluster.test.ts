import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../../test/support/corpus.js';
import { normalizeOk } from './normalize-support.js';

const actorChain: Array<[why: string, raw: Record<string, unknown>, actor: string | null, actorPath: string | null]> = [
  ['a string user wins over everything else', { event: 'x', user: 'u', identity: { user: 'i' }, bot_name: 'b', updated_by: 'w' }, 'u', 'user'],
  ['an empty user is skipped', { event: 'x', user: '', identity: { user: 'i' } }, 'i', 'identity.user'],
  ['an object user without a string user.user is skipped', { event: 'x', user: { name: 'n' }, user_name: 'un' }, 'un', 'user_name'],
  ['user_name comes before bot_name', { event: 'x', user_name: 'un', bot_name: 'b' }, 'un', 'user_name'],
  ['bot_name comes before reviewer', { event: 'x', bot_name: 'b', reviewer: 'r' }, 'b', 'bot_name'],
  ['reviewer comes before updated_by', { event: 'x', reviewer: 'r', updated_by: 'w' }, 'r', 'reviewer'],
  ['updated_by is the last resort', { event: 'x', updated_by: 'w' }, 'w', 'updated_by'],
  ['non-string candidates never become an actor', { event: 'x', user: 5, bot_name: ['b'], reviewer: { r: 1 } }, null, null],
  ['no actor at all is a legitimate NULL', { event: 'x' }, null, null],
];

for (const [why, raw, actor, actorPath] of actorChain) {
  test(`actor chain: ${why}`, () => {
    const event = normalizeOk(raw);
    assert.equal(event.actor, actor);
    assert.equal(event.actorPath, actorPath);
  });
}

test('a string user is also the user name, an actor from elsewhere is not', () => {
  assert.equal(normalizeOk({ event: 'x', user: 'u' }).userName, 'u');
  assert.equal(normalizeOk({ event: 'x', bot_name: 'b' }).userName, null);
});

test('bot.join is attributed to the bot', () => {
  const event = normalizeOk(fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'bot.join' }));
  assert.equal(event.actor, 'github-demo');
  assert.equal(event.actorPath, 'bot_name');
  assert.equal(event.method, 'github');
});

test('an access request update is attributed to updated_by and carries the request id and state', () => {
  const event = normalizeOk(fixture({ file: 'teleport-webapps-fixtures.ndjson', where: (e) => e.event === 'access_request.update' }));
  assert.equal(event.actor, 'Sam_Waters');
  assert.equal(event.actorPath, 'updated_by');
  assert.equal(event.updatedBy, 'Sam_Waters');
  assert.equal(event.requestId, '66b827b2-1b0b-512b-965d-6c789388d3c9');
  assert.equal(event.requestState, 'APPROVED');
});

test('id and state mean nothing outside access_request events', () => {
  const event = normalizeOk({ event: 'scim.create', id: 'abc', state: 'x' });
  assert.equal(event.requestId, null);
  assert.equal(event.requestState, null);
});

test('cluster_name wins over the other cluster sources', () => {
  const event = normalizeOk({ event: 'x', cluster_name: 'a', cluster: 'b', identity: { teleport_cluster: 'c' } }, { defaultClusterName: 'd' });
  assert.equal(event.clusterName, 'a');
  assert.deepEqual(event.parseWarnings.filter((w) => w.startsWith('cluster')), []);
});

test('identity.teleport_cluster names the cluster of a cert.create without cluster_name', () => {
  assert.equal(normalizeOk({ event: 'cert.create', identity: { teleport_cluster: 'c' } }).clusterName, 'c');
});

test("the source's default cluster is the last resort and is flagged", () => {
  const event = normalizeOk({ event: 'x', cluster_name: '' }, { defaultClusterName: 'prod.example.com' });
  assert.equal(event.clusterName, 'prod.example.com');
  assert.ok(event.parseWarnings.includes('cluster_name.source_default'));
});

test('no cluster anywhere and no default is NULL without a warning', () => {
  for (const ctx of [{}, { defaultClusterName: null }]) {
    const event = normalizeOk({ event: 'x', time: '2020-01-01T00:00:00Z' }, ctx);
    assert.equal(event.clusterName, null);
    assert.deepEqual(event.parseWarnings, []);
  }
});
