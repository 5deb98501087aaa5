import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRetention, type EventPartition } from '../src/retention/retention-plan.js';

const month = (key: string): EventPartition => {
  const from = new Date(`${key}-01T00:00:00Z`);
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  return { name: `teleport_audit_events_${key.replace('-', '')}`, from, to };
};
const now = new Date('2026-06-15T10:30:00Z');
const partitions = ['2025-04', '2025-05', '2025-06', '2025-07', '2026-05', '2026-06'].map(month).reverse();
const defaults = { rejectRetentionDays: 30, objectRecordRetentionDays: 90 };

test('a partition is dropped only once the longest retention of any tenant has passed its upper bound', () => {
  const plan = planRetention({ now, partitions, ...defaults, tenants: [{ tenantId: 'a', retentionDays: 30 }, { tenantId: 'b', retentionDays: 365 }] });
  // now − 365 days is 2025-06-15: May 2025 (up to 06-01) is wholly past it, June 2025 is not.
  assert.deepEqual(plan.dropBefore, new Date('2025-06-15T10:00:00Z'));
  assert.deepEqual(plan.partitionsToDrop.map((p) => p.name), ['teleport_audit_events_202504', 'teleport_audit_events_202505']);
});

test('with only short retentions the partitions before them go, oldest first', () => {
  const plan = planRetention({ now, partitions, ...defaults, tenants: [{ tenantId: 'a', retentionDays: 30 }] });
  assert.deepEqual(plan.partitionsToDrop.map((p) => p.name), [
    'teleport_audit_events_202504', 'teleport_audit_events_202505', 'teleport_audit_events_202506', 'teleport_audit_events_202507',
  ]);
});

test('an upper bound exactly at the cut-off is droppable: the range excludes it', () => {
  const plan = planRetention({ now: new Date('2025-07-01T00:00:00Z'), partitions, ...defaults, tenants: [{ tenantId: 'a', retentionDays: 30 }] });
  assert.deepEqual(plan.dropBefore, new Date('2025-06-01T00:00:00Z'));
  assert.deepEqual(plan.partitionsToDrop.map((p) => p.name), ['teleport_audit_events_202504', 'teleport_audit_events_202505']);
});

test('without tenants nothing is dropped and nothing is deleted', () => {
  const plan = planRetention({ now, partitions, ...defaults, tenants: [] });
  assert.deepEqual(plan, { dropBefore: null, partitionsToDrop: [], tenants: [] });
});

test('every tenant gets its own cut-off on a whole UTC hour, shortest retention first', () => {
  const plan = planRetention({ now, partitions, ...defaults, tenants: [{ tenantId: 'b', retentionDays: 365 }, { tenantId: 'a', retentionDays: 7 }] });
  assert.deepEqual(plan.tenants, [
    { tenantId: 'a', eventsBefore: new Date('2026-06-08T10:00:00Z'), rejectsBefore: new Date('2026-06-08T10:00:00Z'), objectsBefore: new Date('2026-03-17T10:00:00Z') },
    { tenantId: 'b', eventsBefore: new Date('2025-06-15T10:00:00Z'), rejectsBefore: new Date('2026-05-16T10:00:00Z'), objectsBefore: new Date('2026-03-17T10:00:00Z') },
  ]);
});

test('quarantine is kept the shorter of its own retention and the tenant\'s; object records by their own only', () => {
  const plan = planRetention({ now, partitions: [], rejectRetentionDays: 60, objectRecordRetentionDays: 10, tenants: [{ tenantId: 'a', retentionDays: 45 }, { tenantId: 'b', retentionDays: 90 }] });
  const days = (d: Date) => Math.round((now.getTime() - d.getTime()) / 86_400_000);
  assert.deepEqual(plan.tenants.map((t) => [t.tenantId, days(t.rejectsBefore), days(t.objectsBefore)]), [['a', 45, 10], ['b', 60, 10]]);
});
