import {
  compileRule, decideAlert, emptyRuleState, formatEventId, microTimeToDate, newValueLearnUntil, ruleCandidates, runRule,
  type ExistingAlert, type Firing, type MicroTime, type Rule, type TimeRange,
} from '@tai/core';
import type { DetectionBacktestRepository } from '@tai/db';

/** Events a backtest evaluates at most: about a minute of work; a wider range is cut off and says so. */
export const BACKTEST_MAX_EVENTS = 200_000;

const presentFiring = (firing: Firing, times: Map<string, MicroTime>) => ({
  alertKey: firing.alertKey, groupKey: firing.groupKey, group: firing.group, firstSeen: firing.firstTime, lastSeen: firing.lastTime, count: firing.count,
  eventIds: firing.eventRefs.flatMap((ref) => {
    const time = times.get(ref);
    return time ? [formatEventId({ eventTime: microTimeToDate(time), id: Number(ref) })] : [];
  }),
  ...(firing.newValue ? { newValue: firing.newValue } : {}),
});

/**
 * A rule run over stored events of a past range, as the worker would have run it on their arrival:
 * prefiltered in SQL by its queries, in arrival order, from empty state (a new_value rule learns over the
 * range's first learnDays). Returns the first `limit` firings and how many alerts dedup would have made.
 */
export async function backtestRule(
  { scan }: { scan: DetectionBacktestRepository['scan'] },
  { tenantId, rule, range, limit, maxEvents = BACKTEST_MAX_EVENTS }: { tenantId: string; rule: Rule; range: TimeRange; limit: number; maxEvents?: number },
) {
  const compiled = compileRule(rule);
  const learnUntil = range.from ? newValueLearnUntil(compiled, microTimeToDate(range.from)) : null;
  let state = emptyRuleState({ learnUntil });
  // A threshold firing names earlier events of the run, so every event's time is kept for its public id.
  const times = new Map<string, MicroTime>();
  const latest = new Map<string, ExistingAlert>();
  const firings: ReturnType<typeof presentFiring>[] = [];
  let totalFirings = 0;
  let alerts = 0;
  let events = 0;
  let truncated = false;
  for await (const page of scan({ tenantId, condition: ruleCandidates(compiled), range, maxEvents })) {
    const take = page.slice(0, maxEvents - events);
    truncated = take.length < page.length;
    for (const e of take) times.set(e.id, e.event.eventTime);
    const run = runRule(compiled, take.map((e) => ({ ref: e.id, event: e.event })), { state });
    state = run.state;
    events += take.length;
    for (const firing of run.firings) {
      totalFirings++;
      if (firings.length < limit) firings.push(presentFiring(firing, times));
      const decision = decideAlert({ existing: latest.get(firing.alertKey) ?? null, firing, dedupWindowSeconds: rule.dedupWindowSeconds });
      if (decision.action === 'create') alerts++;
      latest.set(firing.alertKey, { firstSeen: decision.firstSeen, lastSeen: decision.lastSeen, count: decision.count, status: 'open' });
    }
    if (truncated) break;
  }
  return { range, events, truncated, firings, totalFirings, alerts };
}
