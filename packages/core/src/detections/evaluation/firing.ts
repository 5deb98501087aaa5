import type { MicroTime } from '../../time/micro-time.js';
import type { FieldValue } from '../rules/field-refs.js';
import type { Severity } from '../rules/rule-schema.js';

/**
 * What a rule raises: one matching event (match), the `count` events that filled a window (threshold),
 * or the event that brought a new value (new_value). `alertKey` (rule id and group key) is what alerts
 * deduplicate on (alert-dedup.ts); `eventRefs` are the callers' ids of the events, for linking them, and
 * `eventTimes` their event times in the same order (a link names its event by both, and a threshold's
 * earlier matches are not in the batch that fires it).
 */
export type Firing = {
  ruleId: string;
  ruleVersion: number;
  severity: Severity;
  alertKey: string;
  groupKey: string;
  group: Record<string, FieldValue>;
  firstTime: MicroTime;
  lastTime: MicroTime;
  count: number;
  eventRefs: string[];
  eventTimes: MicroTime[];
  /** new_value: the tuple that was new, by field */
  newValue?: Record<string, FieldValue>;
};

export const alertKeyOf = (ruleId: string, groupKey: string): string => `${ruleId}|${groupKey}`;
