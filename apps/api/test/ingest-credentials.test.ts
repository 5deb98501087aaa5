import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIngestCredentials } from '../src/modules/ingest/ingest-credentials.js';

const T = 'tai_wh_' + 'a1B2'.repeat(10);
const SID = '9c1f0b7e-1234-4a5b-9c7d-0123456789ab';
const parse = (pathRest: string, extra: { queryToken?: string; authorization?: string } = {}) =>
  parseIngestCredentials({ pathRest, queryToken: extra.queryToken, authorization: extra.authorization });

test('a path without a token is a tag; the token then comes from a header', () => {
  assert.deepEqual(parse('events.log', { authorization: `Bearer ${T}` }), { tokens: [T], hint: { kind: 'audit', tag: 'events.log' } });
  assert.deepEqual(parse('garbage/events.log'), { tokens: [], hint: { kind: 'audit', tag: 'garbage/events.log' } });
});

test('the Event Handler audit URL carries the token and an events.log tag', () => {
  assert.deepEqual(parse(`${T}/events.log`), { tokens: [T], hint: { kind: 'audit', tag: 'events.log' } });
});

test('session-url ending in /session yields the session id from session.<sid>.log', () => {
  assert.deepEqual(parse(`${T}/session.${SID}.log`), { tokens: [T], hint: { kind: 'session', sessionId: SID } });
});

test('session-url equal to the bare token URL still yields the clean token', () => {
  assert.deepEqual(parse(`${T}.${SID}.log`), { tokens: [T], hint: { kind: 'session', sessionId: SID } });
});

test('a token in ?token= loses the appended .<sid>.log tail', () => {
  assert.deepEqual(parse('', { queryToken: `${T}.${SID}.log` }), { tokens: [T], hint: { kind: 'session', sessionId: SID } });
  assert.deepEqual(parse('', { queryToken: T }).tokens, [T]);
});

test('Bearer and Basic (token as password, or as user name) are accepted', () => {
  assert.deepEqual(parse('', { authorization: `Bearer ${T}` }).tokens, [T]);
  assert.deepEqual(parse('', { authorization: `Basic ${Buffer.from(`fluent:${T}`).toString('base64')}` }).tokens, [T]);
  assert.deepEqual(parse('', { authorization: `Basic ${Buffer.from(`${T}:`).toString('base64')}` }).tokens, [T]);
});

test('the same token presented twice counts once; different ones are all returned for checking', () => {
  assert.deepEqual(parse(T, { authorization: `Bearer ${T}` }).tokens, [T]);
  assert.equal(parse(T, { authorization: 'Bearer tai_wh_other' }).tokens.length, 2);
});

test('unrecognisable credentials are returned as given so they fail authentication', () => {
  assert.deepEqual(parse('tai_wh_bad!/events.log').tokens, ['tai_wh_bad!']);
  assert.deepEqual(parse('', { authorization: 'Bearer not-ours' }).tokens, ['not-ours']);
  assert.deepEqual(parse('', { authorization: 'Splunk abc' }).tokens, ['Splunk abc']);
  assert.deepEqual(parse('').tokens, []);
});

test('a repeated ?token= presents every value, and empty values present nothing', () => {
  assert.deepEqual(parseIngestCredentials({ pathRest: '', queryToken: [T, 'tai_wh_other'], authorization: undefined }).tokens, [T, 'tai_wh_other']);
  assert.deepEqual(parseIngestCredentials({ pathRest: T, queryToken: ['', ''], authorization: undefined }).tokens, [T]);
});
