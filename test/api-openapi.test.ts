import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { callerFor, setupApp, type Caller, type TestApp } from './support/app.js';

// The OpenAPI document at /docs/json describes every route a client may call, the webhook endpoint included,
// and each route's answers as they really are.
type Operation = {
  tags?: string[];
  parameters?: { in: string; name: string; schema: { enum?: string[] } }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> }>;
  security?: Record<string, string[]>[];
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } };

let t: TestApp;
let doc: Document;
before(async () => {
  t = await setupApp();
  const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
  assert.equal(res.statusCode, 200);
  doc = res.json() as Document;
});
after(() => t.close());

test('the webhook endpoint is documented: its body types, encodings, credentials, the empty 200 and its errors', () => {
  for (const path of ['/v1/ingest/teleport/{token}', '/v1/ingest/teleport']) {
    for (const method of ['post', 'put']) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method.toUpperCase()} ${path} is in the document`);
      assert.deepEqual(Object.keys(op.requestBody!.content).sort(), ['application/json', 'application/msgpack', 'application/x-ndjson', 'application/x-www-form-urlencoded', 'text/plain']);
      const encoding = op.parameters!.find((p) => p.in === 'header' && p.name === 'content-encoding');
      assert.deepEqual(encoding?.schema.enum, ['gzip', 'x-gzip', 'deflate', 'zstd', 'snappy', 'identity']);
      assert.deepEqual(Object.keys(op.responses).sort(), ['200', '400', '401', '413', '429', '503']);
      assert.match(op.responses['200']!.description, /empty/);
      assert.deepEqual(Object.keys(op.responses['200']!.headers ?? {}).sort(), ['x-ingest-accepted', 'x-ingest-duplicates', 'x-ingest-quarantined']);
      for (const status of ['429', '503']) assert.ok(op.responses[status]!.headers?.['retry-after'], `${status} documents Retry-After`);
      const schemes = op.security!.flatMap((s) => Object.keys(s));
      assert.deepEqual(schemes.sort(), ['webhookBasic', 'webhookBearer', 'webhookQueryToken']);
      for (const scheme of schemes) assert.ok(doc.components.securitySchemes[scheme], `${scheme} is defined`);
    }
  }
  assert.ok(doc.paths['/v1/ingest/teleport/{token}']!.post!.parameters!.some((p) => p.in === 'path' && p.name === 'token'));
  assert.ok(doc.paths['/v1/ingest/teleport/{token}']!.post!.security!.some((s) => Object.keys(s).length === 0), 'the path token alone suffices');
});

test('documenting the webhook endpoint leaves its raw body handling as it was', async () => {
  const created = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'docs' } });
  const { token } = created.json().webhook as { token: string };
  const event = { event: 'user.login', uid: 'doc-1', time: '2026-01-01T00:00:00Z', user: 'alice' };
  const gz = await t.app.inject({
    method: 'POST', url: `/v1/ingest/teleport/${token}`,
    headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, payload: gzipSync(`${JSON.stringify(event)}\n`),
  });
  assert.equal(gz.statusCode, 200, gz.body);
  assert.equal(gz.body, '', 'the 200 is empty');
  assert.equal(gz.headers['x-ingest-accepted'], '1');
  // Not JSON, and labelled JSON: quarantined with a 200, not refused by a body schema.
  const bad = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}`, headers: { 'content-type': 'application/json' }, payload: '{not json' });
  assert.equal(bad.statusCode, 200, bad.body);
  assert.equal(bad.headers['x-ingest-quarantined'], '1');
});

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const operations = () => Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method]!, name: `${method.toUpperCase()} ${path}` })));
const errorStatuses = (op: Operation) => Object.keys(op.responses).filter((s) => Number(s) >= 400).map(Number);
const isPublic = (op: Operation) => Array.isArray(op.security) && op.security.length === 0;
// Health answers for load balancers, in its own { status } shape; the ingest endpoint is checked above.
const isHealth = (path: string) => path === '/healthz' || path === '/readyz';
// The invite's token is in the body, and an unknown, used or expired one is 404 invite.invalid.
const NOT_FOUND_WITHOUT_PATH_ID = new Set(['POST /v1/auth/invites/accept']);

test('every error a route lists has the shared error body', () => {
  const refs = new Set<string>();
  for (const { path, op, name } of operations()) {
    for (const status of errorStatuses(op)) {
      if (path === '/readyz' && status === 503) continue;
      const ref = op.responses[String(status)]!.content?.['application/json']?.schema.$ref;
      assert.ok(ref, `${name} ${status} has a JSON error body`);
      refs.add(ref);
    }
  }
  assert.equal(refs.size, 1, `one error schema for all: ${[...refs].join(', ')}`);
  const schema = doc.components.schemas[[...refs][0]!.replace('#/components/schemas/', '')] as { required: string[]; properties: Record<string, unknown> };
  assert.deepEqual([...schema.required].sort(), ['error', 'reqId']);
});

test('routes list only errors they can give: 413/415 with a body, 404 with a path id, 403 when not public, 401 and 503 when authenticated', () => {
  for (const { path, method, op, name } of operations()) {
    const statuses = errorStatuses(op);
    if (method === 'get' || method === 'delete') {
      assert.ok(!statuses.includes(413) && !statuses.includes(415), `${name} takes no body, so no 413/415: ${statuses}`);
    }
    if (!/\{[^}]+\}/.test(path) && !NOT_FOUND_WITHOUT_PATH_ID.has(name)) assert.ok(!statuses.includes(404), `${name} has no path id, so no 404: ${statuses}`);
    if (isPublic(op)) assert.ok(!statuses.includes(403), `${name} is public, so no 403: ${statuses}`);
    if (!isPublic(op) && !path.startsWith('/v1/ingest/')) {
      for (const status of [400, 401, 503]) assert.ok(statuses.includes(status), `${name} is authenticated and reads the database, so ${status}: ${statuses}`);
    }
    if (!isHealth(path)) assert.ok(statuses.includes(400), `${name} has the input guard, so 400`);
    assert.ok(statuses.every((s) => s < 500 || s === 503), `${name} lists no 5xx but 503: ${statuses}`);
  }
});

test('what every route answers without credentials, with a reader key and with an admin key is among what it lists', async () => {
  const reader = await t.tenant.call({ method: 'POST', url: '/v1/api-keys', payload: { name: 'docs-reader', role: 'reader' } });
  const readerKey = (reader.json() as { secret: string }).secret;
  const callers: Record<string, Caller> = {
    anonymous: (opts) => t.app.inject(opts),
    reader: callerFor(t.app, readerKey),
    admin: t.tenant.call,
  };
  let checked = 0;
  for (const { path, method, op, name } of operations()) {
    const url = path.replace(/\{[^}]+\}/g, '01900000-0000-7000-8000-000000000000');
    for (const [who, call] of Object.entries(callers)) {
      const res = await call({ method: method.toUpperCase() as 'GET', url, ...(op.requestBody ? { payload: {} } : {}) });
      assert.ok(Object.hasOwn(op.responses, String(res.statusCode)), `${name} as ${who} answered ${res.statusCode}, which it does not list (${Object.keys(op.responses)}): ${res.body.slice(0, 200)}`);
      checked++;
    }
    if (['post', 'put', 'patch'].includes(method) && !path.startsWith('/v1/ingest/')) {
      // A body of a type no parser takes, and one over Fastify's body limit, whatever the route's own schema.
      for (const [headers, payload] of [[{ 'content-type': 'application/xml' }, '<x/>'], [{ 'content-type': 'application/json' }, `"${'x'.repeat(1_100_000)}"`]] as const) {
        const res = await t.tenant.call({ method: method.toUpperCase() as 'POST', url, headers, payload });
        assert.ok(Object.hasOwn(op.responses, String(res.statusCode)), `${name} with ${headers['content-type']} answered ${res.statusCode}, which it does not list`);
        checked++;
      }
    }
  }
  assert.ok(checked > 100, `${checked} calls`);
});
