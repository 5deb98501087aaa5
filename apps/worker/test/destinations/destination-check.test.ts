import assert from 'node:assert/strict';
import type { lookup } from 'node:dns/promises';
import { test } from 'node:test';
import { sendNotice } from '../../src/destinations/index.js';
import { checkDestination } from '../../src/destinations/private-address.js';
import { localReceiver, notice } from './destination-support.js';
import { localSmtp } from './smtp-support.js';

const webhook = (url: string) => ({ kind: 'webhook' as const, config: { url }, secret: { signingSecret: 'whsec_check_test_secret_0123' } });
// A resolver answering from a table, as DNS would for names the test cannot register.
const resolver = (answers: Record<string, string[]>) => (async (host: string) => {
  const addresses = answers[host];
  if (!addresses) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}) as unknown as typeof lookup;

test('a name with any private address among its answers is refused; a public one is pinned to its first address', async () => {
  const dns = resolver({ 'mixed.example.test': ['203.0.113.7', '10.0.0.5'], 'public.example.test': ['203.0.113.7', '198.51.100.9'] });
  assert.deepEqual(await checkDestination(webhook('https://public.example.test/hook'), dns), { connectTo: '203.0.113.7' });
  const mixed = await checkDestination(webhook('https://mixed.example.test/hook'), dns);
  assert.ok('refused' in mixed);
  assert.match(mixed.refused, /^destination\.private_address: mixed\.example\.test resolves to 10\.0\.0\.5/);
  assert.deepEqual(await checkDestination(webhook('https://gone.example.test/hook'), dns), { unresolved: 'network: host name lookup failed (ENOTFOUND)' });
  assert.deepEqual(await checkDestination(webhook('http://[::1]:8080/hook'), dns), {
    refused: 'destination.private_address: ::1 resolves to ::1, a loopback, private or link-local address; the operator may allow it with DESTINATION_ALLOW_PRIVATE_NETWORKS=true',
  });
});

test('a webhook goes to the checked address without resolving its name again, keeping the name in the Host header', { timeout: 10_000 }, async () => {
  await using server = await localReceiver((_req, res) => res.writeHead(200).end('ok'));
  const port = new URL(server.url).port;
  // The name resolves nowhere: only a send that connects to the address it was given can deliver.
  const result = await sendNotice(webhook(`http://rebind.example.test:${port}/hook`), notice(), { timeoutMs: 2_000, connectTo: '127.0.0.1' });
  assert.equal(result.outcome, 'delivered', result.error ?? '');
  assert.equal(server.received[0]!.headers.host, `rebind.example.test:${port}`);
});

test('an e-mail goes to the checked address of its mail server', { timeout: 10_000 }, async () => {
  await using smtp = await localSmtp();
  const settings = { kind: 'email' as const, config: { host: 'mail.example.test', port: smtp.port, tls: 'none' as const, from: 'tai@example.com', to: ['sec@example.com'] }, secret: {} };
  const result = await sendNotice(settings, notice(), { timeoutMs: 2_000, connectTo: '127.0.0.1' });
  assert.equal(result.outcome, 'delivered', result.error ?? '');
  assert.equal(smtp.mails.length, 1);
});
