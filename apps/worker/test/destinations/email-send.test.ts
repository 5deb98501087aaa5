import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import type { EmailConfig } from '@tai/core';
import { sendNotice } from '../../src/destinations/index.js';
import { notice, refusedPort } from './destination-support.js';
import { localSmtp, readMail, smtpRefusal } from './smtp-support.js';

const email = (port: number, over: Partial<EmailConfig> = {}, password?: string) => ({
  kind: 'email' as const,
  config: { host: '127.0.0.1', port, tls: 'none' as const, from: 'tai@example.com', to: ['sec@example.com', 'oncall@example.com'], ...over },
  secret: password === undefined ? {} : { password },
});
const opts = { timeoutMs: 2_000 };

test('the e-mail arrives with the subject and the rule title in the text', { timeout: 10_000 }, async () => {
  await using smtp = await localSmtp();
  const result = await sendNotice(email(smtp.port), notice(), opts);
  assert.equal(result.outcome, 'delivered');
  assert.equal(result.status, 250);
  assert.equal(result.error, null);
  const [mail] = smtp.mails;
  assert.equal(mail!.from, 'tai@example.com');
  assert.deepEqual(mail!.to, ['sec@example.com', 'oncall@example.com']);
  const { subject, text } = readMail(mail!.raw);
  assert.equal(subject, '[CRITICAL] Admin role granted — user=bob');
  assert.match(text, /^Admin role granted$/m);
  assert.match(text, /Check who approved it\./);
  assert.match(mail!.raw, /^X-Tai-Delivery: dlv_test_0001$/im);
});

test('a server answering 451 is retried', { timeout: 10_000 }, async () => {
  await using smtp = await localSmtp({
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback(smtpRefusal(451, 'Requested action aborted: local error, try again later')));
    },
  });
  const result = await sendNotice(email(smtp.port), notice(), opts);
  assert.equal(result.outcome, 'retry');
  assert.equal(result.status, 451);
  assert.match(result.error!, /^smtp_transient: 451 /);
  assert.equal(smtp.mails.length, 0);
});

test('a server answering 550 fails for good', { timeout: 10_000 }, async () => {
  await using smtp = await localSmtp({ onRcptTo: (_address, _session, callback) => callback(smtpRefusal(550, 'Mailbox unavailable')) });
  const result = await sendNotice(email(smtp.port), notice(), opts);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.status, 550);
  assert.match(result.error!, /^smtp_permanent: 550 /);
});

test('refused credentials fail, and the password appears nowhere in the result', { timeout: 10_000 }, async () => {
  const password = 'correct-horse-battery-staple';
  let tried = '';
  await using smtp = await localSmtp({
    authOptional: false,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, callback) => {
      tried = auth.password ?? '';
      callback(smtpRefusal(535, `Authentication failed for ${auth.username}:${auth.password}`));
    },
  });
  const result = await sendNotice(email(smtp.port, { username: 'tai' }, password), notice(), opts);
  assert.equal(tried, password);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.status, 535);
  assert.equal(JSON.stringify(result).includes(password), false);
});

test('a mail server that never greets is a retried timeout', { timeout: 10_000 }, async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  try {
    const result = await sendNotice(email((silent.address() as AddressInfo).port), notice(), { timeoutMs: 300 });
    assert.equal(result.outcome, 'retry');
    assert.match(result.error!, /^timeout: /);
    assert.ok(result.durationMs < 2_000, `took ${result.durationMs} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('a refused SMTP connection is retried', { timeout: 10_000 }, async () => {
  const result = await sendNotice(email(await refusedPort()), notice(), opts);
  assert.equal(result.outcome, 'retry');
  assert.match(result.error!, /^network: /);
});
