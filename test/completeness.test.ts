import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { normalizeEvent, uuidv7, type FindingTransition } from '@tai/core';
import { createCompletenessMonitor } from '@tai/worker';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const NOW = new Date('2026-06-15T10:30:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

// Errors a run logged: a tenant whose evaluation failed is skipped, not thrown, so tests check for them.
const logged: unknown[] = [];
const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (obj: object, msg: string) => { logged.push({ msg, ...obj }); }, child: () => log };

type EventSpec = { uid: string; at: Date; type?: string; sid?: string; ei?: number };
function teleportEvent({ uid, at, type = 'exec', sid, ei }: EventSpec) {
  const result = normalizeEvent({ event: type, uid, time: at.toISOString(), user: 'alice', cluster_name: 'prod', ...(sid ? { sid, ei } : {}) }, { receivedAt: at });
  assert.ok(result.ok);
  return result.event;
}

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

async function newTenant(name: string) {
  const { tenantId } = await createTenantWithAdminKey(db.repos, { name });
  const source = await db.repos.sources.create({ tenantId, id: uuidv7(), type: 'teleport_webhook', name: 'prod', config: {}, tokenHash: null, tokenPrefix: null });
  return { tenantId, sourceId: source.id };
}

/** Stores the events as one batch received at `receivedAt` (the source's last event, and its hourly counters). */
const store = (t: { tenantId: string; sourceId: string }, receivedAt: Date, specs: EventSpec[]) =>
  db.repos.auditEvents.commitBatch({ tenantId: t.tenantId, items: [{ sourceId: t.sourceId, events: specs.map(teleportEvent) }], receivedAt });

/** A monitor whose reported transitions a test can read, per tenant. */
function monitor() {
  const reported: FindingTransition[] = [];
  const m = createCompletenessMonitor({ findings: db.repos.sourceFindings, onTransition: (t) => { reported.push(t); } });
  return {
    reported,
    run: async (now: Date, tenantId: string) => {
      const { transitions } = await m.runOnce(now, log);
      assert.deepEqual(logged.splice(0), [], 'no tenant\'s evaluation failed');
      return transitions.filter((t) => t.tenantId === tenantId);
    },
  };
}

const findingRows = async (tenantId: string) =>
  (await db.owner.query('select kind, subject, state, source_id from source_findings where tenant_id = $1 order by kind, subject, opened_at', [tenantId])).rows;

describe('a source gone silent', () => {
  test('a source silent past its threshold opens source.silent, and its next event resolves it', async () => {
    const t = await newTenant('silent');
    // One hour of history is too little to learn from: the threshold is the 24 h ceiling.
    await store(t, ago(25 * HOUR), [{ uid: 's1', at: ago(25 * HOUR) }]);
    const m = monitor();
    const first = await m.run(NOW, t.tenantId);
    assert.deepEqual(first.map((f) => [f.kind, f.sourceId, f.subject, f.state]), [['source.silent', t.sourceId, '', 'open']]);
    assert.equal(first[0]!.details.thresholdSeconds, 86_400);
    assert.equal(first[0]!.details.lastEventAt, ago(25 * HOUR).toISOString());
    assert.deepEqual(first[0]!.at, NOW);

    await store(t, NOW, [{ uid: 's2', at: NOW }]);
    const later = new Date(NOW.getTime() + MINUTE);
    const second = await m.run(later, t.tenantId);
    assert.deepEqual(second.map((f) => [f.kind, f.state]), [['source.silent', 'resolved']]);
    assert.equal(second[0]!.details.recoveredAt, NOW.toISOString());
    assert.deepEqual(await findingRows(t.tenantId), [{ kind: 'source.silent', subject: '', state: 'resolved', source_id: t.sourceId }]);
  });

  test('a source within its threshold, or that never sent anything, opens nothing', async () => {
    const t = await newTenant('quiet');
    await store(t, ago(23 * HOUR), [{ uid: 'q1', at: ago(23 * HOUR) }]);
    const never = await newTenant('never');
    const m = monitor();
    assert.deepEqual(await m.run(NOW, t.tenantId), []);
    assert.deepEqual(await m.run(NOW, never.tenantId), []);
  });
});

describe('sessions missing events', () => {
  test('a finished session with ei 0, 1 and 3 opens session.incomplete with [2, 2] missing; the late event resolves it', async () => {
    const t = await newTenant('gaps');
    await store(t, ago(20 * MINUTE), [
      { uid: 'g0', at: ago(30 * MINUTE), type: 'session.start', sid: 'sess-gap', ei: 0 },
      { uid: 'g1', at: ago(29 * MINUTE), sid: 'sess-gap', ei: 1 },
      { uid: 'g3', at: ago(27 * MINUTE), type: 'session.end', sid: 'sess-gap', ei: 3 },
      { uid: 'ok0', at: ago(30 * MINUTE), type: 'session.start', sid: 'sess-whole', ei: 0 },
      { uid: 'ok1', at: ago(28 * MINUTE), type: 'session.end', sid: 'sess-whole', ei: 1 },
    ]);
    const m = monitor();
    const opened = (await m.run(NOW, t.tenantId)).filter((f) => f.kind === 'session.incomplete');
    assert.equal(opened.length, 1);
    assert.equal(opened[0]!.subject, 'sess-gap');
    assert.equal(opened[0]!.sourceId, t.sourceId, 'the source that sent the session');
    assert.deepEqual(opened[0]!.details.missingRanges, [[2, 2]]);
    assert.equal(opened[0]!.details.missing, 1);

    await store(t, NOW, [{ uid: 'g2', at: ago(28 * MINUTE), sid: 'sess-gap', ei: 2 }]);
    const resolved = (await m.run(new Date(NOW.getTime() + MINUTE), t.tenantId)).filter((f) => f.kind === 'session.incomplete');
    assert.deepEqual(resolved.map((f) => [f.subject, f.state, f.details.resolvedAs]), [['sess-gap', 'resolved', 'complete']]);
  });

  test('a session with no end whose last event is older than the long-open threshold opens session.open_too_long', async () => {
    const t = await newTenant('stale');
    // No finished session to learn from: the threshold is the 7-day ceiling.
    await store(t, ago(7 * 24 * HOUR + 2 * HOUR), [{ uid: 'o0', at: ago(7 * 24 * HOUR + 2 * HOUR), type: 'session.start', sid: 'sess-open', ei: 0 }]);
    await store(t, ago(2 * HOUR), [{ uid: 'r0', at: ago(2 * HOUR), type: 'session.start', sid: 'sess-recent', ei: 0 }]);
    const m = monitor();
    const opened = (await m.run(NOW, t.tenantId)).filter((f) => f.kind.startsWith('session.'));
    assert.deepEqual(opened.map((f) => [f.kind, f.subject, f.sourceId]), [['session.open_too_long', 'sess-open', t.sourceId]]);

    await store(t, NOW, [{ uid: 'o1', at: NOW, type: 'session.end', sid: 'sess-open', ei: 1 }]);
    const resolved = (await m.run(new Date(NOW.getTime() + MINUTE), t.tenantId)).filter((f) => f.kind.startsWith('session.'));
    assert.deepEqual(resolved.map((f) => [f.kind, f.subject, f.state]), [['session.open_too_long', 'sess-open', 'resolved']]);
  });
});

describe('event types', () => {
  test('a new event type opens event_type.unknown once; a known type new to the tenant opens nothing', async () => {
    const t = await newTenant('types');
    await store(t, ago(10 * MINUTE), [{ uid: 'u1', at: ago(10 * MINUTE), type: 'quantum.entangle' }, { uid: 'k1', at: ago(10 * MINUTE), type: 'user.login' }]);
    const m = monitor();
    const first = await m.run(NOW, t.tenantId);
    assert.deepEqual(first.map((f) => [f.kind, f.subject, f.sourceId, f.state]), [['event_type.unknown', 'quantum.entangle', t.sourceId, 'open']]);

    await store(t, NOW, [{ uid: 'u2', at: NOW, type: 'quantum.entangle' }]);
    assert.deepEqual(await m.run(new Date(NOW.getTime() + MINUTE), t.tenantId), [], 'the same type again');
    assert.deepEqual(await monitor().run(new Date(NOW.getTime() + 2 * MINUTE), t.tenantId), [], 'nor after a restart, which scans 14 days again');
    const { rows } = await db.owner.query('select event_type from tenant_event_types where tenant_id = $1 order by 1', [t.tenantId]);
    assert.deepEqual(rows.map((r) => r.event_type), ['quantum.entangle', 'user.login']);
  });
});

describe('unknown event types resolving', () => {
  test('an unknown type not sent for 7 days resolves as not_seen; one still sent stays open; it does not open again when it returns', async () => {
    const t = await newTenant('types-quiet');
    await store(t, ago(10 * MINUTE), [{ uid: 'q1', at: ago(10 * MINUTE), type: 'quantum.gone' }, { uid: 'q2', at: ago(10 * MINUTE), type: 'quantum.kept' }]);
    const m = monitor();
    const unknown = async (now: Date) => (await m.run(now, t.tenantId)).filter((f) => f.kind === 'event_type.unknown').map((f) => [f.subject, f.state, f.details.resolvedAs]);
    assert.deepEqual((await unknown(NOW)).sort(), [['quantum.gone', 'open', undefined], ['quantum.kept', 'open', undefined]]);

    const later = (days: number) => new Date(NOW.getTime() + days * 24 * HOUR);
    await store(t, later(4), [{ uid: 'q3', at: later(4), type: 'quantum.kept' }]);
    assert.deepEqual(await unknown(later(6)), [], 'six days: both still open');
    assert.deepEqual(await unknown(later(7.1)), [['quantum.gone', 'resolved', 'not_seen']], 'quantum.kept was sent on day 4');
    assert.deepEqual(await unknown(later(11.1)), [['quantum.kept', 'resolved', 'not_seen']]);

    await store(t, later(12), [{ uid: 'q4', at: later(12), type: 'quantum.gone' }]);
    assert.deepEqual(await unknown(later(12.1)), [], 'a type once reported is not reported again');
  });
});

describe('rejects', () => {
  test('a burst of rejects opens rejects.spike; a quiet hour later resolves it', async () => {
    const t = await newTenant('rejects');
    const reject = () => ({ id: uuidv7(), reasonCode: 'body.invalid_json', message: 'bad', contentType: 'application/json', payload: Buffer.from('{'), payloadSize: 1, payloadTruncated: false, context: null });
    await db.repos.ingestRejects.record({ tenantId: t.tenantId, sourceId: t.sourceId, receivedAt: ago(5 * MINUTE), rejects: Array.from({ length: 25 }, reject) });
    const m = monitor();
    const opened = (await m.run(NOW, t.tenantId)).filter((f) => f.kind === 'rejects.spike');
    assert.deepEqual(opened.map((f) => [f.sourceId, f.details.rejects, f.details.baselinePerHour]), [[t.sourceId, 25, 0]]);
    assert.deepEqual(await m.run(new Date(NOW.getTime() + 30 * MINUTE), t.tenantId), [], 'still the spike\'s hour or the next');
    const resolved = (await m.run(new Date(NOW.getTime() + 2 * HOUR), t.tenantId)).filter((f) => f.kind === 'rejects.spike');
    assert.deepEqual(resolved.map((f) => f.state), ['resolved']);
  });
});

describe('S3 objects', () => {
  test('objects given up on open s3.objects_failed for their day; a successful retry resolves it', async () => {
    const { tenantId } = await createTenantWithAdminKey(db.repos, { name: 's3' });
    const source = await db.repos.sources.create({ tenantId, id: uuidv7(), type: 'teleport_s3', name: 'eas', config: { bucket: 'audit' }, tokenHash: null, tokenPrefix: null });
    const object = { bucket: 'audit', key: 'events/2026-06-15/a.parquet', etag: 'e1', versionId: null, size: 10 };
    const { row } = await db.repos.ingestedObjects.upsertSeen({ tenantId, sourceId: source.id, id: uuidv7(), object, via: 's3', sqsMessageId: null });
    await db.repos.ingestedObjects.finish({ tenantId, id: row.id, status: 'failed', error: 'AccessDenied', errorCode: 's3.access_denied', now: NOW });
    await db.owner.query('update ingested_objects set first_seen_at = $1 where id = $2', [ago(2 * HOUR), row.id]);
    const m = monitor();
    const opened = (await m.run(NOW, tenantId)).filter((f) => f.kind === 's3.objects_failed');
    assert.deepEqual(opened.map((f) => [f.sourceId, f.subject, f.details.failed, f.details.sampleKeys]), [[source.id, '2026-06-15', 1, [object.key]]]);

    await db.repos.ingestedObjects.finish({ tenantId, id: row.id, status: 'done', error: null, now: NOW });
    const resolved = (await m.run(new Date(NOW.getTime() + MINUTE), tenantId)).filter((f) => f.kind === 's3.objects_failed');
    assert.deepEqual(resolved.map((f) => [f.subject, f.state]), [['2026-06-15', 'resolved']]);
  });
});

describe('idempotence and isolation', () => {
  let a: { tenantId: string; sourceId: string };
  let b: { tenantId: string; sourceId: string };
  before(async () => {
    a = await newTenant('iso-a');
    b = await newTenant('iso-b');
    await store(a, ago(26 * HOUR), [{ uid: 'a-old', at: ago(26 * HOUR), type: 'quantum.a' }]);
    await store(a, ago(20 * MINUTE), [
      { uid: 'a0', at: ago(30 * MINUTE), type: 'session.start', sid: 'sess-a', ei: 0 },
      { uid: 'a2', at: ago(25 * MINUTE), type: 'session.end', sid: 'sess-a', ei: 2 },
    ]);
    // A's source heard from 20 minutes ago; a second, silent source of A's.
    const silentSource = await db.repos.sources.create({ tenantId: a.tenantId, id: uuidv7(), type: 'teleport_webhook', name: 'old', config: {}, tokenHash: null, tokenPrefix: null });
    await store({ tenantId: a.tenantId, sourceId: silentSource.id }, ago(30 * HOUR), [{ uid: 'a-silent', at: ago(30 * HOUR) }]);
  });

  test('running the job twice opens nothing new', async () => {
    const m = monitor();
    const first = await m.run(NOW, a.tenantId);
    assert.deepEqual(first.map((f) => f.kind).sort(), ['event_type.unknown', 'session.incomplete', 'source.silent']);
    const before = await findingRows(a.tenantId);
    assert.deepEqual(await m.run(NOW, a.tenantId), []);
    assert.deepEqual(await m.run(new Date(NOW.getTime() + MINUTE), a.tenantId), []);
    assert.deepEqual(await monitor().run(new Date(NOW.getTime() + 2 * MINUTE), a.tenantId), [], 'a second worker, with nothing in memory');
    assert.deepEqual(await findingRows(a.tenantId), before);
  });

  test('tenant B never sees tenant A\'s findings', async () => {
    assert.ok((await db.repos.sourceFindings.openFindings({ tenantId: a.tenantId, limit: 100 })).length >= 3);
    assert.deepEqual(await db.repos.sourceFindings.openFindings({ tenantId: b.tenantId, limit: 100 }), []);
    assert.deepEqual(await db.repos.sourceFindings.openForSource({ tenantId: b.tenantId, sourceId: a.sourceId, limit: 100 }), []);
    // Row-level security, not only the filter: B's transaction sees none of A's rows even when asking for them.
    const seen = await db.client.withTenant(b.tenantId, async (tx) => (await tx.execute(`select count(*)::int as n from source_findings where tenant_id = '${a.tenantId}'`)).rows[0]);
    assert.deepEqual(seen, { n: 0 });
    const types = await db.client.withTenant(b.tenantId, async (tx) => (await tx.execute('select count(*)::int as n from tenant_event_types')).rows[0]);
    assert.deepEqual(types, { n: 0 });
  });
});
