import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './env.js';

export const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'artifacts');

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this network refuses.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

export type WatchedPage = { page: Page; context: BrowserContext; problems: string[]; shot: (name: string) => Promise<string> };

/**
 * A page in a fresh context (its own cookies) whose console errors, uncaught exceptions and failed or 5xx
 * requests are collected, so a test can assert the dashboard ran clean.
 */
export async function openPage(browser: Browser, baseURL: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light', acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  // Chrome logs every 4xx answer as a console error; the dashboard shows those to the user (a wrong password,
  // a bad query), so they are not problems. 5xx answers are, and are caught below.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) problems.push(`console: ${msg.text()} at ${page.url()}`);
  });
  page.on('pageerror', (err) => problems.push(`exception: ${err.message} at ${page.url()}\n${err.stack ?? ''}`));
  page.on('response', (res) => { if (res.status() >= 500) problems.push(`${res.status()} ${res.request().method()} ${res.url()}`); });
  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = async (name: string) => {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  return { page, context, problems, shot };
}

const AXE_SOURCE = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

let axeSource: string | null = null;

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] };

/** WCAG 2 level A and AA violations on the page as it is now (axe-core, run inside the page). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) rightly does not allow a tag for.
  axeSource ??= await readFile(AXE_SOURCE, 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    // Runs in the page; the test's own TypeScript has no DOM types, hence globalThis.
    const scope = globalThis as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<AxeResult> }; document: unknown };
    const result = await scope.axe.run(scope.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
