/** What free text can find in one event, at most: a huge db_query is still in raw, just not all searchable. */
export const SEARCH_TEXT_MAX_CHARS = 8_192;

/**
 * The event's free-text document: every string value, nested ones included, lower-cased, one per line, so
 * that a search term is a substring match ("curl" finds "/usr/bin/curl") and never spans two values. `time`
 * is left out: a timestamp is searched by range, and its digits would only make noise. The search scans this
 * column (LIKE within the time range and other conditions) instead of an index, which costs ingest nothing.
 */
export function searchTextOf(raw: Record<string, unknown>): string | null {
  const parts: string[] = [];
  let length = 0;
  const stack: unknown[] = Object.entries(raw).filter(([key]) => key !== 'time').map(([, value]) => value).reverse();
  while (stack.length > 0 && length < SEARCH_TEXT_MAX_CHARS) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value === '') continue;
      parts.push(value);
      length += value.length + 1;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value !== null && typeof value === 'object') {
      stack.push(...Object.values(value).reverse());
    }
  }
  if (parts.length === 0) return null;
  return parts.join('\n').toLowerCase().slice(0, SEARCH_TEXT_MAX_CHARS);
}
