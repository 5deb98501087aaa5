import type { MicroTime } from '../../time/micro-time.js';
import { epochMicros, SECOND_MICROS } from '../micro-time-math.js';
import type { Firing } from './firing.js';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/** What dedup needs of the latest alert with the firing's alert key. */
export type ExistingAlert = { firstSeen: MicroTime; lastSeen: MicroTime; count: number; status: AlertStatus };

export type AlertDecision =
  | { action: 'create'; firstSeen: MicroTime; lastSeen: MicroTime; count: number }
  | { action: 'update'; firstSeen: MicroTime; lastSeen: MicroTime; count: number };

/**
 * New alert or update of the existing one. A firing joins the latest alert of its key (rule id + group
 * key) when that alert is not resolved and the two together span less than dedupWindowSeconds of event
 * time; the alert then widens to cover it (first and last seen) and counts its events. So an alert never
 * spans more than the window, a late firing inside it still joins, and a resolved alert is never reopened.
 * A window of 0 makes every firing an alert of its own.
 */
export function decideAlert({ existing, firing, dedupWindowSeconds }: { existing: ExistingAlert | null; firing: Pick<Firing, 'firstTime' | 'lastTime' | 'count'>; dedupWindowSeconds: number }): AlertDecision {
  const fresh: AlertDecision = { action: 'create', firstSeen: firing.firstTime, lastSeen: firing.lastTime, count: firing.count };
  if (!existing || existing.status === 'resolved' || dedupWindowSeconds === 0) return fresh;
  const firstSeen = existing.firstSeen < firing.firstTime ? existing.firstSeen : firing.firstTime;
  const lastSeen = existing.lastSeen > firing.lastTime ? existing.lastSeen : firing.lastTime;
  if (epochMicros(lastSeen) - epochMicros(firstSeen) >= dedupWindowSeconds * SECOND_MICROS) return fresh;
  return { action: 'update', firstSeen, lastSeen, count: existing.count + firing.count };
}
