import type { Row } from './compact.js';
import { fitLists } from './output-budget.js';
import { ok } from './tool-error.js';
import { decodeCursor, encodeCursor, type ToolCursor } from './tool-cursor.js';
import type { ToolContext } from './tool-definition.js';

type Args = ToolCursor['args'];

export type RestPage = { items: Row[]; nextCursor: string | null; body: Row };

/**
 * One page of a REST list (`{ data, nextCursor }`) as a tool gives it: the rows summarized and held to the budget.
 * A page given whole continues with the REST cursor. A page cut after k rows asks the REST API once more for just
 * those rows, so its nextCursor stands right after the last row given: the next page goes on from there even when
 * new rows arrived at the top meanwhile (an alert raised, an event stored), with no row repeated or skipped. Only
 * when that answer is not the same rows (they changed in between) does it fall back to re-reading the page and
 * skipping the rows given, with the first page's arguments pinned (`pin`: the resolved time range).
 */
export async function restPage({ tool, ctx, path, args, cursor, limit, maxRestLimit, budget, summarize, pin = (a) => a }: {
  tool: string; ctx: ToolContext; path: string; args: Args; cursor: string | undefined; limit: number; maxRestLimit: number; budget: number;
  summarize: (row: Row) => Row;
  pin?: (args: Args, body: Row) => Args;
}): Promise<RestPage> {
  const state = cursor ? decodeCursor(cursor, tool) : { tool, rest: null, skip: 0, args };
  const skip = typeof state.skip === 'number' ? state.skip : 0;
  const read = (rows: number) => ctx.rest.get(path, { ...state.args, limit: rows, ...(state.rest ? { cursor: state.rest } : {}) }, ctx.signal).then((res) => ok<Row>(res));
  const body = await read(Math.min(maxRestLimit, skip + limit));
  const data = Array.isArray(body.data) ? body.data as Row[] : [];
  const rows = data.slice(skip, skip + limit).map(summarize);
  const fitted = fitLists([{ name: 'items', items: rows, offset: 0 }], budget);
  const items = fitted.kept.items as Row[];
  const restNext = typeof body.nextCursor === 'string' ? body.nextCursor : null;
  let next: ToolCursor | null = null;
  if (items.length < data.length - skip) {
    const given = skip + items.length;
    const again = await read(given);
    const same = Array.isArray(again.data) && again.data.length === given && JSON.stringify(again.data[given - 1]) === JSON.stringify(data[given - 1]);
    next = same && typeof again.nextCursor === 'string'
      ? { tool, rest: again.nextCursor, skip: 0, args: state.args }
      : { tool, rest: state.rest, skip: given, args: state.rest === null ? pin(state.args, body) : state.args };
  } else if (restNext) {
    next = { tool, rest: restNext, skip: 0, args: state.args };
  }
  return { items, nextCursor: next ? encodeCursor(next) : null, body };
}

/** Pins a relative time range to the one the API resolved (its `range`), for a first page that was cut. */
export function pinRange(args: Args, body: Row): Args {
  const range = body.range as { from?: string | null; to?: string | null } | undefined;
  return { ...args, ...(range?.from ? { from: range.from } : {}), ...(range?.to ? { to: range.to } : {}) };
}
