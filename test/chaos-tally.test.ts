import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScenario, formatSummary, scenarioPassed, type ScenarioResult } from '../bench/chaos/report.js';
import { contractViolations, passed, tallyRecords, type SendRecord } from '../bench/chaos/tally.js';

const accepted = (uid: string, firstSentAt = 1_000, acceptedAt = 1_500): SendRecord => ({ uid, firstSentAt, acceptedAt, statuses: { 200: 1 } });
const unanswered = (uid: string): SendRecord => ({ uid, firstSentAt: 1_000, acceptedAt: null, statuses: { ECONNREFUSED: 3 } });

test('an event answered 200 and absent from the table is lost; one never answered is counted apart, not lost', () => {
  const t = tallyRecords({
    records: [accepted('a'), accepted('b'), unanswered('c'), unanswered('d')],
    stored: new Map([['a', 1], ['d', 1]]),
    answers: { 200: 2, ECONNREFUSED: 6 },
  });
  assert.equal(t.sent, 4);
  assert.equal(t.accepted, 2);
  assert.equal(t.lost, 1);
  assert.equal(t.neverAccepted, 2);
  assert.equal(t.storedUnanswered, 1);
  assert.equal(t.storedRows, 2);
  assert.equal(t.storedDistinct, 2);
  assert.equal(passed(t), false);
});

test('rows beyond the first for a uid are duplicates, and rows of uids nobody sent are unexpected', () => {
  const t = tallyRecords({ records: [accepted('a'), accepted('b')], stored: new Map([['a', 3], ['b', 1], ['stray', 2]]), answers: { 200: 2 } });
  assert.equal(t.duplicated, 2);
  assert.equal(t.storedRows, 4);
  assert.equal(t.storedDistinct, 2);
  assert.equal(t.unexpectedRows, 2);
  assert.equal(t.lost, 0);
  assert.equal(passed(t), false);
});

test('everything accepted and stored once passes, and the longest wait is from first send to the 200', () => {
  const t = tallyRecords({
    records: [accepted('a', 1_000, 1_200), accepted('b', 2_000, 9_500), accepted('c', 3_000, 3_100)],
    stored: new Map([['a', 1], ['b', 1], ['c', 1]]),
    answers: { 200: 3, 503: 4, ECONNRESET: 1 },
  });
  assert.equal(t.longestWaitMs, 7_500);
  assert.deepEqual({ lost: t.lost, duplicated: t.duplicated, neverAccepted: t.neverAccepted }, { lost: 0, duplicated: 0, neverAccepted: 0 });
  assert.equal(passed(t), true);
});

test('a 5xx other than 503, or a 503 without Retry-After, breaks the webhook contract; 503 and socket errors do not', () => {
  assert.deepEqual(contractViolations({ 200: 10, 503: 3, ECONNREFUSED: 2, timeout: 1 }), []);
  assert.deepEqual(contractViolations({ 200: 10, 500: 1, 502: 2, '503 no Retry-After': 4 }), ['1 x 500', '2 x 502', '4 x 503 no Retry-After']);
  const t = tallyRecords({ records: [accepted('a')], stored: new Map([['a', 1]]), answers: { 200: 1, 500: 1 } });
  assert.equal(passed(t), false);
});

test('the report marks a scenario with a lost event or a crash as failed, in its table and in the summary', () => {
  const clean = tallyRecords({ records: [accepted('a')], stored: new Map([['a', 1]]), answers: { 200: 1, ECONNREFUSED: 2 } });
  const lossy = tallyRecords({ records: [accepted('a'), accepted('b')], stored: new Map([['a', 1]]), answers: { 200: 2 } });
  const results: ScenarioResult[] = [
    { id: 'a', title: 'kill -9 the API', groups: [{ sender: 'event-handler', tally: clean }], notes: [], problems: [], seconds: 3 },
    { id: 'd', title: 'hold Postgres down', groups: [{ sender: 'event-handler', tally: lossy }], notes: [], problems: [], seconds: 5 },
    { id: 'f', title: 'SIGTERM the API', groups: [{ sender: 'event-handler', tally: clean }], notes: [], problems: ['api exited by itself'], seconds: 4 },
  ];
  assert.deepEqual(results.map(scenarioPassed), [true, false, false]);
  assert.match(formatScenario(results[0]!), /^\(a\) kill -9 the API: PASS/);
  assert.match(formatScenario(results[0]!), /\| event-handler \| 1 \| 1 \| 0 \| 1 \| 1 \| 0 \| 0 \| 0\.5 s \| 200: 1, ECONNREFUSED: 2 \|/);
  assert.match(formatScenario(results[2]!), /PROBLEM: api exited by itself/);
  const summary = formatSummary(results).split('\n');
  assert.match(summary[2]!, /\(a\) .*\| PASS \|$/);
  assert.match(summary[3]!, /\(d\) hold Postgres down \| 2 \| 1 \| 0 \| 0 \| .*\| FAIL \|$/);
  assert.match(summary[4]!, /\(f\) .*\| FAIL \|$/);
});
