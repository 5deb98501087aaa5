import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenantWithAdminKey } from '@tai/api';
import { createMetrics, normalizeEvent, uuidv7 } from '@tai/core';
import { createCompletenessMonitor } from '@tai/worker';
import pino from 'pino';
import { monitorFindingHandler } from '../apps/worker/src/detections/monitor-alerts.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

// Completeness findings as alerts, with a controlled clock: a sender that stops makes a "source silent"
// alert (and an outbox delivery), which resolves when it sends again; a finished session missing an `ei`
// makes a "session is missing events" alert.
const NOW = new Date('2026-06-15T10:30:00Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const silent = pino({ level: 'silent' });
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

async function newTenant(name: string) {
  const { tenantId } = await createTenantWithAdminKey(db.repos, { name });
  const source = await db.repos.sources.create({ tenantId, id: uuidv7(), type: 'teleport_webhook', name: 'prod', config: {}, tokenHash: null, tokenPrefix: null });
  await db.repos.destinations.create({ tenantId, id: uuidv7(), name: 'pager', kind: 'webhook', config: { url: 'http://127.0.0.1:9/unused' }, sealedSecret: 'v1.x.y.z', minSeverity: 'medium', enabled: true, now: NOW });
  return { tenantId, sourceId: source.id };
}

const store = (t: { tenantId: string; sourceId: string }, receivedAt: Date, raws: Record<string, unknown>[]) =>
  db.repos.auditEvents.commitBatch({
    tenantId: t.tenantId, receivedAt,
    items: [{ sourceId: t.sourceId, events: raws.map((raw) => { const r = normalizeEvent(raw, { receivedAt }); assert.ok(r.ok); return r.event; }) }],
  });

const monitorAlerts = async (tenantId: string) => (await db.owner.query(
  `select a.rule_id, a.status, a.severity, a.source_id, a.resolved_by, (select count(*)::int from alert_deliveries d where d.alert_id = a.id) as deliveries
     from alerts a where a.tenant_id = $1 and a.kind = 'monitor' order by a.rule_id`, [tenantId])).rows;

const run = async (now: Date) => {
  const onTransition = monitorFindingHandler({ repo: db.repos.detectionEvaluation, log: silent, metrics: createMetrics(), now: () => now });
  await createCompletenessMonitor({ findings: db.repos.sourceFindings, onTransition }).runOnce(now, silent);
};

test('a sender that stops raises a "source silent" alert with a delivery, resolved (and delivered again) when it sends again', async () => {
  const t = await newTenant('silent-sender');
  await store(t, ago(25 * HOUR), [{ event: 'user.login', uid: 'l1', time: ago(25 * HOUR).toISOString(), user: 'alice', success: true }]);
  await run(NOW);
  assert.deepEqual(await monitorAlerts(t.tenantId), [{ rule_id: 'monitor-source-silent', status: 'open', severity: 'high', source_id: t.sourceId, resolved_by: null, deliveries: 1 }]);
  await run(new Date(NOW.getTime() + 60_000));
  assert.equal((await monitorAlerts(t.tenantId)).length, 1, 'a second run while still silent raises nothing new');

  await store(t, NOW, [{ event: 'user.login', uid: 'l2', time: NOW.toISOString(), user: 'alice', success: true }]);
  await run(new Date(NOW.getTime() + 120_000));
  assert.deepEqual(await monitorAlerts(t.tenantId), [{ rule_id: 'monitor-source-silent', status: 'resolved', severity: 'high', source_id: t.sourceId, resolved_by: 'completeness-monitor', deliveries: 2 }]);
});

test('a finished session missing an ei raises a "session is missing events" alert', async () => {
  const t = await newTenant('gappy-session');
  const sid = 'c0ffee00-0000-4000-8000-000000000001';
  const at = (m: number) => ago(2 * HOUR - m * 60_000).toISOString();
  await store(t, ago(HOUR), [
    { event: 'session.start', uid: 'g0', time: at(0), sid, ei: 0, user: 'alice', login: 'ubuntu', server_id: 'n1' },
    { event: 'session.command', uid: 'g1', time: at(1), sid, ei: 1, user: 'alice', program: 'ls' },
    { event: 'session.end', uid: 'g3', time: at(3), sid, ei: 3, user: 'alice' },
  ]);
  await run(NOW);
  const alerts = await monitorAlerts(t.tenantId);
  assert.ok(alerts.some((a) => a.rule_id === 'monitor-session-incomplete' && a.status === 'open'), JSON.stringify(alerts));
  const { rows } = await db.owner.query(`select details from alerts where tenant_id = $1 and rule_id = 'monitor-session-incomplete'`, [t.tenantId]);
  assert.match(JSON.stringify(rows[0].details), /\[2,2\]/, 'the missing ei range is in the alert');
});
