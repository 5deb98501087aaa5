import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { setupApp, type TestApp } from './support/app.js';

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
