import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { normalizeEvent, uuidv7, validateRule, type NormalizedEvent } from '@tai/core';
import { createTenantWithAdminKey } from '../apps/api/src/modules/tenants/tenants.usecases.js';
import { ruleWrite } from '../apps/api/src/modules/detections/rule-rows.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { cleanEnv, spawnBundle, stop, waitForOutput, type Spawned } from './support/processes.js';

// Events committed while worker processes (the production bundle) evaluate them, one SIGKILLed mid-run: every
// event fires its rule exactly once. A match rule without dedup makes one alert per event, so counting alerts
// counts evaluations. (Which worker evaluates is up to the tenant lock: one tenant's batches go one at a time.)
let db: TestDatabase;
let tenantId: string;
let sourceId: string;
const spawned: Spawned[] = [];
const RULE = 'every-auth-failure';

before(async () => {
  db = await createTestDatabase();
  ({ tenantId } = await createTenantWithAdminKey(db.repos, { name: 'exactly-once' }));
  sourceId = uuidv7();
  await db.repos.sources.create({ tenantId, id: sourceId, name: 'prod', type: 'teleport_webhook', config: {}, tokenHash: null, tokenPrefix: null });
  const rule = validateRule({ id: RULE, title: 'Every failed auth', kind: 'match', severity: 'low', query: 'event:auth success:false', dedupWindowSeconds: 0 });
  await db.repos.detectionRules.save({ tenantId, rule: ruleWrite(rule), builtin: false, updatedBy: 'test', now: new Date() });
});
after(async () => {
  await Promise.all(spawned.map((p) => stop(p, undefined, 5_000)));
  await db.drop();
});

let serial = 0;
/** `n` failed auths; `late` puts their time a month back, as a backfill or a stalled forwarder would. */
function failures(n: number, { late = false }: { late?: boolean } = {}): NormalizedEvent[] {
  const base = Date.now() - (late ? 30 * 86_400_000 : 60_000);
  return Array.from({ length: n }, () => {
    const i = serial++;
    const r = normalizeEvent({ event: 'auth', code: 'T3007W', success: false, error: 'ssh: principal not allowed', user: `user-${i % 7}`, uid: `auth-${i}`, time: new Date(base + i).toISOString() }, { receivedAt: new Date() });
    assert.ok(r.ok);
    return r.event;
  });
}

async function insertInStatements(events: NormalizedEvent[], perStatement: number) {
  for (let i = 0; i < events.length; i += perStatement) {
    await db.repos.auditEvents.insert({ tenantId, sourceId, events: events.slice(i, i + perStatement) });
  }
}

const count = async (sql: string) => (await db.owner.query<{ n: number }>(sql, [tenantId, RULE])).rows[0]!.n;
const alertsOfRule = () => count('select count(*)::int as n from alerts where tenant_id = $1 and rule_id = $2');
const queued = () => count('select count(*)::int as n from detection_queue where tenant_id = $1 and $2 <> \'\'');

const startWorker = () => {
  const w = spawnBundle('apps/worker/dist/main.js', cleanEnv({
    DATABASE_URL: db.url, LOG_LEVEL: 'info', METRICS_PORT: 'off', DETECTION_BATCH_EVENTS: '150', DETECTION_POLL_MS: '50', DETECTION_GATHER_MS: '50',
  }));
  spawned.push(w);
  return w;
};

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('two workers evaluate every committed event exactly once, through a kill -9 of one of them and late events', async () => {
  const first = failures(3_000);
  await insertInStatements(first, 25);
  const a = startWorker();
  const b = startWorker();
  await Promise.all([a, b].map((w) => waitForOutput(w, /"msg":"worker started"/, 60_000)));
  await until('some alerts exist', async () => (await alertsOfRule()) > 300);
  a.child.kill('SIGKILL');
  await a.exited;

  const second = [...failures(1_000), ...failures(500, { late: true })];
  const inserting = insertInStatements(second, 20);
  startWorker();
  await inserting;
  await until('the queue is empty', async () => (await queued()) === 0, 90_000);

  const total = first.length + second.length;
  assert.equal(await alertsOfRule(), total, 'one alert per event');
  assert.equal(await count('select count(distinct l.event_id)::int as n from alert_events l join alerts a on a.id = l.alert_id where a.tenant_id = $1 and a.rule_id = $2'), total, 'every event linked once');
  assert.equal(await count('select count(*)::int as n from alert_events l join alerts a on a.id = l.alert_id where a.tenant_id = $1 and a.rule_id = $2'), total, 'no event linked twice');
});
