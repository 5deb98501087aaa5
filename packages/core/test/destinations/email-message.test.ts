import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailMessage } from '../../src/index.js';
import { sampleNotice } from './notice-support.js';

const config = { host: 'smtp.example.com', port: 587, tls: 'starttls' as const, from: 'tai@example.com', to: ['sec@example.com', 'oncall@example.com'] };

test('an alert e-mail has a severity-tagged subject and the facts and runbook in both parts', () => {
  const mail = emailMessage(sampleNotice(), config);
  assert.equal(mail.from, 'tai@example.com');
  assert.deepEqual(mail.to, ['sec@example.com', 'oncall@example.com']);
  assert.equal(mail.subject, '[HIGH] Local login without MFA — user=alice');
  for (const part of [mail.text, mail.html]) {
    for (const fact of ['Local login without MFA', 'user=alice', '2024-05-01T10:00:00.000Z', 'T1078.003', 'Acme Corp', 'https://wiki.example.com/runbooks/mfa', 'local login without MFA']) {
      assert.ok(part.includes(fact), `${fact} in ${part.slice(0, 40)}`);
    }
  }
  assert.match(mail.text, /^Count: 3$/m);
  assert.match(mail.html, /<a href="https:\/\/audit\.example\.com\/alerts\/0b9d7f52">/);
});

test('a test e-mail says so in the subject and the body', () => {
  const mail = emailMessage(sampleNotice({ test: true }), config);
  assert.match(mail.subject, /^\[TEST\] \[HIGH\] Local login without MFA/);
  assert.match(mail.text, /test message/);
});

test('a resolved alert says so in the subject', () => {
  assert.match(emailMessage(sampleNotice({ alert: { status: 'resolved', severity: 'critical' } }), config).subject, /^\[CRITICAL\] \[RESOLVED\] /);
});

test('tenant text is escaped in HTML and cannot add header lines to the subject', () => {
  const mail = emailMessage(sampleNotice({ rule: { title: '<script>x</script>\r\nBcc: e@evil.example' }, alert: { group: { user: '"a" & <b>' } } }), config);
  assert.equal(/[\r\n]/.test(mail.subject), false);
  assert.equal(mail.html.includes('<script>'), false);
  assert.ok(mail.html.includes('&lt;script&gt;'));
  assert.ok(mail.html.includes('&quot;a&quot; &amp; &lt;b&gt;'));
});
