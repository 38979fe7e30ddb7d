import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { PASSWORD } from './auth.js';

export const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'];

/**
 * The interface as users get it (Vite's production build, in a temporary folder) and Debian's Chromium
 * (never a downloaded browser). `close` removes both.
 */
export async function builtInterface(): Promise<{ webRoot: string; browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  const webRoot = mkdtempSync(join(tmpdir(), 'tandem-web-'));
  // Vitest sets NODE_ENV=test, which would bundle React's development build: build what users get.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({ mode: 'production', configFile: join(ROOT, 'web', 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } })
    .finally(() => { process.env.NODE_ENV = env; });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return { webRoot, browser, close: async () => { await browser.close(); rmSync(webRoot, { recursive: true, force: true }); } };
}

/** axe-core on the current screen: no serious or critical violation. Injected over DevTools, so the CSP stays on. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `${screen}: ${JSON.stringify(violations)}`).toEqual([]);
}

/**
 * A fresh browser profile (its own cookies) signed in as `email` through the sign-in screen. Page errors and
 * console errors other than refused requests go to `problems`; the context to `contexts`, for the suite to close.
 */
export async function signedInPage(browser: Browser, base: string, email: string, opts: {
  problems: string[]; contexts: BrowserContext[]; viewport?: { width: number; height: number };
}): Promise<Page> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 }, locale: 'en-GB' });
  opts.contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => opts.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) opts.problems.push(`console: ${m.text()}`); });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}
