import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { normalizeEvent } from '@tai/core';
import { createCompletenessMonitor } from '@tai/worker';
import { setupApp, type Caller, type TestApp } from './support/app.js';

const NOW = new Date('2026-06-15T10:30:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(NOW.getTime() + ms);

const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (obj: object, msg: string) => { throw new Error(`${msg}: ${JSON.stringify(obj)}`); }, child: () => log };

let t: TestApp;
before(async () => {
  t = await setupApp();
});
after(() => t.close());

const patchTenant = (call: Caller, payload: object) => call({ method: 'PATCH', url: '/v1/tenant/settings', payload });
const patchSource = (call: Caller, id: string, payload: object) => call({ method: 'PATCH', url: `/v1/sources/${id}`, payload });

async function newSource(call: Caller, name: string) {
  const res = await call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().source.id as string;
}

/** One event an hour for three days up to two hours before NOW: the monitor learns a one-hour rhythm. */
async function busyEveryHour(tenantId: string, sourceIds: string[]) {
  for (let h = 72; h >= 2; h--) {
    const time = at(-h * HOUR);
    const items = sourceIds.map((sourceId, i) => {
      const result = normalizeEvent({ event: 'user.login', uid: `${sourceId}-${h}-${i}`, time: time.toISOString(), user: 'alice', cluster_name: 'prod' }, { receivedAt: time });
      assert.ok(result.ok);
      return { sourceId, events: [result.event] };
    });
    await t.db.repos.auditEvents.commitBatch({ tenantId, items, receivedAt: time });
  }
}

describe('silence bounds set through the API', () => {
  test('a tenant\'s settings show no bounds of its own and the defaults they fall back to', async () => {
    const res = await t.tenant.call({ method: 'GET', url: '/v1/tenant/settings' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { retentionDays: 365, silenceFloorSeconds: null, silenceCeilingSeconds: null, silenceDefaults: { floorSeconds: 900, ceilingSeconds: 86_400 } });
  });

  test('a floor above the ceiling, in one body or against the bound already set, is refused with completeness.settings_invalid', async () => {
    const tenant = await t.newTenant('bounds-invalid');
    const both = await patchTenant(tenant.call, { silenceFloorSeconds: 7_200, silenceCeilingSeconds: 3_600 });
    assert.equal(both.statusCode, 400);
    assert.equal(both.json().error.code, 'completeness.settings_invalid');
    assert.equal(both.json().error.details.field, 'tenant.silenceFloorSeconds');

    assert.equal((await patchTenant(tenant.call, { silenceCeilingSeconds: 3_600 })).statusCode, 200);
    const later = await patchTenant(tenant.call, { silenceFloorSeconds: 7_200 });
    assert.equal(later.statusCode, 400);
    assert.equal(later.json().error.code, 'completeness.settings_invalid');

    const sourceId = await newSource(tenant.call, 'p');
    const source = await patchSource(tenant.call, sourceId, { silenceFloorSeconds: 600, silenceCeilingSeconds: 300 });
    assert.equal(source.statusCode, 400);
    assert.equal(source.json().error.code, 'completeness.settings_invalid');
    assert.equal(source.json().error.details.field, 'source.silenceFloorSeconds');
    const settings = (await tenant.call({ method: 'GET', url: '/v1/tenant/settings' })).json();
    assert.equal(settings.silenceFloorSeconds, null, 'nothing was changed');
  });

  test('bounds under a minute, over 30 days or not whole seconds are refused with request.invalid', async () => {
    const tenant = await t.newTenant('bounds-range');
    const sourceId = await newSource(tenant.call, 'p');
    for (const body of [{ silenceFloorSeconds: 59 }, { silenceCeilingSeconds: 30 * 86_400 + 1 }, { silenceFloorSeconds: 600.5 }, { silenceCeilingSeconds: -1 }]) {
      for (const res of [await patchTenant(tenant.call, body), await patchSource(tenant.call, sourceId, body)]) {
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().error.code, 'request.invalid', JSON.stringify(body));
      }
    }
  });

  test('a source\'s health says which bounds apply and where each comes from; a source\'s own bound wins over the tenant\'s', async () => {
    const tenant = await t.newTenant('bounds-health');
    const sourceId = await newSource(tenant.call, 'p');
    const health = async () => {
      const { floorSeconds, ceilingSeconds, floorFrom, ceilingFrom } = (await tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}` })).json().health.silence;
      return { health: { silence: { floorSeconds, ceilingSeconds, floorFrom, ceilingFrom } } };
    };
    assert.deepEqual((await health()).health.silence, { floorSeconds: 900, ceilingSeconds: 86_400, floorFrom: 'default', ceilingFrom: 'default' });

    const tenantRes = await patchTenant(tenant.call, { silenceFloorSeconds: 1_800, silenceCeilingSeconds: 43_200 });
    assert.equal(tenantRes.statusCode, 200);
    assert.equal(tenantRes.json().silenceFloorSeconds, 1_800);
    assert.deepEqual((await health()).health.silence, { floorSeconds: 1_800, ceilingSeconds: 43_200, floorFrom: 'tenant', ceilingFrom: 'tenant' });

    const sourceRes = await patchSource(tenant.call, sourceId, { silenceCeilingSeconds: 7_200 });
    assert.equal(sourceRes.statusCode, 200, sourceRes.body);
    assert.equal(sourceRes.json().silenceCeilingSeconds, 7_200);
    assert.equal(sourceRes.json().silenceFloorSeconds, null);
    assert.deepEqual((await health()).health.silence, { floorSeconds: 1_800, ceilingSeconds: 7_200, floorFrom: 'tenant', ceilingFrom: 'source' });

    // A source ceiling under the tenant's floor: the source's setting wins, and the floor follows it down.
    await patchSource(tenant.call, sourceId, { silenceCeilingSeconds: 600 });
    assert.deepEqual((await health()).health.silence, { floorSeconds: 600, ceilingSeconds: 600, floorFrom: 'source', ceilingFrom: 'source' });

    await patchSource(tenant.call, sourceId, { silenceCeilingSeconds: null });
    assert.equal((await health()).health.silence.ceilingFrom, 'tenant', 'null clears the source\'s own bound');

    const [entry] = (await tenant.call({ method: 'GET', url: '/v1/audit-log?limit=10' })).json().data.filter((e: { action: string }) => e.action === 'tenant.update_settings');
    assert.deepEqual(entry.details, { silenceFloorSeconds: { from: null, to: 1_800 }, silenceCeilingSeconds: { from: null, to: 43_200 } });
  });

  test('a reader may not change the bounds, of the tenant or of a source', async () => {
    const created = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'reader', role: 'reader' } });
    const reader: Caller = (opts) => t.app.inject({ ...opts, headers: { authorization: `Bearer ${created.json().secret}` } });
    const sourceId = await newSource(t.tenant.call, 'reader-target');
    assert.equal((await patchTenant(reader, { silenceFloorSeconds: 600 })).statusCode, 403);
    assert.equal((await patchSource(reader, sourceId, { silenceFloorSeconds: 600 })).statusCode, 403);
  });
});

describe('the monitor with a controlled clock', () => {
  test('a tenant-set floor delays the silent-source alert until the floor has passed; a source\'s own floor keeps it early', async () => {
    const tenant = await t.newTenant('floor-clock');
    const tenantFloor = await newSource(tenant.call, 'follows-tenant');
    const ownFloor = await newSource(tenant.call, 'own-floor');
    await busyEveryHour(tenant.tenantId, [tenantFloor, ownFloor]);
    // Learned from the hourly rhythm: silent after one hour. The tenant's floor raises that to three.
    assert.equal((await patchTenant(tenant.call, { silenceFloorSeconds: 3 * 3_600 })).statusCode, 200);
    assert.equal((await patchSource(tenant.call, ownFloor, { silenceFloorSeconds: 600 })).statusCode, 200);

    const monitor = createCompletenessMonitor({ findings: t.db.repos.sourceFindings, onTransition: () => undefined });
    const silentOpened = async (now: Date) => (await monitor.runOnce(now, log)).transitions
      .filter((f) => f.tenantId === tenant.tenantId && f.kind === 'source.silent' && f.state === 'open')
      .map((f) => ({ sourceId: f.sourceId, thresholdSeconds: f.details.thresholdSeconds }));

    // Two hours after the last event: past the learned hour, inside the tenant's three.
    assert.deepEqual(await silentOpened(NOW), [{ sourceId: ownFloor, thresholdSeconds: 3_600 }]);
    assert.deepEqual(await silentOpened(at(59 * MINUTE)), [], 'two hours 59 minutes: still inside the floor');
    assert.deepEqual(await silentOpened(at(61 * MINUTE)), [{ sourceId: tenantFloor, thresholdSeconds: 3 * 3_600 }]);
  });

  test('a floor changed between two runs applies at the next run, without waiting for the rhythm to be learned again', async () => {
    const tenant = await t.newTenant('floor-change');
    const sourceId = await newSource(tenant.call, 'p');
    await busyEveryHour(tenant.tenantId, [sourceId]);
    await patchTenant(tenant.call, { silenceFloorSeconds: 3 * 3_600 });
    const monitor = createCompletenessMonitor({ findings: t.db.repos.sourceFindings, onTransition: () => undefined });
    const silent = async (now: Date) => (await monitor.runOnce(now, log)).transitions.filter((f) => f.tenantId === tenant.tenantId && f.kind === 'source.silent').map((f) => f.state);
    assert.deepEqual(await silent(NOW), []);
    await patchTenant(tenant.call, { silenceFloorSeconds: null });
    assert.deepEqual(await silent(at(MINUTE)), ['open']);
  });
});

describe('what the monitor learned, kept in Postgres', () => {
  test('a monitor started afresh uses the usual gap another one learned, and the source\'s health shows it', async () => {
    const tenant = await t.newTenant('learned-shared');
    const sourceId = await newSource(tenant.call, 'p');
    await busyEveryHour(tenant.tenantId, [sourceId]);
    await patchTenant(tenant.call, { silenceFloorSeconds: 3 * 3_600 });
    const first = createCompletenessMonitor({ findings: t.db.repos.sourceFindings, onTransition: () => undefined });
    await first.runOnce(NOW, log);

    const silence = (await tenant.call({ method: 'GET', url: `/v1/sources/${sourceId}` })).json().health.silence;
    assert.equal(silence.learnedGapSeconds, 3_600, 'one hour, learned from the hourly rhythm');
    assert.equal(silence.learnedAt, NOW.toISOString());
    assert.equal(silence.thresholdSeconds, 3 * 3_600, 'raised to the tenant\'s floor');

    // The history it was learned from is gone: a monitor that learned again would fall back to the 24 h ceiling.
    await t.db.owner.query('delete from source_ingest_hourly where tenant_id = $1', [tenant.tenantId]);
    await patchTenant(tenant.call, { silenceFloorSeconds: null });
    const second = createCompletenessMonitor({ findings: t.db.repos.sourceFindings, onTransition: () => undefined });
    const opened = (await second.runOnce(at(10 * MINUTE), log)).transitions.filter((f) => f.tenantId === tenant.tenantId && f.kind === 'source.silent');
    assert.deepEqual(opened.map((f) => [f.state, f.details.thresholdSeconds]), [['open', 3_600]], 'the second process used the stored one-hour gap');
  });

  test('the learned state and the scan positions are one tenant\'s rows, under row-level security', async () => {
    const a = await t.newTenant('learned-a');
    const b = await t.newTenant('learned-b');
    const sourceId = await newSource(a.call, 'p');
    await busyEveryHour(a.tenantId, [sourceId]);
    const monitor = createCompletenessMonitor({ findings: t.db.repos.sourceFindings, onTransition: () => undefined });
    await monitor.runOnce(NOW, log);
    const { rows } = await t.db.owner.query('select learned_at, event_types_scanned_at from completeness_state where tenant_id = $1', [a.tenantId]);
    assert.deepEqual(rows, [{ learned_at: NOW, event_types_scanned_at: NOW }]);
    const seen = await t.db.client.withTenant(b.tenantId, async (tx) => (await tx.execute(`select (select count(*) from completeness_state where tenant_id = '${a.tenantId}')::int
      + (select count(*) from completeness_source_baselines where tenant_id = '${a.tenantId}')::int as n`)).rows[0]);
    assert.deepEqual(seen, { n: 0 });
    assert.equal((await t.db.repos.sourceFindings.learnedState({ tenantId: b.tenantId })).baselines.length, 0);
    assert.equal((await t.db.repos.sourceFindings.learnedState({ tenantId: a.tenantId })).baselines.length, 1);
  });
});
