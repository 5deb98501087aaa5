import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { buildApp, loadApiConfig } from '@tai/api';
import pino from 'pino';
import { createTenantWithAdminKey } from '@tai/api';
import { createTestDatabase } from './support/database.js';

// A body trickled a byte at a time used to hold its connection for minutes, hundreds at once. Every request
// now has HTTP_REQUEST_TIMEOUT_SECONDS to arrive whole, and headers HTTP_HEADERS_TIMEOUT_SECONDS.
const REQUEST_TIMEOUT_MS = 1_500;

type Trickle = { socket: Socket; answer: Promise<{ text: string; closedAfterMs: number }> };

function trickle(port: number, head: string, { everyMs, bytes }: { everyMs: number; bytes: string }): Trickle {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let timer: NodeJS.Timeout | undefined;
  const answer = new Promise<{ text: string; closedAfterMs: number }>((resolve) => {
    socket.on('connect', () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (socket.writable && i < bytes.length) socket.write(bytes[i++]!);
      }, everyMs);
    });
    socket.on('data', (chunk) => { text += String(chunk); });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
  });
  return { socket, answer };
}

test('bodies trickled a byte at a time, and headers that never end, are cut off with 408 at the configured timeouts', async () => {
  const db = await createTestDatabase();
  const config = loadApiConfig({ DATABASE_URL: db.url, HTTP_REQUEST_TIMEOUT_SECONDS: '2', HTTP_HEADERS_TIMEOUT_SECONDS: '1' });
  assert.deepEqual(config.http, { requestTimeoutMs: 2_000, headersTimeoutMs: 1_000, keepAliveTimeoutMs: 72_000 });
  const app = await buildApp({ config: { ...config, http: { ...config.http, requestTimeoutMs: REQUEST_TIMEOUT_MS } }, logger: pino({ level: 'silent' }), repos: db.repos, pingDatabase: db.client.ping });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const { apiKey } = await createTenantWithAdminKey(db.repos, { name: 'slow' });
    const token = (await app.inject({ method: 'POST', url: '/v1/sources', headers: { authorization: `Bearer ${apiKey}` }, payload: { type: 'teleport_webhook', name: 'wh' } })).json().webhook.token as string;
    const body = '{"event":"user.login","uid":"slow","time":"2025-06-01T00:00:00Z"}';
    const head = `POST /v1/ingest/teleport/${token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slowBodies = Array.from({ length: 50 }, () => trickle(port, head, { everyMs: 200, bytes: body }));
    const slowHeaders = Array.from({ length: 10 }, () => trickle(port, 'POST /v1/ingest/teleport/x HTTP/1.1\r\n', { everyMs: 200, bytes: 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }));
    const bodies = await Promise.all(slowBodies.map((s) => s.answer));
    const headers = await Promise.all(slowHeaders.map((s) => s.answer));
    for (const { text, closedAfterMs } of bodies) {
      assert.match(text, /^HTTP\/1\.1 408 /);
      assert.match(text, /"code":"request\.timeout"/);
      assert.ok(closedAfterMs < REQUEST_TIMEOUT_MS + 2_000, `closed after ${closedAfterMs} ms`);
    }
    for (const { text, closedAfterMs } of headers) {
      assert.match(text, /^HTTP\/1\.1 408 /);
      assert.ok(closedAfterMs < 1_000 + 2_000, `closed after ${closedAfterMs} ms`);
    }
    const { rows } = await db.owner.query('select count(*)::int as n from teleport_audit_events');
    assert.equal(rows[0].n, 0, 'nothing half-received was stored');
    const fast = await fetch(`http://127.0.0.1:${port}/v1/ingest/teleport/${token}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(fast.status, 200, 'a normal sender is served meanwhile and after');
  } finally {
    await app.close();
    await db.drop();
  }
});
