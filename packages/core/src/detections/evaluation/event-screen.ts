import type { NormalizedEvent } from '../../events/normalized-event.js';
import type { CompiledRule } from './compiled-rule.js';
import { ruleEventTypes } from './event-type-filter.js';

/** Whether some rule may act on the event: it matches a rule's query, or the other side of a join rule's. */
export type EventScreen = (event: NormalizedEvent) => boolean;

/**
 * The screen ingest runs on a batch before committing it, so only what some enabled rule can act on is
 * queued for evaluation. An event it refuses matches no rule's query nor any join's, so the evaluator would
 * have read it back and changed nothing: no firing, no state (batch-evaluation.ts looks at nothing else).
 * Each rule is tried only on the event types its queries name (event-type-filter.ts).
 */
type Test = (event: NormalizedEvent) => boolean;
const NONE: readonly Test[] = [];

export function eventScreen(rules: readonly CompiledRule[]): EventScreen {
  const byType = new Map<string, Test[]>();
  const anyType: Test[] = [];
  for (const compiled of rules) {
    const join = compiled.join;
    const test: Test = join ? (event) => compiled.query(event) || join.query(event) : compiled.query;
    const types = ruleEventTypes(compiled);
    if (!types) {
      anyType.push(test);
      continue;
    }
    for (const type of types) byType.set(type, [...(byType.get(type) ?? NONE), test]);
  }
  return (event) => (byType.get(event.eventType) ?? NONE).some((test) => test(event)) || anyType.some((test) => test(event));
}
