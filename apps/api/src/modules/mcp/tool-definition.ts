import type { z } from 'zod';
import type { RestClient } from './rest-client.js';

export type ToolContext = {
  rest: RestClient;
  /** aborted when the call's time budget runs out */
  signal: AbortSignal;
  /** JSON characters the answer may take */
  budget: number;
};

/** A tool that changes something: offered only to admin keys on a connection that allowed changes, and marked so. */
export type ChangeKind = { destructive: boolean; idempotent: boolean };

export type ToolDefinition = {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  /** null for a read-only tool */
  changes: ChangeKind | null;
  run: (args: unknown, ctx: ToolContext) => Promise<Record<string, unknown>>;
};

/** A tool with its arguments typed from its schema; the runner parses them before run sees them. */
export function defineTool<S extends z.ZodObject>(def: {
  name: string; title: string; description: string; input: S; changes?: ChangeKind;
  run: (args: z.infer<S>, ctx: ToolContext) => Promise<Record<string, unknown>>;
}): ToolDefinition {
  return { ...def, changes: def.changes ?? null, run: (args, ctx) => def.run(args as z.infer<S>, ctx) };
}

/** What the client is told about a tool's effects (MCP tool annotations). */
export function annotationsOf(tool: ToolDefinition) {
  return tool.changes
    ? { title: tool.title, readOnlyHint: false, destructiveHint: tool.changes.destructive, idempotentHint: tool.changes.idempotent, openWorldHint: false }
    : { title: tool.title, readOnlyHint: true, openWorldHint: false };
}
