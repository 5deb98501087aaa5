import { z } from 'zod';
import { ToolError } from './tool-error.js';

/**
 * The opaque cursor a tool hands back when its answer was cut. It carries everything needed to go on: the REST
 * cursor of the page the answer came from (null for the first page), how many rows of that page were already
 * given, and the arguments sent to the REST API, with relative times pinned when they must not drift. A cursor
 * belongs to the tool that made it.
 */
export type ToolCursor = {
  tool: string;
  rest: string | null;
  /** rows already given, of the page `rest` starts (or of the whole list, for tools that read everything at once) */
  skip: number | Record<string, number>;
  args: Record<string, string | number | boolean>;
};

const MAX_CURSOR_CHARS = 4_096;
const Encoded = z.tuple([
  z.literal(1),
  z.string().max(64),
  z.string().max(2_048).nullable(),
  z.union([z.number().int().min(0), z.record(z.string().max(32), z.number().int().min(0))]),
  z.record(z.string().max(64), z.union([z.string().max(2_048), z.number(), z.boolean()])),
]);

export function encodeCursor(cursor: ToolCursor): string {
  return Buffer.from(JSON.stringify([1, cursor.tool, cursor.rest, cursor.skip, cursor.args])).toString('base64url');
}

const invalid = (tool: string) => new ToolError('request.invalid_cursor', `The cursor is invalid or belongs to another tool; pass the nextCursor that ${tool} returned`);

export function decodeCursor(text: string, tool: string): ToolCursor {
  if (text.length > MAX_CURSOR_CHARS || !/^[\w-]+$/.test(text)) throw invalid(tool);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid(tool);
  }
  const parsed = Encoded.safeParse(raw);
  if (!parsed.success || parsed.data[1] !== tool) throw invalid(tool);
  const [, name, rest, skip, args] = parsed.data;
  return { tool: name, rest, skip, args };
}

/** Where a tool that reads its whole answer at once and cuts its lists goes on from; null on a first call. */
export type Resumed = { args: ToolCursor['args']; offsets: Record<string, number>; offset: number };

export function resumeLists(cursor: string | undefined, tool: string): Resumed | null {
  if (!cursor) return null;
  const { args, skip } = decodeCursor(cursor, tool);
  return { args, offsets: typeof skip === 'object' ? skip : {}, offset: typeof skip === 'number' ? skip : 0 };
}

/** Such a tool's cursor for the lists fitLists left unfinished (its `next`), or null when they were given whole. */
export function listsCursor(tool: string, next: Record<string, number> | number | null | undefined, args: ToolCursor['args']): string | null {
  return next === null || next === undefined ? null : encodeCursor({ tool, rest: null, skip: next, args });
}
