import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { normalizeEvent, uuidv7 } from '@tai/core';
import { applyRetention, retentionJob, type RetentionRunSummary } from '@tai/worker';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// The run's clock, fixed and earlier than the database's: the SQL functions also refuse to delete anything younger
// than a tenant's retention by the database clock, which this way never interferes with the test's own.
const NOW = new Date('2026-06-15T10:30:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

type EventSpec = { uid: string; at: Date; type?: string; sid?: string; ei?: number; requests?: string[] };

function teleportEvent({ uid, at, type = 'exec', sid, ei, requests }: EventSpec) {
  const raw = { event: type, uid, time: at.toISOString(), user: 'alice', login: 'root', cluster_name: 'prod', ...(sid ? { sid, ei } : {}), ...(requests ? { access_requests: requests } : {}) };
  const result = normalizeEvent(raw, { receivedAt: at });
  assert.ok(result.ok);
  return result.event;
}

/** Stores each event as received at its own time, so the hourly ingest counters are spread over the same hours. */
async function store(db: TestDatabase, tenantId: string, sourceId: string, specs: EventSpec[]) {
  for (const spec of specs) {
    await db.repos.auditEvents.commitBatch({ tenantId, items: [{ sourceId, events: [teleportEvent(spec)] }], receivedAt: spec.at });
  }
}

async function newTenant(db: TestDatabase, name: string, retentionDays: number) {
  const { tenantId } = await createTenantWithAdminKey(db.repos, { name });
  if (retentionDays !== 365) await db.repos.tenants.updateSettings({ tenantId, retentionDays });
  return tenantId;
}

const uidsOf = async (db: TestDatabase, tenantId: string) =>
  (await db.owner.query<{ uid: string }>('select uid from teleport_audit_events where tenant_id = $1 order by uid', [tenantId])).rows.map((r) => r.uid);

const partitionsOf = async (db: TestDatabase) => (await db.owner.query<{ relname: string }>(
  `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'teleport_audit_events'::regclass order by 1`)).rows.map((r) => r.relname);

/** Rows of `derived` must be exactly what `fromEvents` computes from the events left (both as sorted JSON). */
async function sameRows(db: TestDatabase, tenantId: string, what: string, derived: string, fromEvents: string) {
  const read = async (q: string) => (await db.owner.query(q, [tenantId])).rows.map((r) => JSON.stringify(r)).sort();
  assert.deepEqual(await read(derived), await read(fromEvents), `${what} agree with the events that remain`);
}

async function assertDerivedConsistent(db: TestDatabase, tenantId: string) {
  await sameRows(db, tenantId, 'hourly rollups',
    `select hour, source_id, event_type, event_code, cluster_name, success, events::int as n from event_rollup_hourly where tenant_id = $1`,
    `select date_trunc('hour', event_time, 'UTC') as hour, source_id, event_type, event_code, cluster_name, success, count(*)::int as n
       from teleport_audit_events where tenant_id = $1 group by 1, 2, 3, 4, 5, 6`);
  await sameRows(db, tenantId, 'access request links',
    `select request_id, event_time, event_id from event_request_links where tenant_id = $1`,
    `select r as request_id, event_time, id as event_id from teleport_audit_events, unnest(access_requests) r where tenant_id = $1`);
  await sameRows(db, tenantId, 'session summaries',
    `select session_id, first_event_at, last_event_at, started_at, ended_at, event_count::int as n, has_end from session_summaries where tenant_id = $1`,
    `select session_id, min(event_time) as first_event_at, max(event_time) as last_event_at,
            min(event_time) filter (where event_type = 'session.start') as started_at, max(event_time) filter (where event_type = 'session.end') as ended_at,
            count(*)::int as n, bool_or(event_type = 'session.end') as has_end
       from teleport_audit_events where tenant_id = $1 and session_id is not null group by 1`);
}

const retentionOf = (db: TestDatabase) => ({ retention: db.repos.retention, rejectRetentionDays: 30, objectRecordRetentionDays: 90, now: NOW });

async function runUntilDone(db: TestDatabase): Promise<RetentionRunSummary[]> {
  const runs: RetentionRunSummary[] = [];
  do {
    runs.push(await applyRetention(retentionOf(db)));
    assert.ok(runs.length < 20, 'retention finishes');
  } while (runs.at(-1)!.moreRemains);
  return runs;
}

describe('events past each tenant\'s retention', () => {
  let db: TestDatabase;
  let short: string;
  let long: string;
  let idle: string;
  const source = uuidv7();

  before(async () => {
    db = await createTestDatabase();
    short = await newTenant(db, 'short', 30);
    long = await newTenant(db, 'long', 365);
    idle = await newTenant(db, 'idle', 365);
    await store(db, short, source, [
      { uid: 's-2025-03', at: new Date('2025-03-10T08:00:00Z'), type: 'session.start', sid: 'sess-old', ei: 0 },
      { uid: 's-gone-start', at: daysAgo(50), type: 'session.start', sid: 'sess-gone', ei: 0, requests: ['req-2'] },
      { uid: 's-gone-end', at: daysAgo(45), type: 'session.end', sid: 'sess-gone', ei: 1 },
      { uid: 's-straddle-start', at: daysAgo(40), type: 'session.start', sid: 'sess-straddle', ei: 0 },
      { uid: 's-straddle-exec', at: daysAgo(35), sid: 'sess-straddle', ei: 1, requests: ['req-1'] },
      { uid: 's-straddle-end', at: daysAgo(20), type: 'session.end', sid: 'sess-straddle', ei: 2 },
      { uid: 's-recent', at: daysAgo(2), sid: 'sess-new', ei: 0, requests: ['req-1'] },
    ]);
    await store(db, long, source, [
      { uid: 'l-2025-03', at: new Date('2025-03-12T08:00:00Z') },
      { uid: 'l-370d', at: new Date('2025-06-10T12:00:00Z'), requests: ['req-9'] },
      { uid: 'l-360d', at: new Date('2025-06-20T12:00:00Z'), type: 'session.start', sid: 'sess-long', ei: 0 },
      { uid: 'l-40d', at: daysAgo(40), type: 'session.end', sid: 'sess-long', ei: 1 },
    ]);
    await db.owner.query(`select ensure_event_partition('2025-05-01T00:00:00Z')`); // an empty month, as the maintenance job leaves them
  });
  after(() => db.drop());

  let firstRuns: RetentionRunSummary[];

  test('rows past a tenant\'s retention are deleted, newer ones and the other tenants\' rows kept', async () => {
    firstRuns = await runUntilDone(db);
    assert.deepEqual(await uidsOf(db, short), ['s-recent', 's-straddle-end']);
    assert.deepEqual(await uidsOf(db, long), ['l-360d', 'l-40d'], 'a year\'s tenant keeps what is past the 30-day tenant\'s retention');
  });

  test('a month goes whole once every tenant\'s retention has passed it, and not before', async () => {
    assert.deepEqual(firstRuns.flatMap((r) => r.partitionsDropped), ['teleport_audit_events_202503', 'teleport_audit_events_202505']);
    const parts = await partitionsOf(db);
    assert.ok(!parts.includes('teleport_audit_events_202503') && !parts.includes('teleport_audit_events_202505'), parts.join());
    assert.ok(parts.includes('teleport_audit_events_202506'), 'June 2025 still holds rows within a year');
    assert.ok(parts.includes('teleport_audit_events_default'));

    // The long tenant's shorter retention now covers June 2025, but the idle tenant's year still does: it stays.
    await db.repos.tenants.updateSettings({ tenantId: long, retentionDays: 300 });
    const second = await runUntilDone(db);
    assert.deepEqual(second.flatMap((r) => r.partitionsDropped), []);
    assert.ok((await partitionsOf(db)).includes('teleport_audit_events_202506'));
    assert.deepEqual(await uidsOf(db, long), ['l-40d'], 'its rows past 300 days deleted one by one');

    await db.repos.tenants.updateSettings({ tenantId: idle, retentionDays: 300 });
    const third = await runUntilDone(db);
    assert.deepEqual(third.flatMap((r) => r.partitionsDropped), ['teleport_audit_events_202506']);
    assert.ok(!(await partitionsOf(db)).includes('teleport_audit_events_202506'));
  });

  test('rollups, request links and session summaries keep only what the remaining events account for', async () => {
    for (const tenantId of [short, long]) await assertDerivedConsistent(db, tenantId);
    const { rows } = await db.owner.query(`select session_id, event_count::int as n, started_at, has_end from session_summaries where tenant_id = $1 order by 1`, [short]);
    assert.deepEqual(rows, [
      { session_id: 'sess-new', n: 1, started_at: null, has_end: false },
      { session_id: 'sess-straddle', n: 1, started_at: null, has_end: true },
    ], 'the session wholly past retention is gone; the one across the cut-off keeps a summary of its last event');
    const links = await db.owner.query(`select request_id from event_request_links where tenant_id = $1`, [short]);
    assert.deepEqual(links.rows, [{ request_id: 'req-1' }]);
  });

  test('hourly ingest counters past a tenant\'s retention are deleted with its events', async () => {
    const { rows } = await db.owner.query<{ tenant_id: string; oldest: Date }>(
      `select tenant_id, min(hour) as oldest from source_ingest_hourly where tenant_id = any($1) group by 1`, [[short, long]]);
    const oldest = new Map(rows.map((r) => [r.tenant_id, r.oldest]));
    assert.deepEqual(oldest.get(short), new Date(Math.floor(daysAgo(20).getTime() / 3_600_000) * 3_600_000));
    assert.deepEqual(oldest.get(long), new Date(Math.floor(daysAgo(40).getTime() / 3_600_000) * 3_600_000));
  });

  test('a run with nothing past retention deletes nothing and says nothing remains', async () => {
    const summary = await applyRetention(retentionOf(db));
    assert.equal(summary.moreRemains, false);
    assert.equal(summary.statements, 0);
    assert.deepEqual(Object.values(summary.deleted).filter((n) => n > 0), []);
  });

  test('the database refuses to delete events within a tenant\'s retention by its own clock, whatever the worker asks', async () => {
    const tenantId = await newTenant(db, 'clock', 30);
    const realNow = new Date();
    await store(db, tenantId, source, [{ uid: 'c-10d', at: new Date(realNow.getTime() - 10 * DAY) }]);
    const future = new Date(realNow.getTime() + DAY);
    const deleted = await db.repos.retention.deleteBatch({ tenantId, table: 'teleport_audit_events', cutoffs: { eventsBefore: future, rejectsBefore: future, objectsBefore: future }, limit: 100 });
    assert.equal(deleted, 0);
    assert.equal(await db.repos.retention.dropOldestPartition({ before: new Date(realNow.getTime() + 3650 * DAY) }), null, 'a far-future bound is cut to the database clock');
    assert.deepEqual(await uidsOf(db, tenantId), ['c-10d']);
    const month = new Date(realNow.getTime() - 10 * DAY).toISOString().slice(0, 7).replace('-', '');
    assert.ok((await partitionsOf(db)).includes(`teleport_audit_events_${month}`));
  });
});

describe('bounded batches', () => {
  let db: TestDatabase;
  let a: string;
  let b: string;

  before(async () => {
    db = await createTestDatabase();
    a = await newTenant(db, 'a', 30);
    b = await newTenant(db, 'b', 30);
    const source = uuidv7();
    // Seven expired events per tenant, each in an hour of its own (so seven rollup and counter rows too), and one
    // recent; all in May, whose partition stays (a 30-day retention passes only months up to April whole).
    for (const [tenantId, prefix] of [[a, 'a'], [b, 'b']] as const) {
      await store(db, tenantId, source, [
        ...Array.from({ length: 7 }, (_, i) => ({ uid: `${prefix}-old-${i}`, at: daysAgo(35 + i) })),
        { uid: `${prefix}-new`, at: daysAgo(1) },
      ]);
    }
  });
  after(() => db.drop());

  test('each run deletes at most its bound, tenants take turns, and later runs finish the work', async () => {
    const bounded = { ...retentionOf(db), batchRows: 3, maxStatements: 2 };
    const first = await applyRetention(bounded);
    assert.equal(first.statements, 2);
    assert.equal(first.deleted.teleport_audit_events, 6);
    assert.equal(first.moreRemains, true);
    assert.equal((await uidsOf(db, a)).length, 8 - 3, 'one batch of three for each tenant');
    assert.equal((await uidsOf(db, b)).length, 8 - 3);

    const runs = [first];
    while (runs.at(-1)!.moreRemains) {
      runs.push(await applyRetention(bounded));
      assert.ok(runs.length < 30, 'retention finishes');
    }
    for (const run of runs) {
      assert.ok(run.statements <= 2);
      assert.ok(Object.values(run.deleted).reduce((x, y) => x + y, 0) <= 6, JSON.stringify(run.deleted));
    }
    assert.ok(runs.length > 3, `${runs.length} runs`);
    const total = (table: keyof RetentionRunSummary['deleted']) => runs.reduce((n, r) => n + r.deleted[table], 0);
    assert.equal(total('teleport_audit_events'), 14);
    assert.equal(total('event_rollup_hourly'), 14);
    assert.equal(total('source_ingest_hourly'), 14);
    assert.deepEqual(await uidsOf(db, a), ['a-new']);
    assert.deepEqual(await uidsOf(db, b), ['b-new']);
    for (const tenantId of [a, b]) await assertDerivedConsistent(db, tenantId);
  });
});

describe('quarantine and object records', () => {
  let db: TestDatabase;
  let year: string;
  let week: string;
  const source = uuidv7();

  const reject = async (tenantId: string, receivedAt: Date, message: string) => db.repos.ingestRejects.record({
    tenantId, sourceId: source, receivedAt,
    rejects: [{ id: uuidv7(), reasonCode: 'event.not_object', message, contentType: null, payload: Buffer.from('x'), payloadSize: 1, payloadTruncated: false, context: null }],
  });
  const object = async (tenantId: string, key: string, status: string, firstSeen: Date, updated = firstSeen) => {
    const { row } = await db.repos.ingestedObjects.upsertSeen({ tenantId, sourceId: source, id: uuidv7(), object: { bucket: 'b', key, etag: 'e', versionId: null, size: 1 }, via: 's3', sqsMessageId: null });
    await db.owner.query('update ingested_objects set status = $2, first_seen_at = $3, updated_at = $4 where id = $1', [row.id, status, firstSeen, updated]);
  };

  before(async () => {
    db = await createTestDatabase();
    year = await newTenant(db, 'year', 365);
    week = await newTenant(db, 'week', 7);
    await reject(year, daysAgo(40), 'year-40d');
    await reject(year, daysAgo(10), 'year-10d');
    await reject(week, daysAgo(10), 'week-10d');
    await reject(week, daysAgo(3), 'week-3d');
    for (const status of ['done', 'failed', 'skipped', 'missing', 'queued', 'processing']) await object(year, `old-${status}`, status, daysAgo(100));
    await object(year, 'recent-done', 'done', daysAgo(50));
    await object(year, 'retried-done', 'done', daysAgo(100), daysAgo(10));
  });
  after(() => db.drop());

  test('quarantined input goes after its own retention, or the tenant\'s when that is shorter', async () => {
    await runUntilDone(db);
    const { rows } = await db.owner.query<{ message: string }>('select message from ingest_rejects order by 1');
    assert.deepEqual(rows.map((r) => r.message), ['week-3d', 'year-10d']);
  });

  test('object records go after their retention in a final state only; pending ones always stay', async () => {
    const { rows } = await db.owner.query<{ key: string }>('select key from ingested_objects order by 1');
    assert.deepEqual(rows.map((r) => r.key), ['old-processing', 'old-queued', 'recent-done', 'retried-done']);
  });
});

describe('alerts', () => {
  let db: TestDatabase;
  let week: string;
  let year: string;

  /** An alert as the worker leaves it, with an event link, a delivery and its attempt, and a note. */
  const alert = async (tenantId: string, name: string, { status, lastSeen, resolvedAt = null, delivery = 'delivered' }: { status: string; lastSeen: Date; resolvedAt?: Date | null; delivery?: string }) => {
    const id = uuidv7();
    const destination = (await db.owner.query('select id from alert_destinations where tenant_id = $1', [tenantId])).rows[0].id;
    await db.owner.query(`insert into alerts (id, tenant_id, created_at, kind, rule_id, rule_version, title, severity, alert_key, group_key, group_values,
        first_seen, last_seen, event_count, status, resolved_at, resolved_by, updated_at)
      values ($1, $2, $3, 'detection', 'r', 1, $4, 'high', $4, '', '{}', $3, $3, 1, $5, $6, $7, $3)`, [id, tenantId, lastSeen, name, status, resolvedAt, resolvedAt ? 'x' : null]);
    await db.owner.query('insert into alert_events (tenant_id, alert_id, event_id, event_time) values ($1, $2, 1, $3)', [tenantId, id, lastSeen]);
    const deliveryId = uuidv7();
    await db.owner.query(`insert into alert_deliveries (id, tenant_id, created_at, alert_id, destination_id, status, attempts, next_attempt_at, updated_at)
      values ($1, $2, $3, $4, $5, $6, 1, $3, $3)`, [deliveryId, tenantId, lastSeen, id, destination, delivery]);
    await db.owner.query(`insert into alert_delivery_attempts (tenant_id, delivery_id, attempt, at, outcome, duration_ms) values ($1, $2, 1, $3, 'delivered', 5)`, [tenantId, deliveryId, lastSeen]);
    await db.owner.query(`insert into alert_notes (tenant_id, id, alert_id, author, text, created_at) values ($1, $2, $3, 'a', 'n', $4)`, [tenantId, uuidv7(), id, lastSeen]);
  };
  const titles = async (tenantId: string) => (await db.owner.query<{ title: string }>('select title from alerts where tenant_id = $1 order by 1', [tenantId])).rows.map((r) => r.title);
  const orphans = async () => (await db.owner.query<{ n: number }>(`select (
      (select count(*) from alert_events e where not exists (select 1 from alerts a where a.id = e.alert_id))
    + (select count(*) from alert_deliveries d where d.alert_id is not null and not exists (select 1 from alerts a where a.id = d.alert_id))
    + (select count(*) from alert_delivery_attempts t where not exists (select 1 from alert_deliveries d where d.id = t.delivery_id))
    + (select count(*) from alert_notes n where not exists (select 1 from alerts a where a.id = n.alert_id)))::int as n`)).rows[0]!.n;

  before(async () => {
    db = await createTestDatabase();
    week = await newTenant(db, 'alerts-week', 7);
    year = await newTenant(db, 'alerts-year', 365);
    for (const tenantId of [week, year]) {
      await db.owner.query(`insert into alert_destinations (id, tenant_id, name, kind, config, sealed_secret, updated_at) values ($1, $2, 'hook', 'webhook', '{}', 'x', now())`, [uuidv7(), tenantId]);
    }
    await alert(week, 'resolved-old', { status: 'resolved', lastSeen: daysAgo(20), resolvedAt: daysAgo(19) });
    await alert(week, 'resolved-lately', { status: 'resolved', lastSeen: daysAgo(20), resolvedAt: daysAgo(3) });
    await alert(week, 'resolved-recent-event', { status: 'resolved', lastSeen: daysAgo(2), resolvedAt: daysAgo(9) });
    await alert(week, 'open-old', { status: 'open', lastSeen: daysAgo(60) });
    await alert(week, 'acknowledged-old', { status: 'acknowledged', lastSeen: daysAgo(60) });
    await alert(week, 'resolved-old-pending', { status: 'resolved', lastSeen: daysAgo(20), resolvedAt: daysAgo(19), delivery: 'pending' });
    await alert(year, 'year-resolved-20d', { status: 'resolved', lastSeen: daysAgo(20), resolvedAt: daysAgo(19) });
    // A test send: no alert, past the week's retention.
    const destination = (await db.owner.query('select id from alert_destinations where tenant_id = $1', [week])).rows[0].id;
    await db.owner.query(`insert into alert_deliveries (id, tenant_id, created_at, alert_id, destination_id, test, status, attempts, next_attempt_at, updated_at)
      values ($1, $2, $3, null, $4, true, 'delivered', 1, $3, $3)`, [uuidv7(), week, daysAgo(30), destination]);
  });
  after(() => db.drop());

  test('resolved alerts past the retention go with their events links, deliveries, attempts and notes; open, acknowledged and pending ones stay', async () => {
    const runs = await runUntilDone(db);
    assert.equal(runs.reduce((n, r) => n + r.deleted.alerts, 0), 1);
    assert.deepEqual(await titles(week), ['acknowledged-old', 'open-old', 'resolved-lately', 'resolved-old-pending', 'resolved-recent-event']);
    assert.deepEqual(await titles(year), ['year-resolved-20d'], 'within a year\'s retention');
    assert.equal(await orphans(), 0, 'nothing of a deleted alert is left behind');
    const tests = await db.owner.query('select count(*)::int as n from alert_deliveries where tenant_id = $1 and alert_id is null', [week]);
    assert.equal(tests.rows[0].n, 0, 'the old test send went too');
  });

  test('six days later the other resolved ones have passed the retention too, and the pending one goes once delivered', async () => {
    const later = { ...retentionOf(db), now: new Date(NOW.getTime() + 6 * DAY) };
    await applyRetention(later);
    assert.deepEqual(await titles(week), ['acknowledged-old', 'open-old', 'resolved-old-pending']);
    await db.owner.query(`update alert_deliveries set status = 'delivered' where status = 'pending'`);
    await applyRetention(later);
    assert.deepEqual(await titles(week), ['acknowledged-old', 'open-old']);
    assert.equal(await orphans(), 0);
  });
});

describe('concurrent runs', () => {
  let db: TestDatabase;
  let tenantId: string;

  before(async () => {
    db = await createTestDatabase();
    tenantId = await newTenant(db, 'c', 30);
    await store(db, tenantId, uuidv7(), [{ uid: 'old', at: daysAgo(40) }, { uid: 'new', at: daysAgo(1) }]);
  });
  after(() => db.drop());

  type Line = { obj: Record<string, unknown>; msg: string };
  const capture = () => {
    const lines: Line[] = [];
    const push = (obj: object, msg: string) => { lines.push({ obj: obj as Record<string, unknown>, msg }); };
    const log = { debug: push, info: push, warn: push, error: push, child: () => log };
    return { lines, log };
  };

  test('while one worker runs retention another skips its turn, and takes the next one', async () => {
    // The first run stops inside its lock until released, so the second certainly overlaps it.
    let arrived!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((r) => { arrived = r; });
    const gate = new Promise<void>((r) => { release = r; });
    const held = { ...db.repos.retention, tenantRetentions: async () => { arrived(); await gate; return db.repos.retention.tenantRetentions(); } };
    const options = { everyMs: 3_600_000, rejectRetentionDays: 30, objectRecordRetentionDays: 90, now: () => NOW };
    const first = capture();
    const second = capture();

    const running = retentionJob({ ...options, retention: held }).handle({ task: 'retention' }, first.log);
    await inside;
    await retentionJob({ ...options, retention: db.repos.retention }).handle({ task: 'retention' }, second.log);
    release();
    await running;

    assert.deepEqual(second.lines.map((l) => l.msg), ['retention skipped: another worker is running it']);
    assert.deepEqual(first.lines.map((l) => l.msg), ['retention applied']);
    const summary = first.lines[0]!.obj as RetentionRunSummary;
    assert.equal(summary.deleted.teleport_audit_events, 1);
    assert.equal(summary.tenantsTouched, 1);
    assert.equal(summary.moreRemains, false);
    assert.deepEqual(await uidsOf(db, tenantId), ['new']);

    const later = capture();
    await retentionJob({ ...options, retention: db.repos.retention }).handle({ task: 'retention' }, later.log);
    assert.deepEqual(later.lines.map((l) => l.msg), ['retention applied'], 'the lock was released');
  });
});
