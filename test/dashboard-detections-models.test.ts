import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Destination } from '../apps/web/src/api/detections-types.js';
import { alertsHref, alertsQuery, readAlertFilters, toggleIn } from '../apps/web/src/pages/alerts/alert-filters.js';
import { groupText, mitreHref, severityTone, statusActions } from '../apps/web/src/pages/alerts/alert-text.js';
import { filterRules, issuesOfError, offsetOf, ruleIdOfYaml } from '../apps/web/src/pages/rules/rule-yaml.js';
import { createBody, draftOf, draftProblems, emptyDraft, updateBody } from '../apps/web/src/pages/settings/destination-draft.js';
import { describeFinding, rangesText, secondsText } from '../apps/web/src/pages/sources/finding-text.js';

// The dashboard's detection pages as plain functions: URL state, texts and request bodies, without a browser.

test('alert filters round-trip through the URL in a fixed order, dropping what the API would refuse', () => {
  const f = readAlertFilters(new URLSearchParams('status=resolved,open,snoozed&severity=high,urgent&rule=teleport-root-login&kind=monitorish'));
  assert.deepEqual(f, { status: ['open', 'resolved'], severity: ['high'], rule: 'teleport-root-login', kind: '' });
  assert.equal(alertsHref(f), '/alerts?status=open%2Cresolved&severity=high&rule=teleport-root-login');
  assert.deepEqual(readAlertFilters(new URL(`http://x${alertsHref(f)}`).searchParams), f);
  assert.deepEqual(alertsQuery(f), { status: 'open,resolved', severity: 'high', ruleId: 'teleport-root-login', kind: undefined });
  assert.equal(alertsHref({ status: [], severity: [], rule: '', kind: '' }), '/alerts');
});

test('toggling a chip adds or removes its value and keeps the allowed order', () => {
  const order = ['open', 'acknowledged', 'resolved'] as const;
  assert.deepEqual(toggleIn(['resolved'], 'open', order), ['open', 'resolved']);
  assert.deepEqual(toggleIn(['open', 'resolved'], 'open', order), ['resolved']);
});

test('an open alert can be acknowledged or resolved, an acknowledged one resolved or reopened, a resolved one only reopened', () => {
  assert.deepEqual(statusActions('open').map((a) => a.status), ['acknowledged', 'resolved']);
  assert.deepEqual(statusActions('acknowledged').map((a) => a.status), ['resolved', 'open']);
  assert.deepEqual(statusActions('resolved').map((a) => a.status), ['open']);
});

test('severities map to tones, groups read as field=value, MITRE ids link to their ATT&CK pages', () => {
  assert.equal(severityTone('critical'), 'bad');
  assert.equal(severityTone('low'), 'info');
  assert.equal(severityTone('whatever'), 'neutral');
  assert.equal(groupText({ user: 'alice', node: 'web-1', n: 3, none: null }), 'user=alice · node=web-1 · n=3 · none=—');
  assert.equal(mitreHref('T1078.003'), 'https://attack.mitre.org/techniques/T1078/003/');
  assert.equal(mitreHref('T1105'), 'https://attack.mitre.org/techniques/T1105/');
  assert.equal(mitreHref('TA0004'), 'https://attack.mitre.org/tactics/TA0004/');
  assert.equal(mitreHref('not-an-id'), null);
});

test('findings read in words: a silent source, a session with gaps, an unknown type', () => {
  const silent = describeFinding({ kind: 'source.silent', subject: '', details: { lastEventAt: '2026-06-15T09:00:00.000Z', thresholdSeconds: 5400 }, openedAt: '2026-06-15T10:30:00.000Z' }, 'src-1');
  assert.equal(silent.title, 'Source silent since');
  assert.equal(silent.at, '2026-06-15T09:00:00.000Z');
  assert.match(silent.detail!, /1 h 30 min/);
  const gaps = describeFinding({ kind: 'session.incomplete', subject: 'a1b2c3d4-0000-4000-8000-000000000001', details: { missing: 5, missingRanges: [[2, 5], [8, 8]] }, openedAt: '2026-06-15T10:30:00.000Z' }, 'src-1');
  assert.equal(gaps.title, 'Session a1b2c3d4… missing events 2–5, 8');
  assert.equal(gaps.href, '/sessions/a1b2c3d4-0000-4000-8000-000000000001');
  const unknown = describeFinding({ kind: 'event_type.unknown', subject: 'widget.frobnicate', details: { firstSeenAt: '2026-06-15T10:00:00.000Z' }, openedAt: '2026-06-15T10:30:00.000Z' }, 'src-1');
  assert.equal(unknown.title, 'Unknown event type widget.frobnicate, first seen');
  assert.equal(unknown.href, '/search?q=event%3Awidget.frobnicate&from=all');
  assert.equal(describeFinding({ kind: 'brand.new', subject: 'x', details: {}, openedAt: '' }, 's').title, 'brand.new: x');
  assert.equal(rangesText([[1, 1], [3, 4], 'junk']), '1, 3–4');
  assert.equal(secondsText(90), '2 min');
  assert.equal(secondsText(7 * 86_400), '7 d');
});

test('the rule id is read from the YAML text, quoted or not, and only at the top level', () => {
  assert.equal(ruleIdOfYaml('title: x\nid: my-rule # the id\nkind: match\n'), 'my-rule');
  assert.equal(ruleIdOfYaml('id: "quoted-rule"\n'), 'quoted-rule');
  assert.equal(ruleIdOfYaml('join:\n  id: nested\n'), null);
  assert.equal(ruleIdOfYaml('id:\n'), null);
});

test('an issue\'s line and column become an offset in the text; a refused save lists its issues', () => {
  const text = 'id: a\ntitle: b\nkind: c\n';
  assert.equal(offsetOf(text, 2, 1), 6);
  assert.equal(text.slice(offsetOf(text, 3, 7)), 'c\n');
  assert.equal(offsetOf(text, 2, 99), 14, 'clamped to the end of its line');
  assert.equal(offsetOf(text, 40), text.length);
  assert.deepEqual(issuesOfError('line 6, column 3: threshold.count: too small', { field: 'threshold.count', line: 6, column: 3 }), [{ field: 'threshold.count', message: 'line 6, column 3: threshold.count: too small', line: 6, column: 3 }]);
  const listed = [{ field: 'title', message: 'is required' }, { field: 'severity', message: 'must be one of …' }];
  assert.deepEqual(issuesOfError('title: is required', { field: 'title', issues: listed }), listed);
});

test('the rules filter matches every word against title, id, kind, severity, MITRE and state', () => {
  const rule = (id: string, over: Record<string, unknown> = {}) => ({ id, title: id, kind: 'match', severity: 'medium', enabled: true, builtin: true, edited: false, version: 1, mitre: [], description: '', updatedAt: '', updatedBy: null, ...over });
  const rules = [rule('teleport-root-login', { mitre: ['T1078.003'] }), rule('ssh-burst', { kind: 'threshold', enabled: false, builtin: false })];
  assert.deepEqual(filterRules(rules, 't1078').map((r) => r.id), ['teleport-root-login']);
  assert.deepEqual(filterRules(rules, 'threshold disabled').map((r) => r.id), ['ssh-burst']);
  assert.deepEqual(filterRules(rules, 'custom root').map((r) => r.id), []);
  assert.equal(filterRules(rules, '  ').length, 2);
});

test('a destination draft becomes the create body of its kind; secrets typed only when given', () => {
  const email = { ...emptyDraft('email'), name: ' mail ', host: 'smtp.example.test', port: '465', tls: 'tls' as const, from: 'tai@example.test', to: 'a@example.test, b@example.test;c@example.test', username: 'tai', password: 'pw' };
  assert.deepEqual(createBody(email), {
    name: 'mail', kind: 'email', minSeverity: 'low', enabled: true, secret: { password: 'pw' },
    config: { host: 'smtp.example.test', port: 465, tls: 'tls', from: 'tai@example.test', to: ['a@example.test', 'b@example.test', 'c@example.test'], username: 'tai' },
  });
  assert.deepEqual(createBody({ ...emptyDraft('webhook'), name: 'hook', url: 'http://127.0.0.1:9/x' }).secret, {}, 'the API generates the signing secret');
  assert.deepEqual(createBody({ ...emptyDraft('slack'), name: 's', slackWebhookUrl: 'https://hooks.slack.example/T/B/x' }), { name: 's', kind: 'slack', config: {}, secret: { webhookUrl: 'https://hooks.slack.example/T/B/x' }, minSeverity: 'low', enabled: true });
});

test('editing starts from the stored settings without secrets, and an empty secret input keeps the stored one', () => {
  const stored: Destination = {
    id: 'd1', name: 'pager', kind: 'pagerduty', config: { eventsUrl: 'https://events.pagerduty.com/v2/enqueue' }, secret: { set: true, fields: ['routingKey'] },
    minSeverity: 'high', enabled: false, createdAt: '', updatedAt: '',
  };
  const draft = draftOf(stored);
  assert.equal(draft.routingKey, '', 'never prefilled');
  assert.equal(draft.minSeverity, 'high');
  assert.deepEqual(draftProblems(draft, stored), {}, 'the stored key will do');
  assert.equal(updateBody(draft).secret, undefined);
  assert.ok(draftProblems(draft, null).routingKey, 'a new one needs a key');
  assert.ok(draftProblems({ ...draft, routingKey: 'short' }, stored).routingKey);
  assert.deepEqual(updateBody({ ...draft, routingKey: 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12' }).secret, { routingKey: 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12' });
});

test('the form refuses what cannot work before sending: no name, a non-URL, e-mail without recipients or a password without a user', () => {
  assert.deepEqual(Object.keys(draftProblems({ ...emptyDraft('webhook'), url: 'ftp://x' })).sort(), ['name', 'url']);
  const mail = draftProblems({ ...emptyDraft('email'), name: 'm', host: 'h', port: '0', from: 'nope', to: '', password: 'pw' });
  assert.deepEqual(Object.keys(mail).sort(), ['from', 'port', 'to', 'username']);
  assert.deepEqual(draftProblems({ ...emptyDraft('webhook'), name: 'ok', url: 'https://receiver.example.test/x' }), {});
});
