/** A backfill lists at most this many daily folders: a year, leap day included. Longer ranges are split by the caller. */
export const BACKFILL_MAX_DAYS = 366;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type BackfillScope = { from: string | null; to: string | null; prefix: string | null };
export type BackfillScopeResult = { scope: BackfillScope } | { error: string; field: 'from' | 'to' | 'prefix' };

/** Midnight UTC of a YYYY-MM-DD calendar date; null for anything else, including 2024-02-30. */
export function parseIsoDate(text: string): Date | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

const folderOf = (sourcePrefix: string | null): string => {
  const folder = (sourcePrefix ?? '').replace(/^\/+|\/+$/g, '');
  return folder === '' ? '' : `${folder}/`;
};

/**
 * Checks a backfill request against its source: a date range (both ends, at most BACKFILL_MAX_DAYS), or
 * a prefix inside the source's prefix, or neither (the whole source prefix). Prefixes outside the source's
 * would only list keys the object filter then skips, so they are refused rather than silently useless.
 */
export function checkBackfillScope({ sourcePrefix, from, to, prefix }: { sourcePrefix: string | null; from?: string | undefined; to?: string | undefined; prefix?: string | undefined }): BackfillScopeResult {
  if (prefix !== undefined && (from !== undefined || to !== undefined)) {
    return { error: 'Give a date range (from, to) or a prefix, not both', field: 'prefix' };
  }
  if (from !== undefined || to !== undefined) {
    if (from === undefined) return { error: 'from is missing: a date range needs both from and to (they may be equal)', field: 'from' };
    if (to === undefined) return { error: 'to is missing: a date range needs both from and to (they may be equal)', field: 'to' };
    const start = parseIsoDate(from);
    if (!start) return { error: `from: "${from}" is not a calendar date (YYYY-MM-DD)`, field: 'from' };
    const end = parseIsoDate(to);
    if (!end) return { error: `to: "${to}" is not a calendar date (YYYY-MM-DD)`, field: 'to' };
    if (end < start) return { error: `to (${to}) is before from (${from})`, field: 'to' };
    const days = (end.getTime() - start.getTime()) / DAY_MS + 1;
    if (days > BACKFILL_MAX_DAYS) return { error: `The range covers ${days} days; one backfill covers at most ${BACKFILL_MAX_DAYS}`, field: 'to' };
    return { scope: { from, to, prefix: null } };
  }
  if (prefix !== undefined) {
    const folder = folderOf(sourcePrefix);
    const trimmed = prefix.replace(/^\/+/, '');
    if (trimmed === '') return { error: 'prefix is empty; omit it to backfill the whole source prefix', field: 'prefix' };
    // The folder itself, with or without its slash, means the folder: never its siblings such as "events-old/".
    const normalized = `${trimmed}/` === folder ? folder : trimmed;
    if (!normalized.startsWith(folder)) return { error: `prefix must lie under the source's prefix "${folder}"`, field: 'prefix' };
    return { scope: { from: null, to: null, prefix: normalized } };
  }
  return { scope: { from: null, to: null, prefix: null } };
}

/**
 * The key prefixes a backfill lists, in order: one EAS daily folder `<prefix>/<YYYY-MM-DD>/` per date of
 * the range (Teleport files events under their UTC date, §2.1), the given prefix, or the source's folder
 * ('' is the whole bucket).
 */
export function backfillPrefixes({ sourcePrefix, scope }: { sourcePrefix: string | null; scope: BackfillScope }): string[] {
  const folder = folderOf(sourcePrefix);
  if (scope.from !== null && scope.to !== null) {
    const start = parseIsoDate(scope.from);
    const end = parseIsoDate(scope.to);
    if (!start || !end) return [];
    const prefixes: string[] = [];
    for (let t = start.getTime(); t <= end.getTime() && prefixes.length < BACKFILL_MAX_DAYS; t += DAY_MS) {
      prefixes.push(`${folder}${new Date(t).toISOString().slice(0, 10)}/`);
    }
    return prefixes;
  }
  return [scope.prefix ?? folder];
}
