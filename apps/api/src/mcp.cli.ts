// The MCP server on stdio, for desktop assistants: `npm run --silent mcp -- --api-url http://127.0.0.1:8080 --api-key tai_ak_…`.
// stdout carries the protocol (hence --silent: npm's banner would go to stdout); everything for people goes to stderr.
import { readFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import pino from 'pino';
import { fetchRestClient } from './modules/mcp/fetch-rest-client.js';
import { MCP_CLI_USAGE, parseMcpCliArgs } from './modules/mcp/mcp-cli-args.js';
import { createMcpServer } from './modules/mcp/mcp-server.js';
import { createRateLimiter, MCP_CALLS_PER_MINUTE } from './modules/mcp/rate-limiter.js';
import { ToolError, ok } from './modules/mcp/tool-error.js';

const args = parseMcpCliArgs(process.argv.slice(2));
if (args.kind === 'help') {
  process.stderr.write(MCP_CLI_USAGE);
  process.exit(0);
}
const misuse = (message: string): never => {
  process.stderr.write(`mcp: ${message}\n\n${MCP_CLI_USAGE}`);
  process.exit(2);
};
if (args.kind === 'misuse') misuse(args.message);
const { config } = args as Extract<typeof args, { kind: 'run' }>;
const log = pino({ level: 'info' }, pino.destination(2));

function readKeyFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return misuse(`cannot read --api-key-file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return text.trim() || misuse(`--api-key-file ${file} is empty`);
}
const apiKey = config.apiKey ?? readKeyFile(config.apiKeyFile!);
const rest = fetchRestClient({ apiUrl: config.apiUrl, apiKey });

let me: { tenant: { name: string }; role: 'reader' | 'admin' };
try {
  me = ok(await rest.get('/v1/me'));
} catch (err) {
  process.stderr.write(`mcp: ${err instanceof ToolError ? `${err.code}: ${err.message}` : String(err)}\n`);
  process.exit(1);
}

const server = createMcpServer({ rest, role: me.role, allowChanges: config.allowChanges, limiter: createRateLimiter({ perMinute: MCP_CALLS_PER_MINUTE }), rateKey: 'stdio', log });
await server.connect(new StdioServerTransport());
log.info({ apiUrl: config.apiUrl, tenant: me.tenant.name, role: me.role, allowChanges: config.allowChanges }, 'MCP server on stdio');

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
