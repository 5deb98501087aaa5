import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { normalizeEvent, uuidv7 } from '@tai/core';
import { partitionMonthsToEnsure, upcomingMonths } from '@tai/db';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { fixture } from './support/corpus.js';

let db: TestDatabase;
let tenantId: string;
const sourceId = uuidv7();

before(async () => {
  db = await createTestDatabase();
  tenantId = (await createTenantWithAdminKey(db.repos, { name: 't' })).tenantId;
});
after(() => db.drop());

const eventAt = (time: string, uid: string) => {
  const base = fixture({ file: 'teleport-events-test.ndjson', where: (e) => e.event === 'session.start' });
  const result = normalizeEvent({ ...base, uid, time }, { receivedAt: new Date() });
  assert.ok(result.ok);
  return result.event;
};

async function partitionOf(uid: string): Promise<string> {
  const { rows } = await db.owner.query(`select tableoid::regclass::text as part from teleport_audit_events where uid = $1`, [uid]);
  assert.equal(rows.length, 1);
  return rows[0].part;
}

test('an event years in the past gets its own monthly partition on demand', async () => {
  const result = await db.repos.auditEvents.insert({ tenantId, sourceId, events: [eventAt('2011-06-15T10:00:00Z', 'old-1')] });
  assert.equal(result.inserted, 1);
  assert.equal(await partitionOf('old-1'), 'teleport_audit_events_201106');
});

test('events outside the partition window land in the default partition instead of failing', async () => {
  await db.repos.auditEvents.insert({ tenantId, sourceId, events: [eventAt('1999-12-31T23:59:59Z', 'ancient'), eventAt('2090-01-01T00:00:00Z', 'future')] });
  assert.equal(await partitionOf('ancient'), 'teleport_audit_events_default');
  assert.equal(await partitionOf('future'), 'teleport_audit_events_default');
});

test('creating a partition later moves the rows the default partition held for that month', async () => {
  await db.owner.query(`select ensure_event_partition('1999-12-01T00:00:00Z')`);
  assert.equal(await partitionOf('ancient'), 'teleport_audit_events_199912');
  assert.equal(await partitionOf('future'), 'teleport_audit_events_default');
  const { rows } = await db.owner.query(`select count(*)::int as n from teleport_audit_events where uid = 'ancient'`);
  assert.equal(rows[0].n, 1, 'moved, not copied');
});

test('the maintenance months are the current one and three ahead, all inside the window', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const months = upcomingMonths(now);
  assert.deepEqual(months.map((m) => m.toISOString().slice(0, 7)), ['2026-11', '2026-12', '2027-01', '2027-02']);
  assert.equal(partitionMonthsToEnsure(months, now).length, 4);
  assert.deepEqual(partitionMonthsToEnsure([new Date('0001-01-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z')], now), []);
});

test('ensuring the same partition twice, concurrently, creates it once', async () => {
  const [x, y] = await Promise.all([
    db.owner.query(`select ensure_event_partition('2012-03-05T00:00:00Z') as p`),
    db.owner.query(`select ensure_event_partition('2012-03-20T00:00:00Z') as p`),
  ]);
  assert.equal(x.rows[0].p, 'teleport_audit_events_201203');
  assert.equal(y.rows[0].p, 'teleport_audit_events_201203');
});
