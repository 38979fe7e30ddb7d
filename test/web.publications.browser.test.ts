/**
 * Public reports in a real browser (issue 16, part 4): an IOM coordinator (IOM co-leads the demo platform)
 * composes a report with an English and an Arabic title, adds a plan's dashboard as a bar chart and a figure
 * query as a table (each previewed as the public will read it), publishes it through the confirm step that says
 * the data are frozen; a visitor, signed out, opens its public page, reads it in Arabic (right to left) and on a
 * phone, and prints it without the site's header. Every screen is checked with axe-core.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import type { TandemModule } from '../src/core/module.js';
import { buildServer, type Server } from '../src/http/server.js';
import { MODULES } from '../src/modules.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

describeEachEngine('public reports in Chromium', (engine) => {
  let t: TestDb;
  let server: Server;
  let base: string;
  let email = '';
  let slug = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await freshDb(engine);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const modules = (MODULES as readonly TandemModule<string, any, object>[]).filter((m) => ['vocabulary', 'figures', 'situations', 'coordination', 'response'].includes(m.name));
    for (const m of modules) await m.seed?.(t.app, operatorCtx());
    email = (await makeUser(t.app, [['iom', 'coordinator']], { name: 'Ike IOM coordinator' })).email;
    server = await buildServer(t.app, { webRoot: ui.webRoot });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
    await t?.dispose();
  });
  afterAll(() => { expect(problems).toEqual([]); });

  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('a co-lead\'s coordinator composes a report in two languages, previews its items and publishes it, the data frozen', async () => {
    const page = await signedInPage(ui.browser, base, email, { problems, contexts });
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByTestId('report-count').waitFor();
    await expectAccessible(page, 'reports list');
    await page.getByRole('link', { name: 'Compose a report' }).click();
    await page.getByLabel('Platform the report is on').selectOption('gifmm-colombia-demo');
    await page.getByLabel('Title (English)').fill('Colombia response (browser test)');
    await page.getByLabel('Text (English)').fill('People reached by the platform\'s partners.\n\nFigures are validated reports only.');
    await page.getByRole('tab', { name: /العربية/ }).click();
    await page.getByLabel('Title (العربية)').fill('الاستجابة في كولومبيا');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => page.url()).toMatch(/\/reports\/[^/]+\/edit$/);
    await page.getByTestId('draft-state').waitFor();
    expect(await page.getByTestId('draft-state').textContent()).toContain('never published');

    // A plan's dashboard as a bar chart: the preview is what the public would read.
    await page.getByLabel('What it shows').selectOption('dashboard');
    await page.getByLabel('Platform', { exact: true }).selectOption('gifmm-colombia-demo');
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'Response plan 2025 (demo)' });
    await page.getByLabel('Shown as').selectOption('chart');
    await page.getByLabel('Caption (English)').fill('People reached against targets');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('item-preview').getByTestId('reached-chart').waitFor();
    await expectAccessible(page, 'composer with a preview');
    await page.getByRole('button', { name: 'Add to the report' }).click();
    // A figure query as a table.
    await page.getByLabel('What it shows').selectOption('figures');
    await page.getByLabel('Host').selectOption('COL');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('item-preview').locator('table').waitFor();
    await page.getByRole('button', { name: 'Add to the report' }).click();
    await expect.poll(() => page.getByTestId('items').locator('li').count()).toBe(2);
    // Order: the figures first.
    await page.getByRole('button', { name: 'Move item 2 up' }).click();
    expect(await page.getByTestId('items').locator('li').first().textContent()).toContain('Population figures');

    await page.getByRole('button', { name: 'Publish…' }).click();
    const confirm = page.getByTestId('confirm-publish');
    expect(await confirm.textContent()).toContain('frozen with this version');
    await expectAccessible(page, 'publish confirmation');
    await shot(page, 'reports-composer');
    await confirm.getByRole('button', { name: 'Publish and freeze the data' }).click();
    const note = page.getByTestId('published-note');
    await note.waitFor();
    slug = (await note.getByRole('link').textContent())!.replace('/r/', '');
    expect(slug).toBe('colombia-response-browser-test');
    expect(await page.getByTestId('draft-state').textContent()).toContain('version 1');
  });

  it('a visitor reads the published report signed out, in Arabic, on a phone, with its versions and downloads, and prints it clean', async () => {
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${base}/r/${slug}`);
    await page.getByTestId('public-report').waitFor();
    expect(await h1(page)).toBe('Colombia response (browser test)');
    await expect.poll(() => page.getByTestId('report-item').count()).toBe(2);
    expect(await page.getByTestId('version-line').textContent()).toContain('Version 1');
    expect(await page.getByTestId('versions').locator('li').count()).toBe(1);
    const links = page.getByTestId('downloads').getByRole('link');
    expect(await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')))).toEqual([
      `/api/v1/public/reports/${slug}/versions/1?format=xlsx`, `/api/v1/public/reports/${slug}/versions/1?format=csv`, `/api/v1/public/reports/${slug}/versions/1?format=hxl`,
    ]);
    const xlsx = await page.request.get(`${base}/api/v1/public/reports/${slug}/versions/1?format=xlsx`);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await page.getByTestId('reached-chart').waitFor();
    await expectAccessible(page, 'public report');
    await shot(page, 'report-public');

    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => h1(page)).toBe('الاستجابة في كولومبيا');
    // The text was written in English only: shown in English, and said so.
    expect(await page.locator('.report-text').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('version-line').textContent()).toContain('النسخة 1');
    await expectAccessible(page, 'public report in Arabic');
    await shot(page, 'report-public-ar');

    await page.locator('header.top select').selectOption('en');
    await expect.poll(() => h1(page)).toBe('Colombia response (browser test)');
    await page.setViewportSize({ width: 390, height: 844 });
    // The chart resizes on the next frame after the viewport changes: wait for the layout to settle.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await expectAccessible(page, 'public report on a phone');
    await shot(page, 'report-public-phone');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByTestId('downloads').isVisible()).toBe(false);
    expect(await page.getByTestId('public-report').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // A version that does not exist is "not found"; a signed-out visitor never sees the draft.
    await page.goto(`${base}/r/${slug}/v/2`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/not found/i);
  });
});
