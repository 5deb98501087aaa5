import {
  checkRuleObject, compileRule, decideAlert, evaluateBatch, groupKeysToLoad, joinKeysToLoad, newValueLearnUntil, reviveRuleState, stateId,
  type BatchRule, type CompiledRule, type EvaluationInput, type Firing, type MicroTime, type StateStore,
} from '@tai/core';
import type { DetectionRuleRow, EvaluationUnit, LatestAlert, StoredEvent } from '@tai/db';

export type BatchOutcome = { events: number; firings: number; alertsCreated: number; alertsUpdated: number; deliveries: number; skippedRules: string[]; severities: { created: string[]; deduplicated: string[] } };

/**
 * Rules compile once per version. A stored rule that no longer validates (an older release's, edited by
 * hand) is skipped and named in the outcome, never allowed to stop the other rules.
 */
export function createRuleCompiler() {
  const cache = new Map<string, CompiledRule | null>();
  return (tenantId: string, row: DetectionRuleRow): CompiledRule | null => {
    const id = `${tenantId}|${row.ruleId}|${row.version}`;
    if (!cache.has(id)) {
      if (cache.size > 10_000) cache.clear();
      const checked = checkRuleObject(row.definition);
      cache.set(id, checked.ok ? compileRule(checked.rule) : null);
    }
    return cache.get(id)!;
  };
}

/** Stored state is JSON from jsonb; the waiting join events' receivedAt must be Dates again. */
const revive = (state: unknown): unknown => JSON.parse(JSON.stringify(state), reviveRuleState);

/**
 * Evaluates one batch of a tenant's committed events inside the transaction that dequeues them: loads the
 * per-key state the events touch, runs every enabled rule, saves the state, and turns firings into alerts
 * (new, or joined to the open one of the same key inside the rule's dedup window) with their outbox rows.
 */
export async function evaluateTenantBatch({ tenantId, events, unit, compile }: { tenantId: string; events: StoredEvent[]; unit: EvaluationUnit; compile: ReturnType<typeof createRuleCompiler> }): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { events: events.length, firings: 0, alertsCreated: 0, alertsUpdated: 0, deliveries: 0, skippedRules: [], severities: { created: [], deduplicated: [] } };
  if (events.length === 0) return outcome;
  const rows = await unit.enabledRules();
  const rules: BatchRule[] = [];
  const byId = new Map<string, { row: DetectionRuleRow; compiled: CompiledRule }>();
  for (const row of rows) {
    const compiled = compile(tenantId, row);
    if (!compiled) {
      outcome.skippedRules.push(row.ruleId);
      continue;
    }
    rules.push({ compiled, learnUntil: row.enabledAt ? newValueLearnUntil(compiled, row.enabledAt) : null });
    byId.set(row.ruleId, { row, compiled });
  }
  if (rules.length === 0) return outcome;

  const inputs: EvaluationInput[] = events.map((e) => ({ ref: e.id, event: e.event }));
  const store: StateStore = new Map();
  for (const loaded of await unit.loadStates(joinKeysToLoad(rules, inputs))) store.set(stateId(loaded), revive(loaded.state));
  for (const loaded of await unit.loadStates(groupKeysToLoad(rules, inputs, store))) store.set(stateId(loaded), revive(loaded.state));
  const { firings, changed } = evaluateBatch({ rules, inputs, store });
  await unit.saveStates(changed);
  outcome.firings = firings.length;
  if (firings.length === 0) return outcome;

  const times = new Map(events.map((e) => [e.id, e.event.eventTime]));
  const latest = await unit.latestAlerts([...new Set(firings.map((f) => f.alertKey))]);
  for (const firing of firings) {
    const { row, compiled } = byId.get(firing.ruleId)!;
    const linked = await eventLinks(unit, firing, times);
    const existing = latest.get(firing.alertKey) ?? null;
    const decision = decideAlert({ existing, firing, dedupWindowSeconds: compiled.rule.dedupWindowSeconds });
    if (decision.action === 'update' && existing) {
      await unit.updateAlert({ id: existing.id, firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count, events: linked });
      latest.set(firing.alertKey, { ...existing, firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count });
      outcome.alertsUpdated++;
      outcome.severities.deduplicated.push(firing.severity);
      continue;
    }
    const created = await unit.createAlert({
      kind: 'detection', ruleId: firing.ruleId, ruleVersion: row.version, title: titleOf(compiled, firing), severity: firing.severity,
      alertKey: firing.alertKey, groupKey: firing.groupKey, groupValues: { ...firing.group, ...(firing.newValue ? { newValue: firing.newValue } : {}) },
      firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count, events: linked,
    });
    latest.set(firing.alertKey, { id: created.id, alertKey: firing.alertKey, firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count, status: 'open' } satisfies LatestAlert);
    outcome.alertsCreated++;
    outcome.severities.created.push(firing.severity);
    outcome.deliveries += created.deliveries;
  }
  return outcome;
}

/** The rule's title, with the group's values, which is what tells two alerts of one rule apart in a list. */
function titleOf(compiled: CompiledRule, firing: Firing): string {
  const values = Object.values(firing.group).filter((v) => v !== null && v !== '').map((v) => (Array.isArray(v) ? v.join(',') : String(v)));
  return values.length > 0 ? `${compiled.rule.title}: ${values.join(' · ')}`.slice(0, 300) : compiled.rule.title;
}

async function eventLinks(unit: EvaluationUnit, firing: Firing, times: Map<string, MicroTime>): Promise<Array<{ id: string; time: MicroTime }>> {
  const missing = firing.eventRefs.filter((ref) => !times.has(ref));
  if (missing.length > 0) {
    for (const [id, time] of await unit.eventTimes(missing, { from: firing.firstTime, to: firing.lastTime })) times.set(id, time);
  }
  return firing.eventRefs.flatMap((ref) => (times.has(ref) ? [{ id: ref, time: times.get(ref)! }] : []));
}

export const lagSeconds = (enqueuedAt: Date[], now: Date): number[] => enqueuedAt.map((at) => Math.max(0, (now.getTime() - at.getTime()) / 1000));
