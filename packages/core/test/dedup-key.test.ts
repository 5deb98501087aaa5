import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson, dedupKeyFor } from '../src/events/index.js';
import { fixture } from '../../../test/support/corpus.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

test('uid wins over sid, ei and content', () => {
  const event = { uid: 'u-1', sid: 's-1', ei: 3, event: 'session.start', time: '2020-01-01T00:00:00Z' };
  assert.equal(dedupKeyFor(event), 'uid:u-1');
});

test('the same uid gives the same key whatever else differs (copies through other forwarders merge)', () => {
  const handlerCopy = { uid: 'u-1', event: 'user.login', time: '2020-01-01T00:00:00.5Z' };
  const fluentBitCopy = { date: 1_577_836_800.5, event: 'user.login', time: '2020-01-01T00:00:00.500Z', uid: 'u-1' };
  assert.equal(dedupKeyFor(handlerCopy), dedupKeyFor(fluentBitCopy));
});

test('without a uid, sid + ei + event make the key', () => {
  assert.equal(dedupKeyFor({ sid: 's-1', ei: 7, event: 'print' }), 'sess:s-1:7:print');
  assert.equal(dedupKeyFor({ uid: '', sid: 's-1', ei: 0, event: 'print' }), 'sess:s-1:0:print');
});

test('a session key is escaped so colons in sid or event cannot collide', () => {
  const a = dedupKeyFor({ sid: 's:1', ei: 2, event: 'e' });
  const b = dedupKeyFor({ sid: 's', ei: 1, event: '2:e' });
  assert.notEqual(a, b);
  assert.equal(a, 'sess:s%3A1:2:e');
});

test('an empty sid, a missing ei or a non-integer ei falls through to the content hash', () => {
  for (const event of [
    { sid: '', ei: 0, event: 'sftp' },
    { sid: 's-1', event: 'session.open' },
    { sid: 's-1', ei: '3', event: 'print' },
    { sid: 's-1', ei: 1.5, event: 'print' },
    { uid: 42, sid: 's-1', event: 'print' },
  ]) {
    assert.match(dedupKeyFor(event), /^sha256:[0-9a-f]{64}$/);
  }
});

test('the content hash is SHA-256 of the canonical JSON of the event', () => {
  const event = { time: '2019-10-04T21:38:35.432Z', event: 'print', bytes: 54, ms: 0, offset: 0, ei: 2, ci: 0 };
  const canonical = '{"bytes":54,"ci":0,"ei":2,"event":"print","ms":0,"offset":0,"time":"2019-10-04T21:38:35.432Z"}';
  assert.equal(canonicalJson(event), canonical);
  assert.equal(dedupKeyFor(event), `sha256:${sha256(canonical)}`);
});

test('the content hash ignores key order and whitespace at every depth', () => {
  const a = JSON.parse('{"event":"x","nested":{"b":[1,{"d":2,"c":3}],"a":"s"}}') as Record<string, unknown>;
  const b = JSON.parse('{ "nested": { "a": "s", "b": [ 1, { "c": 3, "d": 2 } ] }, "event": "x" }') as Record<string, unknown>;
  assert.equal(dedupKeyFor(a), dedupKeyFor(b));
  assert.equal(canonicalJson(a), '{"event":"x","nested":{"a":"s","b":[1,{"c":3,"d":2}]}}');
});

test('the content hash keeps array order and value types apart', () => {
  assert.notEqual(dedupKeyFor({ event: 'x', argv: ['a', 'b'] }), dedupKeyFor({ event: 'x', argv: ['b', 'a'] }));
  assert.notEqual(dedupKeyFor({ event: 'x', n: 1 }), dedupKeyFor({ event: 'x', n: '1' }));
});

test('canonical JSON writes numbers as JSON.stringify does (big integers are limited to double precision)', () => {
  assert.equal(canonicalJson({ cgroup_id: 4294967537, f: 1.5, e: 1e21, neg: -0 }), '{"cgroup_id":4294967537,"e":1e+21,"f":1.5,"neg":0}');
  // Already lost at JSON.parse: documented limitation, see canonical-json.ts.
  const parsed = JSON.parse('{"a":9007199254740993}') as Record<string, unknown>;
  assert.equal(canonicalJson(parsed), '{"a":9007199254740992}');
});

test('canonical JSON escapes strings and keys like JSON and sorts keys by code unit', () => {
  assert.equal(canonicalJson({ 'é': 1, Z: 2, a: '"\n' }), '{"Z":2,"a":"\\"\\n","é":1}');
});

test('a uid that looks like another kind of key still gets the uid prefix', () => {
  assert.equal(dedupKeyFor({ uid: `sha256:${'0'.repeat(64)}`, event: 'x' }), `uid:sha256:${'0'.repeat(64)}`);
});

test('a real recording print event without uid or sid is keyed by content hash', () => {
  const print = fixture({ file: 'teleport-webapps-session-stream.ndjson', where: (e) => e.event === 'print' });
  assert.match(dedupKeyFor(print), /^sha256:[0-9a-f]{64}$/);
});

test('a real cassandra event without uid is keyed by its session', () => {
  const event = fixture({
    file: 'teleport-webapps-fixtures.ndjson',
    where: (e) => e.event === 'db.session.cassandra.batch',
  });
  assert.equal(dedupKeyFor(event), 'sess:a724c7e8-8e00-45a6-afac-82023d0f86b6:0:db.session.cassandra.batch');
});
