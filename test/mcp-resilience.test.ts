import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { fetchRestClient } from '../apps/api/src/modules/mcp/fetch-rest-client.js';
import { injectRestClient } from '../apps/api/src/modules/mcp/inject-rest-client.js';
import { createMcpServer } from '../apps/api/src/modules/mcp/mcp-server.js';
import { createRateLimiter } from '../apps/api/src/modules/mcp/rate-limiter.js';
import type { RestClient } from '../apps/api/src/modules/mcp/rest-client.js';

// The MCP server when the REST API fails it: unreachable, hanging, slower than the call's time budget. A failed
// call is a tool error, and the server (the stdio CLI's process) is still there for the next call.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An API that knows the key (GET /v1/me) and then fails every other request: closes the socket, or never answers. */
let mode: 'close' | 'hang' = 'close';
let api: http.Server;
let apiUrl: string;
before(async () => {
  api = http.createServer((req, res) => {
    if (req.url === '/v1/me') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tenant: { name: 'acme' }, role: 'reader' }));
    } else if (mode === 'close') {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
after(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

async function serverOver(rest: RestClient, options: { timeBudgetMs?: number } = {}): Promise<Client> {
  const server = createMcpServer({ rest, role: 'reader', limiter: createRateLimiter({ perMinute: 1_000 }), rateKey: 'k', timeBudgetMs: options.timeBudgetMs, log: pino({ level: 'silent' }) });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 'mcp-resilience-test', version: '1.0.0' });
  await client.connect(b);
  return client;
}
async function call(client: Client, name: string, args: Json = {}) {
  const res = await client.callTool({ name, arguments: args });
  return { isError: res.isError === true, body: JSON.parse((res.content as { text: string }[])[0]!.text) as Json };
}

/** Runs fn and gives the promise rejections nobody handled meanwhile (each of which would end the CLI's process). */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await fn();
    await sleep(100);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return seen;
}

test('search_events against an API that closes the connection: a tool error, no unhandled rejection, and the next call is answered', async () => {
  mode = 'close';
  const client = await serverOver(fetchRestClient({ apiUrl, apiKey: 'tai_ak_x' }));
  const unhandled = await unhandledDuring(async () => {
    for (let i = 0; i < 2; i++) {
      const res = await call(client, 'search_events', { query: 'user:alice' });
      assert.deepEqual([res.isError, res.body.error.code], [true, 'service.unavailable']);
    }
  });
  assert.deepEqual(unhandled, []);
  await client.close();
});

test('search_events against an API that never answers: search.timeout at the budget, with both requests aborted and nothing unhandled', async () => {
  mode = 'hang';
  const client = await serverOver(fetchRestClient({ apiUrl, apiKey: 'tai_ak_x' }), { timeBudgetMs: 150 });
  const unhandled = await unhandledDuring(async () => {
    for (let i = 0; i < 2; i++) {
      const res = await call(client, 'search_events', {});
      assert.deepEqual([res.isError, res.body.error.code], [true, 'search.timeout']);
    }
  });
  assert.deepEqual(unhandled, []);
  await client.close();
});

test('the stdio CLI survives an API that goes away after the key was checked: each call is a tool error', async () => {
  mode = 'close';
  const transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', 'apps/api/src/mcp.cli.ts', '--api-url', apiUrl, '--api-key', 'tai_ak_x'], cwd: root, stderr: 'pipe' });
  const client = new Client({ name: 'desktop-assistant', version: '1.0.0' });
  await client.connect(transport);
  for (let i = 0; i < 2; i++) {
    const res = await call(client, 'search_events', { user: 'alice' });
    assert.deepEqual([res.isError, res.body.error.code], [true, 'service.unavailable']);
    await sleep(200);
  }
  assert.equal((await client.listTools()).tools.length > 0, true, 'still serving');
  await client.close();
});

test('a call past its time budget over /mcp sends no more REST requests: who_accessed reads no second page', async () => {
  const sent: string[] = [];
  // app.inject cannot be cancelled: each request takes 150 ms, the call has 60 ms.
  const app = {
    inject: async ({ url }: { url: string }) => {
      sent.push(url.split('?')[0]!);
      await sleep(150);
      const body = url.startsWith('/v1/events?') ? { data: [], nextCursor: 'more' } : { data: [], facets: [], nextCursor: null };
      return { statusCode: 200, body: JSON.stringify(body) };
    },
  } as unknown as FastifyInstance;
  const client = await serverOver(injectRestClient(app, { authorization: 'Bearer x', requestId: 'r', remoteAddress: '127.0.0.1', userAgent: undefined }), { timeBudgetMs: 60 });
  const res = await call(client, 'who_accessed', { kind: 'node', name: 'prod-db-1' });
  assert.deepEqual([res.isError, res.body.error.code], [true, 'search.timeout']);
  await sleep(400);
  assert.deepEqual(sent.sort(), ['/v1/events', '/v1/events/facets', '/v1/sessions'], 'the three first requests, and no second page of events');
  await client.close();
});
