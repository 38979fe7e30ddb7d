/**
 * Flow monitoring in a real browser (issue 17, screens): an IOM information officer previews a SYNTHETIC
 * workbook in IOM DTM's flow-monitoring layout through the mapping shipped with Tandem (two header rows, Excel
 * serial dates read as dates), imports it, imports it again (nothing changes), saves a mapping from the screen
 * (a bad hashtag is named beside its field) and reads next month's file with it; a bad file's error names the
 * row and the column. The trends and corridors say "flow" and suppress small cells; the points stand on the
 * world map (Panama has no boundaries loaded). A partner reporter, on a phone, sees the trends but not the
 * import; the trends read in Arabic. Every screen is checked with axe-core. No address carries a personal value.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { syntheticDtmWorkbook, type DtmRow } from './fixtures/synthetic-movements.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

// SYNTHETIC counts (men, boys, women, girls). Venezuela → Panama → USA: 500 people entering over two days;
// Ecuador → Panama → Mexico: 6 leaving; Colombia → Panama → Mexico: 2 leaving (a small cell: suppressed).
const MARCH: DtmRow[] = [
  ['2024-03-04', 'Lajas Blancas', 'PA-LB', 'Incoming', 'Venezuela', 'United States of America', [120, 40, 80, 35]],
  ['2024-03-05', 'Lajas Blancas', 'PA-LB', 'Incoming', 'Venezuela', 'United States of America', [100, 30, 70, 25]],
  ['2024-03-05', 'San Vicente', 'PA-SV', 'Outgoing', 'Ecuador', 'Mexico', [3, 0, 2, 1]],
  ['2024-03-06', 'San Vicente', 'PA-SV', 'Outgoing', 'Colombia', 'Mexico', [1, 0, 1, 0]],
];
const APRIL: DtmRow[] = [
  ['2024-04-01', 'Lajas Blancas', 'PA-LB', 'Incoming', 'Venezuela', 'United States of America', [90, 20, 60, 30]],
  ['2024-04-02', 'San Vicente', 'PA-SV', 'Outgoing', 'Ecuador', 'Mexico', [10, 2, 8, 4]],
];

describeEachEngine('flow monitoring and mapped imports in Chromium', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let base: string;
  const emails: Record<string, string> = {};
  const files: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const visited: string[] = [];

  beforeAll(async () => {
    t = await freshDb(engine);
    app = t.app;
    // Flow monitoring needs no demo data: the countries are reference data, the counts come from the import below.
    await app.accounts.createOrganisation(operatorCtx(), { slug: 'partner-ngo', name: 'Partner NGO (test)', kind: 'ngo' });
    emails.iomIm = (await makeUser(app, [['iom', 'im_officer']], { name: 'Ines IOM officer' })).email;
    emails.reporter = (await makeUser(app, [['partner-ngo', 'partner_reporter']], { name: 'Pablo Partner reporter' })).email;
    files.march = await syntheticDtmWorkbook(`dtm-march-${engine}.xlsx`, MARCH);
    files.april = await syntheticDtmWorkbook(`dtm-april-${engine}.xlsx`, APRIL);
    files.bad = await syntheticDtmWorkbook(`dtm-bad-${engine}.xlsx`, [MARCH[0]!, ['2024-03-07', 'San Vicente', 'PA-SV', 'Outgoing', 'Atlantis', 'Mexico', [4, 0, 3, 0]]]);
    server = await buildServer(app, { webRoot: ui.webRoot });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
    await t?.dispose();
  });
  afterAll(() => {
    expect(problems).toEqual([]);
    // No personal value in any address: the screens' paths are fixed words.
    expect(visited.filter((u) => u.startsWith('/movements')).length).toBeGreaterThan(3);
    for (const url of visited) expect(url, url).toMatch(/^\/movements(\/import)?$|^\/sign-in$|^\/$/);
  });

  const open = async (browser: Browser, who: string, viewport?: { width: number; height: number }) => {
    const page = await signedInPage(browser, base, emails[who]!, { problems, contexts, viewport });
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) visited.push(new URL(f.url()).pathname + new URL(f.url()).search); });
    return page;
  };
  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const narrowEnough = async (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const summary = (page: Page) => page.getByTestId('mapped-summary');
  const importFile = async (page: Page, path: string) => {
    await page.getByLabel('File (CSV or XLSX)').setInputFiles(path);
    await page.getByRole('button', { name: 'Import the flow counts' }).click();
  };

  it('an IOM information officer previews the DTM workbook through the shipped mapping, imports it, and again: nothing changes', async () => {
    const page = await open(ui.browser, 'iomIm');
    await page.getByRole('link', { name: 'Movements' }).click();
    await expect.poll(() => h1(page)).toBe('Movements');
    await page.getByRole('link', { name: 'Import flow counts from a file (mapped import)' }).click();
    await expect.poll(() => h1(page)).toBe('Mapped import');
    // The shipped mapping is the one there is.
    await expect.poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('*/dtm-flow-monitoring');
    await page.getByLabel('File (CSV or XLSX)').setInputFiles(files.march!);
    await page.getByRole('button', { name: 'Preview the first rows' }).click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    expect(await preview.getByRole('heading', { level: 2 }).textContent()).toBe(`dtm-march-${engine}.xlsx as the mapping dtm-flow-monitoring reads it`);
    // Two header rows: the group header merged over Adults and Children is joined to them.
    const headers = page.getByTestId('preview-headers');
    expect(await headers.locator('tr[data-letter="L"]').textContent()).toContain('Males / Adults#affected+m+adults');
    expect(await headers.locator('tr[data-letter="P"]').textContent()).toContain('Total individualsnot mapped');
    // The survey date, an Excel serial number in the file, reads as a date.
    const first = page.getByTestId('preview-rows').locator('tr[data-row="3"]');
    expect(await first.locator('td').first().textContent()).toBe('2024-03-04');
    expect(await first.textContent()).toContain('Lajas Blancas');
    expect(await page.getByTestId('preview-rows').locator('tbody tr').count()).toBe(MARCH.length);
    expect(await page.getByTestId('preview-ready').count()).toBe(1);
    await expectAccessible(page, 'mapped import preview');
    await shot(page, 'movements-import-preview');

    await page.getByRole('button', { name: 'Import the flow counts' }).click();
    await expect.poll(() => summary(page).getByRole('heading').textContent()).toBe(`dtm-march-${engine}.xlsx was imported`);
    // A zero is a count too: four rows × four columns; two points created.
    expect(await summary(page).getByTestId('rows-read').textContent()).toBe('4');
    expect(await summary(page).getByTestId('inserted').textContent()).toBe('16');
    expect(await summary(page).getByTestId('points-created').textContent()).toBe('2');
    await expectAccessible(page, 'mapped import done');

    await page.getByRole('button', { name: 'Import the flow counts' }).click();
    await expect.poll(() => summary(page).getByRole('heading').textContent()).toBe(`dtm-march-${engine}.xlsx changed nothing: the same file again, every count was already there`);
    expect(await summary(page).getByTestId('inserted').textContent()).toBe('0');
    expect(await summary(page).getByTestId('unchanged').textContent()).toBe('16');
    expect(await summary(page).getByTestId('points-created').textContent()).toBe('0');
  });

  it('a bad file is refused whole, its error naming the row and the column', async () => {
    const page = await open(ui.browser, 'iomIm');
    await page.goto(`${base}/movements/import`);
    await importFile(page, files.bad!);
    const refused = page.getByTestId('upload-errors');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('nothing was imported');
    const row = refused.locator('tbody tr').first();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(`dtm-bad-${engine}.xlsx`);
    expect(cells[1]).toBe('4');
    expect(cells[2]).toMatch(/^I \(Country of Origin\)$/);
    expect(cells[3]).toBe('"Atlantis" is not a known country (an ISO3 code or its name)');
    expect(await page.getByTestId('mapped-summary').count()).toBe(0);
    await expectAccessible(page, 'mapped import refused');
  });

  it('saves a mapping from the screen (a bad hashtag is named beside its field) and reads next month\'s file with it', async () => {
    const page = await open(ui.browser, 'iomIm');
    await page.goto(`${base}/movements/import`);
    await page.getByRole('button', { name: 'Start from dtm-flow-monitoring' }).click();
    await page.getByLabel('Name (required)').fill('SYNTHETIC monthly FMP');
    const rule = page.getByRole('group', { name: 'Column rule 1', exact: true });
    expect(await rule.getByLabel('Header', { exact: true }).inputValue()).toBe('Survey Date');
    await rule.getByLabel('Hashtag').fill('date');
    await page.getByRole('button', { name: 'Save the mapping' }).click();
    await expect.poll(() => page.getByTestId('error-mr-tag-0').count()).toBe(1);
    expect(await page.getByTestId('error-mr-tag-0').textContent()).toContain('"date" is not a hashtag');
    expect(await rule.getByLabel('Hashtag').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'mapping with an error');
    await rule.getByLabel('Hashtag').fill('#date');
    await page.getByRole('button', { name: 'Save the mapping' }).click();
    await expect.poll(() => page.getByTestId('mapping-saved').textContent()).toBe('The mapping SYNTHETIC monthly FMP was saved: it is chosen above for the next file.');
    await expect.poll(() => page.getByLabel('Mapping', { exact: true }).inputValue()).toBe('iom/SYNTHETIC monthly FMP');

    await importFile(page, files.april!);
    await expect.poll(() => summary(page).getByRole('heading').textContent()).toBe(`dtm-april-${engine}.xlsx was imported`);
    expect(await summary(page).getByTestId('inserted').textContent()).toBe('8');
    expect(await summary(page).getByTestId('points-created').textContent()).toBe('0');
    expect(await summary(page).textContent()).toContain('SYNTHETIC monthly FMP');
  });

  it('the trends and corridors say "flow" and suppress small cells; the points stand on the world map', async () => {
    const page = await open(ui.browser, 'iomIm');
    await page.goto(`${base}/movements`);
    expect(await page.getByTestId('flow-note').textContent()).toMatch(/^Every number here is a flow: .* It is not a population present \(a stock\)/);
    const trend = page.getByTestId('trend-table');
    await trend.waitFor();
    expect(await trend.locator('caption').textContent()).toBe('Flows by corridor and month (People crossing; people passing, not a stock)');
    const ven = trend.locator('tr[data-corridor="VEN>PAN>USA"]');
    // March 500, April 200: the chart's numbers, as a table.
    expect(await ven.locator('td').allTextContents()).toEqual(['500', '200', '700']);
    expect(await ven.locator('th').textContent()).toBe('Venezuela → Panama → United States of America');
    expect(await trend.locator('tr[data-corridor="COL>PAN>MEX"] td').first().textContent()).toBe('hidden');
    expect(await page.getByTestId('suppressed-note').first().textContent()).toMatch(/hidden by disclosure control/);
    const corridors = page.getByTestId('corridor-table');
    expect(await corridors.locator('tr[data-corridor="VEN>PAN>USA"] td').last().textContent()).toBe('700');
    expect(await corridors.locator('tr[data-corridor="COL>PAN>MEX"] td').last().textContent()).toBe('hidden');
    await page.getByTestId('trend-chart').waitFor();

    const map = page.getByTestId('points-map');
    await map.waitFor();
    expect(await map.getAttribute('data-base')).toBe('world');
    expect(await map.getAttribute('data-points')).toBe('2');
    expect(await map.getAttribute('aria-label')).toContain('Lajas Blancas (Border crossing, IOM)');
    const points = page.getByTestId('points');
    expect(await points.locator('tr[data-code="PA-LB"]').textContent()).toMatch(/Lajas Blancas.*PA-LB.*Panama.*Border crossing.*IOM/);
    expect(await page.getByTestId('point-summary').textContent()).toBe('2 points');
    await expectAccessible(page, 'movements');
    await shot(page, 'movements-trends');

    // One point: San Vicente counts Ecuadorians and Colombians, not the Venezuelans counted at Lajas Blancas.
    await page.getByLabel('Monitoring point', { exact: true }).selectOption({ label: 'San Vicente (PA-SV, Panama)' });
    await expect.poll(() => trend.locator('tr[data-corridor="VEN>PAN>USA"]').count()).toBe(0);
    // April's 24 stands; March's 6 would give Colombia's 2 away from the month's total: suppressed too.
    await expect.poll(async () => (await trend.locator('tr[data-corridor="ECU>PAN>MEX"] td').allTextContents()).slice(0, 2)).toEqual(['hidden', '24']);
    expect(await trend.locator('tr[data-corridor="COL>PAN>MEX"]').count()).toBe(1);
    await page.getByLabel('Monitoring point', { exact: true }).selectOption('');
    await expect.poll(() => trend.locator('tr[data-corridor="VEN>PAN>USA"]').count()).toBe(1);

    // Leaving only: the Venezuelan corridor (entering) goes; by week, the buckets are weeks.
    await page.getByLabel('Direction').selectOption('exit');
    await expect.poll(() => trend.locator('tr[data-corridor="VEN>PAN>USA"]').count()).toBe(0);
    expect(await trend.locator('tr[data-corridor="ECU>PAN>MEX"]').count()).toBe(1);
    await page.getByLabel('By', { exact: true }).selectOption('week');
    await expect.poll(() => trend.locator('caption').textContent()).toBe('Flows by corridor and week (People crossing; people passing, not a stock)');
    expect(await trend.locator('thead th').nth(1).textContent()).toMatch(/^week of /);
    await expectAccessible(page, 'movements by week, leaving');
  });

  it('a partner reporter, on a phone, sees the trends but not the import; the trends read in Arabic', async () => {
    const page = await open(ui.browser, 'reporter', PHONE);
    await page.getByRole('link', { name: 'Movements' }).click();
    const trend = page.getByTestId('trend-table');
    await trend.waitFor();
    expect(await trend.locator('tr[data-corridor="VEN>PAN>USA"] td').last().textContent()).toBe('700');
    expect(await page.getByRole('link', { name: 'Import flow counts from a file (mapped import)' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Add a point' }).count()).toBe(0);
    await page.getByTestId('points-map').waitFor();
    await narrowEnough(page);
    await expectAccessible(page, 'movements on a phone');
    await shot(page, 'movements-phone');
    await page.goto(`${base}/movements/import`);
    await expect.poll(() => page.getByTestId('may-not-import').count()).toBe(1);
    expect(await page.getByLabel('File (CSV or XLSX)').count()).toBe(0);
    await expectAccessible(page, 'mapped import refused to a reporter');

    await page.goto(`${base}/movements`);
    await page.getByTestId('trend-table').waitFor();
    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => h1(page)).toBe('التنقلات');
    await expect.poll(() => page.getByTestId('trend-table').locator('caption').textContent()).toBe('التدفقات حسب الممر والشهر (الأشخاص العابرون؛ أشخاص عابرون، لا رصيد)');
    await narrowEnough(page);
    await expectAccessible(page, 'movements in Arabic on a phone');
    await shot(page, 'movements-ar');
  });
});
