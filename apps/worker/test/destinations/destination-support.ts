import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertNotice } from '@tai/core';

export const notice = (over: Partial<AlertNotice> = {}): AlertNotice => ({
  deliveryId: 'dlv_test_0001',
  test: false,
  alert: {
    id: 'a1b2c3d4-0000-4000-8000-000000000001', status: 'open', severity: 'critical', groupKey: 'user=bob', group: { user: 'bob' },
    firstSeen: '2024-05-01T10:00:00.000Z', lastSeen: '2024-05-01T10:01:00.000Z', count: 2, url: 'https://audit.example.com/alerts/a1b2c3d4',
  },
  rule: { id: 'admin-role-granted', version: 1, title: 'Admin role granted', description: 'A user got the editor role.', mitre: ['T1098'], runbook: 'Check who approved it.' },
  tenant: { id: 'tenant-1', name: 'Acme' },
  events: [{ id: 'e1', time: '2024-05-01T10:00:00.000Z', type: 'role.created', code: 'T9000I', user: 'bob', summary: 'role editor granted' }],
  ...over,
});

export type Received = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

/** A loopback HTTP server posing as a receiver; `handle` answers, every request is kept in `received`. */
export async function localReceiver(handle: (req: Received, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    received.push(r);
    handle(r, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A loopback port nothing listens on: bound, then closed. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
