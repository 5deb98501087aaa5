import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { setupApp, type TestApp } from './support/app.js';
import { postEvents, searchDataset, type SearchDataset } from './support/search-dataset.js';

// The MCP server as assistants reach it: streamable HTTP to a listening app on 127.0.0.1 with a Bearer key, and
// the stdio CLI (`npm run --silent mcp`) spawned as a desktop assistant spawns it, talking to that same app over HTTP.
let t: TestApp;
let data: SearchDataset;
let base: string;
let readerKey: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const root = path.resolve(import.meta.dirname, '..');

before(async () => {
  t = await setupApp();
  data = searchDataset();
  const source = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod-fleet' } })).json();
  await postEvents(t.app, source.webhook.token, data.prod);
  readerKey = (await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'assistant', role: 'reader' } })).json().secret;
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
after(() => t.close());

async function httpClient(apiKey: string, path = '/mcp'): Promise<Client> {
  const client = new Client({ name: 'mcp-http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}${path}`), { requestInit: { headers: { authorization: `Bearer ${apiKey}` } } }));
  return client;
}
const parse = (res: Awaited<ReturnType<Client['callTool']>>) => ({ isError: res.isError === true, body: JSON.parse((res.content as { text: string }[])[0]!.text) as Json });

test('over HTTP: an SDK client lists the tools and answers both acceptance questions with one call each', async () => {
  const client = await httpClient(t.tenant.apiKey);
  assert.equal((await client.listTools()).tools.length, 15, 'read-only by default, even for an admin key');
  const changing = await httpClient(t.tenant.apiKey, '/mcp?changes=allow');
  assert.equal((await changing.listTools()).tools.length, 17, 'the changing tools when asked for');
  await changing.close();
  assert.equal(client.getServerVersion()?.name, 'teleport-audit-ingest');
  assert.match(client.getInstructions() ?? '', /query-language/);
  const sessions = parse(await client.callTool({ name: 'list_sessions', arguments: { user: 'alice', cluster: 'prod*', from: '2026-05-31T18:00:00Z', to: '2026-06-01T06:00:00Z' } }));
  assert.deepEqual(sessions.body.sessions.map((s: Json) => s.sessionId).sort(), [...data.sessions.aliceProdLastNight].sort());
  const c = parse(await client.callTool({ name: 'get_access_request', arguments: { request_id: data.requests.approved } }));
  assert.deepEqual(c.body.sessions.map((s: Json) => s.sessionId).sort(), [...data.sessions.underRequest].sort());
  await client.close();
});

test('over HTTP: a reader key gets the read-only tools, even with changes allowed, and a changing tool called anyway is auth.forbidden', async () => {
  const client = await httpClient(readerKey, '/mcp?changes=allow');
  const names = (await client.listTools()).tools.map((x) => x.name);
  assert.equal(names.length, 15);
  assert.ok(!names.includes('set_rule_enabled') && !names.includes('acknowledge_alert'));
  const res = parse(await client.callTool({ name: 'set_rule_enabled', arguments: { rule_id: 'teleport-root-login', enabled: false } }));
  assert.deepEqual([res.isError, res.body.error.code], [true, 'auth.forbidden']);
  await client.close();
});

test('/mcp answers in the REST API\'s error shape: 401 without a key, 405 for GET and DELETE, 406 without the MCP Accept, 400 for a body that is not JSON-RPC', async () => {
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } };
  const post = (headers: Record<string, string>, body: unknown = initialize) => fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
  const expectError = async (res: Response, status: number, code: string) => {
    assert.equal(res.status, status);
    const body = await res.json() as Json;
    assert.equal(body.error.code, code);
    assert.equal(typeof body.reqId, 'string');
  };
  await expectError(await post({}), 401, 'auth.unauthenticated');
  await expectError(await post({ authorization: 'Bearer tai_ak_not-a-key' }), 401, 'auth.unauthenticated');
  for (const method of ['GET', 'DELETE']) {
    const res = await fetch(`${base}/mcp`, { method, headers: { authorization: `Bearer ${t.tenant.apiKey}` } });
    assert.equal(res.headers.get('allow'), 'POST');
    await expectError(res, 405, 'request.method_not_allowed');
  }
  await expectError(await post({ authorization: `Bearer ${t.tenant.apiKey}`, accept: 'application/json' }), 406, 'request.not_acceptable');
  await expectError(await post({ authorization: `Bearer ${t.tenant.apiKey}` }, { hello: 'world' }), 400, 'request.invalid');

  // The plain JSON-RPC exchange a client without the SDK would make.
  const res = await post({ authorization: `Bearer ${t.tenant.apiKey}` });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = await res.json() as Json;
  assert.equal(body.result.serverInfo.name, 'teleport-audit-ingest');
  assert.ok(res.headers.get('x-request-id'));
});

test('the stdio CLI: a desktop assistant spawns it with the API URL and a key, and its tools answer from that tenant', async () => {
  const transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', 'apps/api/src/mcp.cli.ts', '--api-url', base, '--api-key', readerKey], cwd: root, stderr: 'pipe' });
  const client = new Client({ name: 'desktop-assistant', version: '1.0.0' });
  await client.connect(transport);
  const names = (await client.listTools()).tools.map((x) => x.name);
  assert.equal(names.length, 15, 'a reader key: read-only tools');
  const sources = parse(await client.callTool({ name: 'list_sources', arguments: {} }));
  assert.deepEqual(sources.body.sources.map((s: Json) => s.name), ['prod-fleet']);
  const session = parse(await client.callTool({ name: 'get_session', arguments: { session_id: data.sessions.gap } }));
  assert.deepEqual(session.body.completeness.missingRanges, [[3, 3]]);
  await client.close();
});

test('the stdio CLI refuses a bad key, bad flags and a missing key file before it serves anything', async () => {
  // Not spawnSync: that would block the event loop the app answers the CLI on.
  const run = (args: string[]) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/mcp.cli.ts', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stderr }));
  });
  const badKey = await run(['--api-url', base, '--api-key', 'tai_ak_nope']);
  assert.equal(badKey.status, 1);
  assert.match(badKey.stderr, /auth\.unauthenticated/);
  const misuse = await run(['--api-url', base]);
  assert.equal(misuse.status, 2);
  assert.match(misuse.stderr, /exactly one of --api-key and --api-key-file/);
  const noFile = await run(['--api-url', base, '--api-key-file', path.join(root, '.no-such-key-file')]);
  assert.equal(noFile.status, 2);
  assert.match(noFile.stderr, /^mcp: cannot read --api-key-file .*\.no-such-key-file \(ENOENT\)/);
  assert.doesNotMatch(noFile.stderr, /\n\s+at /, 'no stack trace');
});
