import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackRequest } from '../../src/index.js';
import { sampleNotice } from './notice-support.js';

type Block = { type: string; text?: { type: string; text: string }; fields?: Array<{ text: string }>; elements?: Array<{ type: string; text: string | { text: string }; url?: string }> };
const WEBHOOK = { webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' };
const blocksOf = (body: string): Block[] => JSON.parse(body).blocks;

test('a Slack message has a fallback text, a header with severity and title, the facts, MITRE ids and a link button', () => {
  const req = slackRequest(sampleNotice(), WEBHOOK);
  assert.equal(req.url, WEBHOOK.webhookUrl);
  assert.equal(req.headers['content-type'], 'application/json');
  const body = JSON.parse(req.body);
  assert.equal(body.text, '[HIGH] Local login without MFA — user=alice');
  const blocks = blocksOf(req.body);
  assert.deepEqual(blocks[0], { type: 'header', text: { type: 'plain_text', text: '[HIGH] Local login without MFA', emoji: false } });
  const fields = blocks.find((b) => b.fields)!.fields!.map((f) => f.text);
  assert.deepEqual(fields, ['*user*\nalice', '*Status*\nopen', '*Count*\n3', '*First seen*\n2024-05-01T10:00:00.000Z', '*Last seen*\n2024-05-01T10:05:00.000Z']);
  const context = blocks.find((b) => b.type === 'context')!.elements!.map((e) => e.text);
  assert.ok(context.includes('MITRE ATT&amp;CK T1078.003'), JSON.stringify(context));
  assert.ok(context.includes('Rule `local-login-without-mfa` v2'));
  const actions = blocks.find((b) => b.type === 'actions')!;
  assert.deepEqual(actions.elements, [{ type: 'button', text: { type: 'plain_text', text: 'Open alert' }, url: 'https://audit.example.com/alerts/0b9d7f52' }]);
  assert.ok(blocks.some((b) => b.text?.text.startsWith('*Recent events*\n• 2024-05-01T10:00:00.000Z user.login (T1000I) by alice')));
  assert.ok(blocks.some((b) => b.text?.text === '*Runbook*\nhttps://wiki.example.com/runbooks/mfa'));
});

test('no link button without an alert URL, and a test says so', () => {
  const blocks = blocksOf(slackRequest(sampleNotice({ test: true, alert: { url: null } }), WEBHOOK).body);
  assert.equal(blocks.some((b) => b.type === 'actions'), false);
  assert.match(blocks[0]!.text!.text, /^\[TEST\] \[HIGH\] /);
});

test('tenant text cannot ping channels or forge links in mrkdwn', () => {
  const req = slackRequest(sampleNotice({ alert: { group: { user: '<!channel> <https://evil.example|click>' } } }), WEBHOOK);
  const body = JSON.parse(req.body);
  assert.equal(req.body.includes('<!channel>'), false);
  assert.match(body.text, /&lt;!channel&gt; &lt;https:\/\/evil\.example\|click&gt;/);
});

test('Slack limits hold for long titles, descriptions and many group keys', () => {
  const group = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`key${i}`, 'v'.repeat(2500)]));
  const notice = sampleNotice({
    alert: { group },
    rule: { title: `🔥${'T'.repeat(200)}`, description: 'd'.repeat(5000), runbook: 'r'.repeat(4000) },
    events: Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, time: 't', type: 'x', code: null, user: null, summary: 's'.repeat(900) })),
  });
  const blocks = blocksOf(slackRequest(notice, WEBHOOK).body);
  assert.equal(blocks[0]!.text!.text.length, 150);
  assert.ok(blocks[0]!.text!.text.endsWith('…'));
  for (const b of blocks.filter((x) => x.type === 'section')) {
    if (b.text) assert.ok(b.text.text.length <= 3000, `section ${b.text.text.length}`);
    for (const f of b.fields ?? []) assert.ok(f.text.length <= 2000, `field ${f.text.length}`);
    if (b.fields) assert.ok(b.fields.length <= 10);
  }
  const fields = blocks.find((b) => b.fields)!.fields!;
  assert.equal(fields.length, 10);
  assert.match(fields[5]!.text, /^\*More\*\nkey5=v+/);
});

test('truncation never leaves half a surrogate pair', () => {
  const title = 'a'.repeat(148) + '😀😀';
  const header = blocksOf(slackRequest(sampleNotice({ rule: { title } }), WEBHOOK).body)[0]!.text!.text;
  assert.equal(header.length <= 150, true);
  assert.equal(/[\ud800-\udbff](?![\udc00-\udfff])/.test(header), false);
});
