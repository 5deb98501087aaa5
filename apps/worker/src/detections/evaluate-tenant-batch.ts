import {
  batchCandidates, checkRuleObject, compileRule, decideAlert, evaluateBatch, groupKeysToLoad, joinKeysToLoad, newValueLearnUntil, reviveRuleState, stateId,
  uuidv7, type BatchRule, type CompiledRule, type EvaluationInput, type Firing, type MicroTime, type StateStore,
} from '@tai/core';
import { ALERT_EVENT_LINKS, type AlertCreate, type DetectionRuleRow, type EvaluationUnit, type LatestAlert } from '@tai/db';

export type BatchOutcome = { read: number; firings: number; alertsCreated: number; alertsUpdated: number; deliveries: number; skippedRules: string[]; severities: { created: string[]; deduplicated: string[] } };

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
 * Evaluates one batch of a tenant's committed events inside the transaction that dequeues them: reads back
 * the events the enabled rules can act on, loads the per-key state they touch, runs every enabled rule,
 * saves the state, and turns firings into alerts (new, or joined to the open one of the same key inside the
 * rule's dedup window) with their outbox rows.
 */
export async function evaluateTenantBatch({ tenantId, unit, compile, now }: { tenantId: string; unit: EvaluationUnit; compile: ReturnType<typeof createRuleCompiler>; now: Date }): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { read: 0, firings: 0, alertsCreated: 0, alertsUpdated: 0, deliveries: 0, skippedRules: [], severities: { created: [], deduplicated: [] } };
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
  // Only the events some rule's query can match come back; the rest cannot change a firing or a state.
  const events = await unit.queuedEvents(batchCandidates(rules.map((r) => r.compiled)));
  outcome.read = events.length;
  if (events.length === 0) return outcome;

  const inputs: EvaluationInput[] = events.map((e) => ({ ref: e.id, event: e.event }));
  const store: StateStore = new Map();
  for (const loaded of await unit.loadStates(joinKeysToLoad(rules, inputs))) store.set(stateId(loaded), revive(loaded.state));
  for (const loaded of await unit.loadStates(groupKeysToLoad(rules, inputs, store))) store.set(stateId(loaded), revive(loaded.state));
  const { firings, changed } = evaluateBatch({ rules, inputs, store });
  await unit.saveStates(changed);
  outcome.firings = firings.length;
  if (firings.length === 0) return outcome;

  const latest = await unit.latestAlerts([...new Set(firings.map((f) => f.alertKey))]);
  // Decided in memory, in firing order, then written in bulk: a firing may join an alert made earlier in the batch.
  const creates = new Map<string, AlertCreate & { id: string }>();
  const updates = new Map<string, { id: string; firstSeen: MicroTime; lastSeen: MicroTime; count: number }>();
  const links: Array<{ alertId: string; id: string; time: MicroTime }> = [];
  const linkRoom = new Map<string, number>();
  const link = (alertId: string, firing: Firing, roomIfNew: number) => {
    let room = linkRoom.get(alertId) ?? roomIfNew;
    for (let i = 0; i < firing.eventRefs.length && room > 0; i++, room--) links.push({ alertId, id: firing.eventRefs[i]!, time: firing.eventTimes[i]! });
    linkRoom.set(alertId, room);
  };
  for (const firing of firings) {
    const { row, compiled } = byId.get(firing.ruleId)!;
    const existing = latest.get(firing.alertKey) ?? null;
    const decision = decideAlert({ existing, firing, dedupWindowSeconds: compiled.rule.dedupWindowSeconds });
    if (decision.action === 'update' && existing) {
      const widened = { firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count };
      const created = creates.get(existing.id);
      if (created) Object.assign(created, widened);
      else updates.set(existing.id, { id: existing.id, ...widened });
      // Links stay within ALERT_EVENT_LINKS; an alert's count bounds how many it has already.
      link(existing.id, firing, ALERT_EVENT_LINKS - existing.count);
      latest.set(firing.alertKey, { ...existing, ...widened });
      outcome.alertsUpdated++;
      outcome.severities.deduplicated.push(firing.severity);
      continue;
    }
    const id = uuidv7(now.getTime());
    creates.set(id, {
      id, kind: 'detection', ruleId: firing.ruleId, ruleVersion: row.version, title: titleOf(compiled, firing), severity: firing.severity,
      alertKey: firing.alertKey, groupKey: firing.groupKey, groupValues: { ...firing.group, ...(firing.newValue ? { newValue: firing.newValue } : {}) },
      firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count, events: [],
    });
    link(id, firing, ALERT_EVENT_LINKS);
    latest.set(firing.alertKey, { id, alertKey: firing.alertKey, firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count, status: 'open' } satisfies LatestAlert);
    outcome.alertsCreated++;
    outcome.severities.created.push(firing.severity);
  }
  outcome.deliveries = await unit.writeAlerts({ creates: [...creates.values()], updates: [...updates.values()], links });
  return outcome;
}

/** The rule's title, with the group's values, which is what tells two alerts of one rule apart in a list. */
function titleOf(compiled: CompiledRule, firing: Firing): string {
  const values = Object.values(firing.group).filter((v) => v !== null && v !== '').map((v) => (Array.isArray(v) ? v.join(',') : String(v)));
  return values.length > 0 ? `${compiled.rule.title}: ${values.join(' · ')}`.slice(0, 300) : compiled.rule.title;
}

export const lagSeconds = (enqueuedAt: Date[], now: Date): number[] => enqueuedAt.map((at) => Math.max(0, (now.getTime() - at.getTime()) / 1000));
