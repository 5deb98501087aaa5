/**
 * Size bounds for what a tool returns. An assistant reads every character of a result, so a result is held to a
 * budget of JSON characters: lists are cut where the budget runs out (the tool hands back a cursor that goes on
 * from there), and a single value too big for it has its long strings clipped.
 */
export const DEFAULT_RESULT_CHARS = 24_000;
/** A string longer than this inside a kept item is clipped when the item alone would not fit. */
const CLIP_STRING_CHARS = 500;
const MIN_CLIP_CHARS = 40;

export const jsonLength = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

/** Every string longer than maxChars cut to it, with how much was cut, at any depth. */
export function clipStrings(value: unknown, maxChars: number): unknown {
  if (typeof value === 'string') return value.length > maxChars ? `${value.slice(0, maxChars)}… [${value.length - maxChars} more characters]` : value;
  if (Array.isArray(value)) return value.map((item) => clipStrings(item, maxChars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipStrings(v, maxChars)]));
  return value;
}

/** One value within budget: as it is, else with ever shorter strings, else its JSON cut short (marked so). */
export function fitValue(value: unknown, budget: number): { value: unknown; clipped: boolean } {
  if (jsonLength(value) <= budget) return { value, clipped: false };
  for (let max = CLIP_STRING_CHARS; max >= MIN_CLIP_CHARS; max = Math.floor(max / 2)) {
    const clipped = clipStrings(value, max);
    if (jsonLength(clipped) <= budget) return { value: clipped, clipped: true };
  }
  const text = JSON.stringify(value) ?? '';
  return { value: { truncatedJson: `${text.slice(0, Math.max(0, budget - 60))}…`, totalChars: text.length }, clipped: true };
}

export type ListSlice = { name: string; items: readonly unknown[]; offset: number };
export type FittedLists = {
  /** the kept items of each list */
  kept: Record<string, unknown[]>;
  /** where each list goes on from, or null when every list was given to its end */
  next: Record<string, number> | null;
  used: number;
};

/**
 * Several lists sharing one budget, in order, each from its own offset. Items are kept until the next one does
 * not fit; the lists after it keep nothing this time. At least one item is always kept (clipped if it alone is
 * too big), so a cursor over the result always moves on.
 */
export function fitLists(lists: readonly ListSlice[], budget: number): FittedLists {
  const kept: Record<string, unknown[]> = {};
  const next: Record<string, number> = {};
  let used = 0;
  let full = false;
  let any = false;
  for (const list of lists) {
    kept[list.name] = [];
    let at = list.offset;
    while (!full && at < list.items.length) {
      const item = list.items[at];
      const size = jsonLength(item) + 1;
      if (used + size <= budget) {
        kept[list.name]!.push(item);
        used += size;
        any = true;
        at += 1;
      } else if (!any) {
        const { value } = fitValue(item, Math.max(budget - used, 200));
        kept[list.name]!.push(value);
        used += jsonLength(value) + 1;
        any = true;
        at += 1;
        full = true;
      } else {
        full = true;
      }
    }
    next[list.name] = at;
  }
  const unfinished = lists.some((list) => next[list.name]! < list.items.length);
  return { kept, next: unfinished ? next : null, used };
}

/**
 * A list that is a part of an answer (an alert's notes, a session's participants), held to its share of the
 * budget: each item's long strings clipped to clipChars, the items kept in order while they fit, and how many were
 * left out (null when none), to be said beside it.
 */
export function fitPart(items: readonly unknown[], budget: number, clipChars = 1_000): { items: unknown[]; omitted: number | null } {
  const fitted = fitLists([{ name: 'part', items: items.map((item) => clipStrings(item, clipChars)), offset: 0 }], budget);
  const kept = fitted.kept.part!;
  return { items: kept, omitted: kept.length < items.length ? items.length - kept.length : null };
}
