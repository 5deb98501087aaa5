import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { RateLimiter } from './rate-limiter.js';
import { fitValue } from './output-budget.js';
import type { RestClient } from './rest-client.js';
import { ToolError, toolErrorBody } from './tool-error.js';
import type { ToolDefinition } from './tool-definition.js';

export type RunLimits = {
  limiter: RateLimiter;
  /** whose calls the limiter counts: the API key */
  rateKey: string;
  timeBudgetMs: number;
  budget: number;
};

type Log = { error: (obj: object, msg: string) => void };

export function errorResult(err: ToolError): CallToolResult {
  const body = toolErrorBody(err);
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body };
}

function invalidArguments(tool: string, error: z.ZodError): ToolError {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(arguments)', message: i.message }));
  const first = issues[0]!;
  return new ToolError('request.invalid', `Invalid arguments for ${tool}: ${first.field}: ${first.message}`, { field: first.field, issues });
}

// Room kept for the note that says an answer was clipped.
const CLIP_NOTE_CHARS = 120;

/** The last safety net: a tool fits its own answer, but whatever it missed is clipped here, and says so. */
function withinBudget(out: Record<string, unknown>, budget: number): unknown {
  const fitted = fitValue(out, budget - CLIP_NOTE_CHARS);
  if (!fitted.clipped) return out;
  const value = fitted.value as Record<string, unknown>;
  return 'truncatedJson' in value ? value : { ...value, clipped: 'long strings were cut to fit the size bound' };
}

/**
 * One tool call: counted against the key's rate (its further REST requests too), refused past the key's calls in
 * flight, its arguments parsed, run within its time budget. Every failure is a tool result with isError and the
 * REST API's stable code, never a protocol error, so the assistant sees it.
 */
export async function runTool({ tool, name, args, rest, limits, log }: { tool: ToolDefinition | undefined; name: string; args: unknown; rest: RestClient; limits: RunLimits; log: Log }): Promise<CallToolResult> {
  if (!tool) return errorResult(new ToolError('resource.not_found', `No tool named ${name}; tools/list names the tools this key may use`));
  const taken = limits.limiter.take(limits.rateKey);
  if (!taken.ok) return errorResult(new ToolError('rate_limited', `Too many tool calls for this key; retry in ${taken.retryAfterSeconds} s`, { retryAfterSeconds: taken.retryAfterSeconds }));
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) return errorResult(invalidArguments(name, parsed.error));
  if (!limits.limiter.enter(limits.rateKey)) {
    return errorResult(new ToolError('rate_limited', 'Too many tool calls of this key are running at once; retry when one has answered', { retryAfterSeconds: 1 }));
  }
  try {
    return await runWithin({ tool, name, args: parsed.data, rest: charged(rest, limits), limits, log });
  } finally {
    limits.limiter.leave(limits.rateKey);
  }
}

/** The REST client of one call, charging the key's bucket for each request after the first (the start paid for it). */
function charged(rest: RestClient, limits: RunLimits): RestClient {
  let requests = 0;
  const count = () => {
    requests += 1;
    if (requests > 1) limits.limiter.charge(limits.rateKey, 1);
  };
  return {
    get: (path, query, signal) => { count(); return rest.get(path, query, signal); },
    post: (path, body, signal) => { count(); return rest.post(path, body, signal); },
    patch: (path, body, signal) => { count(); return rest.patch(path, body, signal); },
  };
}

async function runWithin({ tool, name, args, rest, limits, log }: { tool: ToolDefinition; name: string; args: unknown; rest: RestClient; limits: RunLimits; log: Log }): Promise<CallToolResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ToolError('search.timeout', `${name} ran past its ${Math.round(limits.timeBudgetMs / 1000)} s budget; narrow the time range or add a selective condition (user:, sid:, node:)`));
    }, limits.timeBudgetMs);
  });
  const running = tool.run(args, { rest, signal: controller.signal, budget: limits.budget });
  running.catch(() => undefined); // settled after the budget ran out: nobody waits for it any more
  try {
    const out = await Promise.race([running, expired]);
    return { content: [{ type: 'text', text: JSON.stringify(withinBudget(out, limits.budget)) }] };
  } catch (err) {
    if (err instanceof ToolError) return errorResult(err);
    log.error({ err, tool: name }, 'mcp tool failed');
    return errorResult(new ToolError('internal.error', 'Internal error'));
  } finally {
    clearTimeout(timer);
  }
}
