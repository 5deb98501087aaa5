import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';
import { postEvents } from './support/search-dataset.js';
import type { ScenarioEvent } from './support/teleport-scenario.js';

// Ingest queues for evaluation only what some enabled rule can act on (migrations/0025), and never leaves out
// what a rule saved a moment ago matches.
let t: TestApp;
let token: string;
let sourceId: string;

before(async () => {
  t = await setupApp();
  const res = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: { clusterName: 'prod.example.com' } } });
  ({ token } = res.json().webhook);
  sourceId = res.json().source.id;
});
after(() => t.close());

const iso = (ago: number) => new Date(Date.now() - ago).toISOString();
const rootStart = (uid: string) => ({ event: 'session.start', code: 'T2000I', uid, time: iso(60_000), user: 'alice', login: 'root', sid: `s-${uid}`, server_id: 'node-1', server_hostname: 'web-1', ei: 0 });
const resize = (uid: string) => ({ event: 'resize', code: 'T2002I', uid, time: iso(30_000), user: 'alice', login: 'ubuntu', sid: 's-1', size: '80:25', ei: 2 });
const upload = (uid: string) => ({ event: 'session.upload', code: 'T2005I', uid, time: iso(20_000), sid: 's-1', url: 's3://recordings/s-1' });

const post = (events: ScenarioEvent[]) => postEvents(t.app, token, events);

/** The uids of the queued events, and empties the queue, so each test sees only what it posted. */
const takeQueued = async (): Promise<string[]> => {
  const { rows } = await t.db.owner.query<{ uid: string }>(`
    select e.uid from detection_queue q cross join unnest(q.event_ids) as x(id) join teleport_audit_events e on e.id = x.id order by e.uid`);
  await t.db.owner.query('delete from detection_queue');
  return rows.map((r) => r.uid);
};

test('a batch queues only its events some enabled rule matches: a root login is queued, a terminal resize and a recording upload are not', async () => {
  await post([rootStart('screen-1'), resize('screen-2'), upload('screen-3')]);
  assert.deepEqual(await takeQueued(), ['screen-1']);
});

test('a tenant whose rules are all disabled queues nothing, and a re-enabled rule screens again', async () => {
  const tenant = await t.newTenant('tenant-screen-off');
  const source = await tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod', config: { clusterName: 'prod.example.com' } } });
  const rules = (await tenant.call({ method: 'GET', url: '/v1/rules' })).json().data as Array<{ id: string }>;
  for (const rule of rules) assert.equal((await tenant.call({ method: 'PATCH', url: `/v1/rules/${rule.id}`, payload: { enabled: false } })).statusCode, 200);
  const send = (events: ScenarioEvent[]) => postEvents(t.app, source.json().webhook.token, events);
  await send([rootStart('off-1')]);
  assert.deepEqual(await takeQueued(), []);
  assert.equal((await tenant.call({ method: 'PATCH', url: '/v1/rules/teleport-root-login', payload: { enabled: true } })).statusCode, 200);
  await send([rootStart('off-2'), resize('off-3')]);
  assert.deepEqual(await takeQueued(), ['off-2', 'off-3'], 'the first batch after a rule change queues all it inserted');
  await send([rootStart('off-4'), resize('off-5')]);
  assert.deepEqual(await takeQueued(), ['off-4'], 'and the next one is screened by the rules as they are now');
});

test('a rule saved after the screen was read has its matches queued: the batch that sees the new revision queues everything', async () => {
  await post([resize('late-1')]);
  assert.deepEqual(await takeQueued(), [], 'screened by the pack, which has no rule for resizes');
  const saved = await t.tenant.call({ method: 'PUT', url: '/v1/rules/terminal-resized', payload: { title: 'Terminal resized', kind: 'match', severity: 'info', query: 'event:resize' } });
  assert.equal(saved.statusCode, 201, saved.body);
  await post([resize('late-2'), upload('late-3')]);
  assert.deepEqual(await takeQueued(), ['late-2', 'late-3']);
  await post([resize('late-4'), upload('late-5')]);
  assert.deepEqual(await takeQueued(), ['late-4']);
});

test('an insert into the events table other than the batch function is still queued whole by the trigger', async () => {
  await t.db.owner.query(`
    insert into teleport_audit_events (tenant_id, source_id, dedup_key, event_time, time_from_received_at, received_at, uid, event_type, raw, parse_warnings)
    values ($1, $2, 'restore-1', now(), false, now(), 'restore-1', 'resize', '{}'::jsonb, '{}')`, [t.tenant.tenantId, sourceId]);
  assert.deepEqual(await takeQueued(), ['restore-1']);
});
