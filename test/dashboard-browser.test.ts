import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { createUserWithPassword } from '@tai/api';
import type { Browser } from 'playwright-core';
import { setupApp, type TestApp } from './support/app.js';
import { axeViolations, launchBrowser, openPage, type WatchedPage } from './support/browser.js';
import { loadCorpusFile } from './support/corpus.js';
import { freePort } from './support/processes.js';

// The dashboard as a user drives it, in Chromium, against the real API and Postgres: sign in, create a webhook
// source, post corpus events to it as the Teleport Event Handler does, watch it turn green, search, zoom the
// histogram, filter by a facet, open an event and its session, export, sign out; a reader cannot create.
// Screenshots of every main page land in test/artifacts/.
const ADMIN = { email: 'admin@example.test', password: 'dashboard admin password' };
const ANALYST = { email: 'analyst@example.test', password: 'dashboard analyst password' };
let t: TestApp;
let base: string;
let browser: Browser;
let admin: WatchedPage;

/** Corpus events with their times moved to the last hour, keeping their order and spacing. */
function recentCorpusEvents(): Record<string, unknown>[] {
  return (['teleport-webapps-session-stream.ndjson', 'panther-teleport.ndjson'] as const).flatMap((file, index) => {
    const events = loadCorpusFile(file).map((line) => line.event).filter((event) => Number.isFinite(Date.parse(String(event.time))));
    const latest = Math.max(...events.map((e) => Date.parse(String(e.time))));
    const end = Date.now() - (10 + 30 * index) * 60_000;
    // Each file's own spacing, squeezed into its half hour when it spans longer.
    return events.map((event) => ({ ...event, time: new Date(Math.max(Date.parse(String(event.time)) - latest + end, end - 25 * 60_000)).toISOString() }));
  });
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await setupApp({ publicUrl: base });
  await t.app.listen({ host: '127.0.0.1', port });
  await createUserWithPassword(t.db.repos, { tenantId: t.tenant.tenantId, email: ADMIN.email, role: 'admin', password: ADMIN.password });
  await createUserWithPassword(t.db.repos, { tenantId: t.tenant.tenantId, email: ANALYST.email, role: 'analyst', password: ANALYST.password });
  browser = await launchBrowser();
  admin = await openPage(browser, base);
});
after(async () => {
  await browser?.close();
  await t?.close();
});

/** The dashboard changes its URL with the History API; poll it rather than wait for a navigation. */
async function urlBecomes(page: WatchedPage['page'], ok: (url: URL) => boolean, what: string): Promise<URL> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const url = new URL(page.url());
    if (ok(url)) return url;
    if (Date.now() > deadline) throw new Error(`the URL never showed ${what}; it is ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function signIn(page: WatchedPage['page'], who: { email: string; password: string }) {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
}

let sessionId: string;

test('an admin signs in, creates a webhook source and sees it turn green when the Event Handler posts to it', async () => {
  const { page, shot } = admin;
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in to Teleport audit' }).waitFor();
  await shot('sign-in');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The email or password is wrong' }).waitFor();
  await signIn(page, ADMIN);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
  await page.getByRole('link', { name: 'New source' }).first().click();
  await page.getByLabel('Name').fill('prod-cluster');
  await page.getByRole('button', { name: 'Create source' }).click();
  const urlField = page.locator('.copy-field').filter({ has: page.locator('.copy-field-label', { hasText: /^Webhook URL$/ }) }).locator('code');
  const webhookUrl = (await urlField.first().textContent())!.trim();
  assert.match(webhookUrl, new RegExp(`^${base}/v1/ingest/teleport/tai_wh_\\w+$`));
  await page.getByRole('heading', { name: 'Waiting for the first event' }).waitFor();
  await shot('source-created');

  // The Event Handler's way: one event per POST, the next only after a 200.
  const events = recentCorpusEvents();
  for (const event of events) {
    const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    assert.equal(res.status, 200);
  }
  sessionId = String(events.find((e) => e.event === 'session.start')!.sid);
  await page.getByRole('heading', { name: 'Receiving events' }).waitFor({ timeout: 20_000 });
  await shot('source-receiving');
  await page.getByRole('link', { name: 'View events' }).click();
  await urlBecomes(page, (url) => url.pathname === '/search' && url.searchParams.get('from') === 'all', 'the source\'s events over all time');
  await page.getByRole('grid', { name: 'Search results' }).locator('tbody tr:not(.spacer)').first().waitFor();

  await page.goto('/sources');
  await page.getByRole('link', { name: 'prod-cluster' }).waitFor();
  await page.getByText('Receiving', { exact: true }).first().waitFor();
  await shot('sources');
  await page.getByRole('link', { name: 'prod-cluster' }).click();
  await page.getByRole('heading', { name: /prod-cluster/ }).waitFor();
  await shot('source');
});

test('search: a query, the histogram zoomed by dragging, a facet, an event opened, its session, an export', async () => {
  const { page, shot } = admin;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.getByRole('textbox', { name: 'Query', exact: true }).fill('event:session.*');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Search results' });
  await grid.locator('tbody tr:not(.spacer)').first().waitFor();
  assert.equal(new URL(page.url()).searchParams.get('q'), 'event:session.*', 'the query is in the URL');
  assert.match((await grid.locator('tbody tr:not(.spacer) td').first().textContent())!, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}/, 'times carry their year');
  await shot('search');

  // The keyboard alone: Esc leaves the query for the results, j moves, Enter expands.
  await page.getByRole('textbox', { name: 'Query', exact: true }).focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await page.getByText('Raw event (as received)').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Query', exact: true }).inputValue(), 'event:session.*', 'j went to the results, not into the query');
  assert.ok(new URL(page.url()).searchParams.get('event'), 'the expanded event is in the URL');

  // Drag across the middle of the chart: the range narrows to what was selected.
  const before = new URL(page.url()).searchParams;
  const plot = page.locator('.u-over').first();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.98, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const zoomed = (await urlBecomes(page, (url) => url.searchParams.get('from') !== before.get('from'), 'the zoomed range')).searchParams;
  assert.ok(Date.parse(zoomed.get('from')!) > Date.now() - 24 * 3600_000, `zoomed to ${zoomed.get('from')}`);
  await grid.locator('tbody tr:not(.spacer)').first().waitFor();
  await shot('search-zoomed');

  // All time: the list is unbounded, the chart starts at the oldest match's day.
  await page.getByRole('button', { name: 'All time' }).click();
  await urlBecomes(page, (url) => url.searchParams.get('from') === 'all', 'from=all');
  await grid.locator('tbody tr:not(.spacer)').first().waitFor();
  await page.locator('.u-over').first().waitFor();

  // Include the first event-type facet value: the query gains its condition.
  await page.goto(`/search?q=${encodeURIComponent('event:session.*')}&from=-24h`);
  const include = page.getByRole('complementary', { name: 'Saved searches and facets' }).getByRole('button', { name: /^Include event:/ }).first();
  const term = `event:${(await include.locator('.facet-label').textContent())!.trim()}`;
  await include.click();
  await urlBecomes(page, (url) => (url.searchParams.get('q') ?? '').includes(term), `the facet ${term} in the query`);
  await grid.locator('tbody tr:not(.spacer)').first().waitFor();

  // Find the session's start, expand it, open its session.
  await page.goto(`/search?q=${encodeURIComponent(`sid:${sessionId} event:session.start`)}&from=-24h`);
  const row = grid.locator('tbody tr:not(.spacer)').first();
  await row.click();
  await page.getByText('Raw event (as received)').waitFor();
  await shot('search-expanded');
  await page.getByRole('link', { name: 'Open event page' }).click();
  await page.getByRole('link', { name: /^Session / }).first().waitFor();
  await shot('event');
  await page.getByRole('link', { name: /^Session / }).first().click();
  await urlBecomes(page, (url) => url.pathname === `/sessions/${sessionId}`, 'the session page');
  await page.getByRole('heading', { name: /Session/, level: 1 }).waitFor();
  await page.getByText(/Commands|Completeness/).first().waitFor();
  await shot('session');

  await page.goto(`/search?q=${encodeURIComponent(`sid:${sessionId}`)}&from=-24h`);
  await grid.locator('tbody tr:not(.spacer)').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\n');
  assert.match(lines[0]!, /time/);
  assert.ok(lines.length > 5, `the export has the session's events (${lines.length - 1} rows)`);
  assert.ok(lines.slice(1).every((line) => line.includes(sessionId) || !line.includes('session')), 'only that session');
});

test('every main page renders clean, in light and dark, without WCAG A/AA violations', async () => {
  const { page, shot, problems } = admin;
  const pages: [string, string, string][] = [
    ['search-page', '/search?from=-24h', 'Search'],
    ['sessions', '/sessions?from=-24h', 'Sessions'],
    ['access-requests', '/access-requests', 'Access requests'],
    ['sources-page', '/sources', 'Sources'],
    ['settings-api-keys', '/settings/api-keys', 'Settings'],
    ['settings-users', '/settings/users', 'Settings'],
    ['settings-retention', '/settings/retention', 'Settings'],
    ['settings-audit-log', '/settings/audit-log', 'Settings'],
  ];
  const violations: string[] = [];
  for (const [name, path, heading] of pages) {
    await page.goto(path);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(name);
    for (const v of await axeViolations(page)) violations.push(`${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
  }
  await page.goto(`/sessions/${sessionId}`);
  await page.getByRole('heading', { name: /Session/, level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  for (const v of await axeViolations(page)) violations.push(`session: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);

  const dark = await openPage(browser, base, { colorScheme: 'dark' });
  await signIn(dark.page, ADMIN);
  for (const [name, path] of [['search-dark', '/search?from=-24h'], ['sources-dark', '/sources'], ['session-dark', `/sessions/${sessionId}`]] as const) {
    await dark.page.goto(path);
    await dark.page.waitForLoadState('networkidle');
    await dark.shot(name);
    for (const v of await axeViolations(dark.page)) violations.push(`${path} (dark): ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
  }
  await dark.context.close();
  assert.deepEqual(violations, []);
  assert.deepEqual([...problems, ...dark.problems], [], 'no console errors, exceptions or 5xx');
});

test('an admin shortens the retention on the settings page: it warns first, then the API keeps the new value', async () => {
  const { page, shot } = admin;
  await page.goto('/settings/retention');
  const days = page.getByLabel('Days');
  await days.waitFor();
  assert.equal(await days.inputValue(), '365');
  await days.fill('30');
  await page.getByText('Events older than 30 days will be deleted at the next retention run').waitFor();
  await shot('settings-retention-shorter');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: events are kept for 30 days' }).waitFor();
  const settings = await t.tenant.call({ method: 'GET', url: '/v1/tenant/settings' });
  assert.equal(settings.json().retentionDays, 30);
  await days.fill('0');
  await page.getByText('A whole number of days, 1-3650').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true);
  await days.fill('365');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'kept for 365 days' }).waitFor();
});

test('signing out returns to the sign-in page, and the old session no longer reaches the API', async () => {
  const { page } = admin;
  await page.goto('/search');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Teleport audit' }).waitFor();
  const status = await page.evaluate(async () => (await fetch('/v1/sources')).status);
  assert.equal(status, 401);
});

test('an analyst reads everything but is offered no way to create a source, and the API refuses it anyway', async () => {
  const analyst = await openPage(browser, base);
  await signIn(analyst.page, ANALYST);
  await analyst.page.goto('/sources');
  await analyst.page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor();
  await analyst.page.getByRole('link', { name: 'prod-cluster' }).waitFor();
  assert.equal(await analyst.page.getByRole('link', { name: 'New source' }).count(), 0);
  await analyst.shot('sources-analyst');
  const status = await analyst.page.evaluate(async () => {
    const session = await (await fetch('/v1/auth/session')).json() as { csrfToken: string };
    const res = await fetch('/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ type: 'teleport_webhook', name: 'sneaky' }) });
    return res.status;
  });
  assert.equal(status, 403);
  await analyst.context.close();
});

test('a page of another origin cannot change anything with the session cookie: no CSRF token, no change', async () => {
  const page = await openPage(browser, base);
  await signIn(page.page, ADMIN);
  const status = await page.page.evaluate(async () => (await fetch('/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'teleport_webhook', name: 'forged' }) })).status);
  assert.equal(status, 403, 'the cookie alone does not do');
  await page.context.close();
});
