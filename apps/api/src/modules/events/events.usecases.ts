import { encodeSearchCursor, errors, formatEventId, microTimeToDate, parseEventId } from '@tai/core';
import { ALL_EVENT_FIELDS, type FoundEvent, type Repositories } from '@tai/db';
import { planSearch, type SearchInput } from './search-plan.js';

export const DEFAULT_PAGE_SIZE = 100;

const presentEvent = (found: FoundEvent) => ({ id: formatEventId({ eventTime: microTimeToDate(found.time), id: found.rowId }), time: found.time, ...found.fields });

/** A statement cut off by the search timeout means the query, not the service, is at fault. */
export async function withSearchTimeout<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: unknown }).code === '57014') throw errors.searchTooSlow();
    throw err;
  }
}

/** One page of events matching a query, in time order, with a keyset cursor bound to the query. */
export async function searchEvents(eventSearch: Repositories['eventSearch'], { tenantId, input, now }: { tenantId: string; input: SearchInput; now: Date }) {
  const plan = planSearch(input, now);
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await withSearchTimeout(() => eventSearch.search({
    tenantId, condition: plan.condition, range: plan.range, order: plan.order, fields: plan.fields, limit: limit + 1,
    after: plan.after && { time: plan.after.time, rowId: plan.after.rowId },
  }));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(presentEvent),
    nextCursor: rows.length > limit && last ? encodeSearchCursor({ time: last.time, rowId: last.rowId, range: plan.range }, plan.fingerprint) : null,
    range: plan.range,
  };
}

/** One event with every normalized field and the raw event as received. */
export async function getEvent(eventSearch: Repositories['eventSearch'], { tenantId, id }: { tenantId: string; id: string }) {
  const ref = parseEventId(id);
  if (!ref) throw errors.eventNotFound();
  const found = await eventSearch.get({ tenantId, rowId: ref.id, timeMs: ref.eventTime.getTime(), fields: [...ALL_EVENT_FIELDS, 'raw'] });
  if (!found) throw errors.eventNotFound();
  const { raw, ...fields } = found.fields;
  return { event: presentEvent({ ...found, fields }), fields, raw: raw as Record<string, unknown> };
}

/** An event read with every field and raw (ALL_EVENT_FIELDS + raw) as GET /v1/events/{id} shows it, for other views that embed events. */
export function presentEventDetail(found: FoundEvent) {
  const { raw, ...fields } = found.fields;
  return { event: presentEvent({ ...found, fields }), fields, raw: raw as Record<string, unknown> };
}
