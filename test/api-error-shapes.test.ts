import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { buildApp, loadApiConfig } from '@tai/api';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { createTenantWithAdminKey } from '@tai/api';

// Every answer has the documented shape { error: { code, message }, reqId }, and neither an answer nor a log
// line repeats a credential: the webhook URL is one.
let db: TestDatabase;
let app: FastifyInstance;
let token: string;
const logLines: string[] = [];

async function build(beforeReady: (app: FastifyInstance) => void = () => undefined): Promise<FastifyInstance> {
  const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  const config = loadApiConfig({ DATABASE_URL: db.url });
  const built = await buildApp({ config, logger: pino({ level: 'trace' }, logStream), repos: db.repos, pingDatabase: db.client.ping });
  beforeReady(built);
  await built.ready();
  return built;
}

before(async () => {
  db = await createTestDatabase();
  app = await build();
  const { apiKey } = await createTenantWithAdminKey(db.repos, { name: 'shapes' });
  const res = await app.inject({ method: 'POST', url: '/v1/sources', headers: { authorization: `Bearer ${apiKey}` }, payload: { type: 'teleport_webhook', name: 'wh' } });
  token = res.json().webhook.token;
});
after(async () => {
  await app.close();
  await db.drop();
});

function assertShape(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  const body = JSON.parse(res.body) as { error: { code: string; message: string }; reqId: string };
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.reqId, 'string');
  assert.ok(!res.body.includes(token.slice(7)), `the answer repeats the token: ${res.body}`);
}

test('a URL that is not valid gets the documented 400 body, without echoing the URL and its token', async () => {
  assertShape(await app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}/%zz`, payload: '{}' }), 400, 'request.invalid_url');
});

test('an unknown route on the ingest path answers 404 without repeating the token', async () => {
  assertShape(await app.inject({ method: 'GET', url: `/v1/ingest/teleport/${token}` }), 404, 'route.not_found');
});

test('ingest 401 and 429 bodies carry the reqId like every other answer', async () => {
  assertShape(await app.inject({ method: 'POST', url: '/v1/ingest/teleport/tai_wh_unknown', payload: '{}' }), 401, 'ingest.invalid_token');
  assertShape(await app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}?token=${token}&token=tai_wh_other`, payload: '{}' }), 401, 'ingest.invalid_token');
  assertShape(await app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}`, payload: Buffer.alloc(17 * 1024 * 1024, 0x20) }), 413, 'request.body_too_large');
});

function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => { data += String(chunk); });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

test('headers too large (431) and a malformed request (400) get the documented body from the socket layer too', async () => {
  const server = await build();
  await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    const port = (server.server.address() as { port: number }).port;
    const big = await rawRequest(port, `POST /v1/ingest/teleport/${token} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(big, /^HTTP\/1\.1 431 /);
    const bigBody = JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)) as { error: { code: string }; reqId: string };
    assert.equal(bigBody.error.code, 'request.headers_too_large');
    assert.ok(bigBody.reqId);
    assert.ok(!big.includes(token.slice(7)));
    const bad = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(bad, /^HTTP\/1\.1 400 /);
    assert.equal((JSON.parse(bad.slice(bad.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }).error.code, 'request.malformed');
  } finally {
    await server.close();
  }
});

test('requests that arrive during graceful shutdown get the documented 503 with Retry-After', async () => {
  // A preClose hook that waits holds the app in its closing state while a request arrives.
  let release!: () => void;
  let closingStarted!: () => void;
  const started = new Promise<void>((resolve) => { closingStarted = resolve; });
  const closing = await build((a) => a.addHook('preClose', async () => {
    closingStarted();
    await new Promise<void>((resolve) => { release = resolve; });
  }));
  await closing.listen({ host: '127.0.0.1', port: 0 });
  const port = (closing.server.address() as { port: number }).port;
  const closed = closing.close();
  await started;
  const answer = await rawRequest(port, `POST /v1/ingest/teleport/${token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"event":"x"}`);
  release();
  await closed;
  assert.match(answer, /^HTTP\/1\.1 503 /);
  assert.match(answer, /\r\nretry-after: 5\r\n/i);
  const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string }; reqId: string };
  assert.equal(body.error.code, 'service.unavailable');
  assert.ok(body.reqId);
});

test('no log line repeats a token', () => {
  const leaked = logLines.filter((line) => line.includes(token.slice(7)));
  assert.deepEqual(leaked, []);
  assert.ok(logLines.length > 5, 'the test did capture the logs');
});

test('a body of the wrong shape is answered with its own type\'s problem and the field, not every shape\'s', async () => {
  const { apiKey } = await createTenantWithAdminKey(db.repos, { name: 'shapes-union' });
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/sources', headers: { authorization: `Bearer ${apiKey}` }, payload });
  const s3 = await post({ type: 'teleport_s3', name: 'x', config: { bucket: '' } });
  assert.equal(s3.statusCode, 400);
  assert.deepEqual([s3.json().error.message, s3.json().error.details.field], ['body/config/bucket must NOT have fewer than 3 characters', 'config.bucket']);
  const webhook = await post({ type: 'teleport_webhook', name: '' });
  assert.deepEqual([webhook.json().error.message, webhook.json().error.details.field], ['body/name must NOT have fewer than 1 characters', 'name']);
  const unknown = await post({ type: 'nope', name: 'x' });
  assert.equal(unknown.json().error.message, 'body/type "nope" must be one of: teleport_webhook, teleport_s3');
  assert.equal(unknown.json().error.details.field, 'type');
});
