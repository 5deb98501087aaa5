import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { DEFAULT_RESULT_CHARS } from './output-budget.js';
import { registerPrompts } from './prompts.js';
import type { RateLimiter } from './rate-limiter.js';
import { registerResources } from './resources.js';
import type { RestClient } from './rest-client.js';
import { ToolError } from './tool-error.js';
import { annotationsOf, type ToolDefinition } from './tool-definition.js';
import { errorResult, runTool } from './tool-runner.js';
import { TOOLS } from './tools/tool-list.js';

export const SERVER_NAME = 'teleport-audit-ingest';
export const SERVER_VERSION = '0.1.0';
/** Below the REST API's own 30 s search timeout, so a slow tool ends with our error, not a hung call. */
export const DEFAULT_TIME_BUDGET_MS = 25_000;

const INSTRUCTIONS = [
  'Tools over the Teleport audit events of one tenant (the API key\'s): search, histograms, facets, sessions, access requests, who accessed a resource, what a user did, source health, alerts and rules.',
  'Time arguments take RFC 3339, dates or relative times (-24h, -7d). The query argument uses the search language: read the resource teleport-audit://reference/query-language before writing one.',
  'Answers are compact and size-bounded: a nextCursor means there is more; pass it back as cursor to the same tool.',
  'Errors carry the REST API\'s stable codes (request.invalid, query.invalid with a position, session.not_found, auth.forbidden, rate_limited, search.timeout).',
  'acknowledge_alert and set_rule_enabled change data: they are offered only to an admin key on a connection that allowed changes; ask the user before calling them.',
].join(' ');

export type McpServerOptions = {
  rest: RestClient;
  /** the key's role: changing tools are offered to admin keys only */
  role: 'reader' | 'admin';
  /** offer the changing tools (to an admin key): off unless the CLI's --allow-changes or /mcp?changes=allow asked */
  allowChanges?: boolean;
  limiter: RateLimiter;
  rateKey: string;
  timeBudgetMs?: number;
  budget?: number;
  log: { error: (obj: object, msg: string) => void };
};

// Every /mcp request builds a server; the tools' JSON Schemas are made once per process.
const listings = new Map<string, Tool>();
function listing(tool: ToolDefinition): Tool {
  let listed = listings.get(tool.name);
  if (!listed) {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.input, { io: 'input' }) as Record<string, unknown>;
    listed = { name: tool.name, title: tool.title, description: tool.description, inputSchema: schema as Tool['inputSchema'], annotations: annotationsOf(tool) };
    listings.set(tool.name, listed);
  }
  return listed;
}

/** An MCP server for one caller: its tools, resources and prompts over that caller's REST client. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS });
  registerResources(server, options.rest);
  registerPrompts(server);

  const offered = TOOLS.filter((t) => !t.changes || (options.role === 'admin' && options.allowChanges === true));
  const byName = new Map(TOOLS.map((t) => [t.name, t]));
  const limits = { limiter: options.limiter, rateKey: options.rateKey, timeBudgetMs: options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS, budget: options.budget ?? DEFAULT_RESULT_CHARS };

  // The tool handlers are ours, not McpServer.registerTool's: argument errors then carry request.invalid, and a
  // changing tool a reader key was not offered (on a connection that allowed changes) still goes to the REST API,
  // which refuses it (auth.forbidden) and writes the denied attempt to the audit log.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: offered.map(listing) }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    if (tool?.changes && !options.allowChanges) {
      return errorResult(new ToolError('auth.forbidden', `${tool.name} changes data, and changes are off on this connection: start the CLI with --allow-changes, or POST /mcp?changes=allow, with an admin key`));
    }
    return runTool({ tool, name: request.params.name, args: request.params.arguments, rest: options.rest, limits, log: options.log });
  });
  return server;
}
