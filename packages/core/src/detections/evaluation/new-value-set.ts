/** One group of a new_value rule: the value tuples seen, least recently seen first. */
export type NewValueGroupState = { seen: string[] };

export const MAX_VALUES_PER_GROUP = 1_000;

/**
 * One tuple of a new_value rule's group. New when the group has not seen it; it fires unless the rule
 * is still learning (then it is only recorded). Bounded: past `maxValues` the least recently seen tuple
 * is forgotten, and would count as new if it came back.
 */
export function stepNewValue(state: NewValueGroupState | null, tuple: string, { learning, maxValues = MAX_VALUES_PER_GROUP }: { learning: boolean; maxValues?: number }): { state: NewValueGroupState; isNew: boolean; fires: boolean } {
  const seen = (state?.seen ?? []).filter((t) => t !== tuple);
  const isNew = seen.length === (state?.seen.length ?? 0);
  seen.push(tuple);
  if (seen.length > maxValues) seen.splice(0, seen.length - maxValues);
  return { state: { seen }, isNew, fires: isNew && !learning };
}
