/**
 * R4V's way of counting in a real browser (issue 19, screens): IOM's information-management officer (IOM co-leads
 * the platform) sets the consolidation model to maxsector for Colombia, declares the indicator types, loads a
 * proportions workbook; checks a 5W file with a bad row and reads R4V's error report (row, column and check
 * named, XLSX download); fixes the row and imports the file; then reads the model figure and the conservative
 * figure side by side, in English and in Arabic. A partner's reporter reads the settings, on a phone, and is
 * offered no change. Every screen is checked with axe-core. All data are SYNTHETIC, built here.
 *
 * The figures: in Bogotá in March, Shelter reached 10 people (proportions: 80 % women) and Food Security 6
 * (80 % men). Sum: 16. Maxsector: women max(8, 1) + men max(2, 5) = 13. Conservative: the highest activity, 10.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { R4V_5W_COLUMNS } from '../src/response/r4v.layout.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
const SLUG = 'r4v-screens-test';
const SHARES = ['Dest_GIrls', 'Dest_Boys', 'Dest_Women', 'Dest_Men', 'Transit_GIrls', 'Transit_Boys', 'Transit_Women', 'Transit_Men',
  'HC_Girls', 'HC_Boys', 'HC_Women', 'HC_Men', 'Pendular_Girls', 'Pendular_Boys', 'Pendular_Women', 'Pendular_Men',
  'Returnees_Girls', 'Returnees_Boys', 'Returnees_Women', 'Returnees_Men'];
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

/** A workbook of one sheet: a header row, then the rows. */
async function workbook(sheet: string, headers: readonly string[], rows: ReadonlyArray<Record<string, string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** R4V's proportions workbook's count sheets: "PiN 2022" and "Target", by country, admin 1 and sector. */
async function pinWorkbook(rows: ReadonlyArray<{ admin1: string; sector: string; pin: number; target: number }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, prefix, key] of [['PiN 2022', 'PiN', 'pin'], ['Target', 'Target', 'target']] as const) {
    const ws = wb.addWorksheet(sheet);
    ws.addRow([`${prefix} Platform`, `${prefix} Country`, `${prefix} Admin1`, 'Subsector', `${prefix} Total`]);
    for (const r of rows) ws.addRow(['Colombia', 'Colombia', r.admin1, r.sector, r[key]]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeEachEngine('R4V consolidation screens in Chromium', (engine) => {
  let t: TestDb;
  let server: Server;
  let base: string;
  let planId = '';
  const emails: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const visited: string[] = [];
  const names = { org: '', admin1: '', shelterIndicator: '', foodIndicator: '' };

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures', 'situations', 'coordination', 'response']);
    const op = operatorCtx();
    await t.app.platforms.create(op, { name: 'R4V screens platform (SYNTHETIC)', slug: SLUG, tier: 'regional', situation: 'venezuela-colombia', coLeads: ['iom', 'unhcr'] });
    await t.app.platforms.addSector(op, SLUG, { code: 'shelter', name: 'Shelter', leads: [] });
    await t.app.platforms.addSector(op, SLUG, { code: 'food', name: 'Food Security', leads: [] });
    planId = (await t.app.plans.createPlan(op, SLUG, { name: 'R4V plan 2025 (SYNTHETIC)', startMonth: '2025-01', endMonth: '2025-12' })).id;
    names.org = (await t.app.db.selectFrom('organisations').select('name').where('slug', '=', 'iom').executeTakeFirstOrThrow()).name;
    names.admin1 = (await t.app.registries.adminArea('CO11'))!.name;
    names.shelterIndicator = (await t.app.registries.indicator('demo.prot.orientation'))!.name;
    names.foodIndicator = (await t.app.registries.indicator('demo.cp.case-management'))!.name;
    emails.im = (await makeUser(t.app, [['iom', 'im_officer']], { name: 'Ines IOM officer' })).email;
    emails.partner = (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']], { name: 'Pablo partner reporter' })).email;
    server = await buildServer(t.app, { webRoot: ui.webRoot });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
    await t?.dispose();
  });
  afterAll(() => {
    expect(problems).toEqual([]);
    // No personal value in any address: fixed words, the platform's slug, the plan's id and tab names.
    expect(visited.length).toBeGreaterThan(3);
    for (const url of visited) expect(url, url).toMatch(/^\/platforms\/r4v-screens-test(\/r4v)?$|^\/plans\/[0-9a-f-]{36}(\?tab=(dashboard|r4v))?$|^\/sign-in$|^\/$/);
  });

  const open = async (browser: Browser, who: string, viewport?: { width: number; height: number }) => {
    const page = await signedInPage(browser, base, emails[who]!, { problems, contexts, viewport });
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) visited.push(new URL(f.url()).pathname + new URL(f.url()).search); });
    return page;
  };
  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());
  const narrowEnough = async (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  /** R4V's 5W layout: Shelter reaches 10 people in Bogotá in March, Food Security 6; `destination` is row 3's IN_DESTINATION. */
  const fiveW = (destination: number) => workbook('5W', R4V_5W_COLUMNS.map(([h]) => h), [
    { Country: 'Colombia', Admin1: names.admin1, Appealing_org: names.org, Implementation: 'No', Month: '2025-03', Subsector: 'Shelter', Indicator: names.shelterIndicator,
      Activity_Name: 'Shelter kits (SYNTHETIC)', RMRPActivity: 'Yes', CVA: 'No', Total_monthly: 10, New_beneficiaries: 10, IN_DESTINATION: 10, Women: 8, Men: 2 },
    { Country: 'Colombia', Admin1: names.admin1, Appealing_org: names.org, Implementation: 'No', Month: '2025-03', Subsector: 'Food Security', Indicator: names.foodIndicator,
      Activity_Name: 'Food baskets (SYNTHETIC)', RMRPActivity: 'Yes', CVA: 'No', Total_monthly: 6, New_beneficiaries: 6, IN_DESTINATION: destination, Women: 1, Men: 5 },
  ]);
  const proportions = () => {
    const row = (sector: string, women: number) => ({ Country: 'Colombia', Admin1: names.admin1, Subsector: sector,
      ...Object.fromEntries(SHARES.map((h) => [h, /Women/.test(h) ? women : /Men/.test(h) ? 1 - women : 0])) });
    return workbook('pinproportions', ['Country', 'Admin1', 'Subsector', ...SHARES], [row('Shelter', 0.8), row('Food Security', 0.2)]);
  };

  it('IOM\'s officer sets maxsector for Colombia, declares the indicator types and loads the proportions', async () => {
    const page = await open(ui.browser, 'im');
    await page.goto(`${base}/platforms/${SLUG}`);
    await page.getByRole('link', { name: 'How this platform counts people reached, R4V\'s way' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('R4V consolidation settings');
    await page.getByTestId('r4v-settings-form').waitFor();
    expect(await page.getByTestId('r4v-model-help').textContent()).toContain('the highest sector per cell');
    expect(await page.getByLabel('Consolidation model').inputValue()).toBe('sum');
    await page.getByRole('button', { name: 'Add a country' }).click();
    await page.getByLabel('Country 1', { exact: true }).fill('Colombia');
    await page.getByLabel('Model of country 1').selectOption('maxsector');
    await expectAccessible(page, 'R4V settings form');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByTestId('r4v-saved').waitFor();
    const settings = (await server.inject({ url: `/api/v1/platforms/${SLUG}/r4v/settings` })).json();
    // The settings are public; whether the reader may change them is the server's word (`can`), here a visitor's.
    expect(settings).toMatchObject({ model: 'sum', countries: { Colombia: 'maxsector' }, countTypes: ['Direct Assistance'], can: { update: false, seeUnreviewed: false } });

    // 2022 counts PiN indicators (R4V's 2022 rule), every other year Direct Assistance.
    await page.getByRole('button', { name: 'Add a year' }).click();
    await page.getByLabel('Year 1', { exact: true }).fill('2022');
    await page.getByLabel('Types counting in year 1 (separated by commas)').fill('PiN');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(async () => (await server.inject({ url: `/api/v1/platforms/${SLUG}/r4v/settings` })).json().countTypesByYear).toEqual({ 2022: ['PiN'] });

    // An incomplete line is named; then the table as copied from a spreadsheet.
    await page.getByLabel('Indicator types, one per line').fill(`Shelter\t${names.shelterIndicator}`);
    await page.getByRole('button', { name: 'Replace the indicator types' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('These lines lack a sector, an indicator or a type: 1');
    await page.getByLabel('Indicator types, one per line').fill(`Subsector\tIndicator\tType\nShelter\t${names.shelterIndicator}\tDirect Assistance\nFood Security\t${names.foodIndicator}\tDirect Assistance`);
    await page.getByRole('button', { name: 'Replace the indicator types' }).click();
    await expect.poll(() => page.getByTestId('r4v-types-saved').textContent()).toBe('2 indicator types saved.');

    await page.getByLabel('Proportions workbook (XLSX)').setInputFiles({ name: 'proportions.xlsx', mimeType: 'application/octet-stream', buffer: await proportions() });
    await page.getByRole('button', { name: 'Load the proportions' }).click();
    await expect.poll(() => page.getByTestId('r4v-proportions-result').textContent()).toBe('2 rows of proportions loaded from the sheet pinproportions.');
    // People in need and targets: a Shelter target above its people in need is named by country, admin 1 and sector.
    await page.getByLabel('Workbook of people in need and targets (XLSX)').setInputFiles({ name: 'pin.xlsx', mimeType: 'application/octet-stream',
      buffer: await pinWorkbook([{ admin1: names.admin1, sector: 'Shelter', pin: 100, target: 120 }, { admin1: names.admin1, sector: 'Food Security', pin: 50, target: 10 }]) });
    await page.getByRole('button', { name: 'Load the people in need and targets' }).click();
    await expect.poll(() => page.getByTestId('r4v-pin-result').textContent()).toBe('Loaded: 2 rows.');
    await expect.poll(() => page.getByTestId('r4v-pin-checks').textContent()).toBe(`Colombia, ${names.admin1}, Shelter: the target (120) is above the people in need (100)`);
    expect(await page.getByTestId('r4v-pin-table').locator('tbody tr').count()).toBe(2);
    await expectAccessible(page, 'R4V settings after the tables');
    await shot(page, 'r4v-settings');
  });

  it('checks a 5W file with a bad row: R4V\'s error report names row, column and check; fixed, the file imports', async () => {
    const page = await open(ui.browser, 'im');
    await page.goto(`${base}/plans/${planId}`);
    await page.getByRole('link', { name: 'R4V consolidation' }).click();
    await page.getByTestId('r4v-import').waitFor();
    // Nothing imported yet: no figures, and the tab says so.
    await page.getByTestId('r4v-no-figures').waitFor();
    await page.getByLabel('5W file (XLSX)').setInputFiles({ name: 'bad-5w.xlsx', mimeType: 'application/octet-stream', buffer: await fiveW(4) });
    await page.getByRole('button', { name: 'Check only' }).click();
    await expect.poll(() => page.getByTestId('r4v-error-summary').textContent()).toBe('1 row to review (5 problems).');
    const lines = await page.getByTestId('r4v-error-line').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    expect(lines).toContainEqual(['3', 'IN_DESTINATION', 'PopTypeBreakdown', 'The population groups do not add up to the new people.']);
    expect(lines.every((l) => l[0] === '3' && l[2] === 'PopTypeBreakdown')).toBe(true);
    await expectAccessible(page, 'R4V error report');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'XLSX (R4V\'s sheet)' }).click();
    expect((await download).suggestedFilename()).toBe('5WErrorReport.xlsx');
    // Checking wrote nothing.
    expect((await t.app.db.selectFrom('r4v_rows').select('id').where('plan_id', '=', planId).execute()).length).toBe(0);
    await shot(page, 'r4v-error-report');

    await page.getByLabel('5W file (XLSX)').setInputFiles({ name: 'fixed-5w.xlsx', mimeType: 'application/octet-stream', buffer: await fiveW(6) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('r4v-import-result').textContent()).toContain('fixed-5w.xlsx: 2 rows read; 2 new or changed, 0 removed, 0 unchanged.');
    expect(await page.getByTestId('r4v-import-review').textContent()).toBe('R4V\'s checks pass on every row.');
    expect(await page.getByTestId('r4v-error-report').count()).toBe(0);
    await expectAccessible(page, 'R4V import result');
  });

  it('the officer reads the model figure and the conservative figure side by side, and the consolidated report; in Arabic too', async () => {
    const page = await open(ui.browser, 'im');
    await page.goto(`${base}/plans/${planId}?tab=r4v`);
    // The imported reports await review: the co-lead asks for them.
    await page.getByLabel('Reports counted').selectOption('submitted');
    const model = page.getByTestId('r4v-model-figure');
    const conservative = page.getByTestId('r4v-conservative-figure');
    await expect.poll(() => model.locator('.big').textContent()).toBe('13');
    expect(await conservative.locator('.big').textContent()).toBe('10');
    // Colombia, the one country, counts by its own model: the figure is maxsector's, and says so.
    expect(await model.locator('h4').textContent()).toBe('By the consolidation model: Highest sector (maxsector)');
    expect(await model.textContent()).toContain('the highest sector per cell');
    expect(await model.textContent()).toContain('Some countries use a model of their own');
    expect(await conservative.textContent()).toContain('a lower bound');
    const colombia = page.getByTestId('r4v-by-country').locator('tbody tr').first();
    expect(await colombia.evaluate((r) => [...r.children].map((c) => c.textContent))).toEqual(['Colombia', 'Highest sector (maxsector)', '2025-03', '13', '10']);
    // The consolidated report: the inter-sector row of Bogotá by maxsector; Shelter's row is its running total.
    const report = page.getByTestId('r4v-report');
    await expect.poll(() => report.locator(`tr[data-admin1="${names.admin1}"]`).count()).toBeGreaterThan(0);
    expect(await report.locator(`tr[data-admin1="${names.admin1}"] td`).nth(5).textContent()).toBe('13');
    await page.getByLabel('Sector').selectOption('Shelter');
    await expect.poll(() => report.locator(`tr[data-admin1="${names.admin1}"][data-sector="Shelter"]`).first().locator('td').nth(5).textContent()).toBe('10');
    expect(await page.getByRole('link', { name: 'XLSX', exact: true }).getAttribute('href')).toBe(`/api/v1/plans/${planId}/r4v/consolidated?include=submitted&format=xlsx`);
    expect(await page.getByTestId('r4v-stored-errors').getByRole('link', { name: 'XLSX (R4V\'s sheet)' }).getAttribute('href')).toBe(`/api/v1/plans/${planId}/r4v/errors?format=xlsx`);
    await expectAccessible(page, 'R4V figures and consolidated report');
    await shot(page, 'r4v-figures');

    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'الأشخاص الذين وصلت إليهم المساعدة، كما تعدّهم R4V' }).count()).toBe(1);
    expect(await conservative.locator('h4').textContent()).toBe('الرقم المتحفّظ دون تكرار');
    await expectAccessible(page, 'R4V figures in Arabic');
    await shot(page, 'r4v-figures-ar');
  });

  it('a partner\'s reporter reads the settings on a phone and is offered no change', async () => {
    const page = await open(ui.browser, 'partner', PHONE);
    await page.goto(`${base}/platforms/${SLUG}/r4v`);
    await page.getByTestId('r4v-settings-view').waitFor();
    expect(await page.getByTestId('r4v-settings-view').textContent()).toContain('Only the platform\'s co-leads change these settings.');
    expect(await page.getByTestId('r4v-settings-view').textContent()).toContain('Colombia: Highest sector (maxsector)');
    expect(await page.getByRole('button', { name: 'Save the settings' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Load the proportions' }).count()).toBe(0);
    expect(await page.getByTestId('r4v-years').textContent()).toBe('2022: PiN');
    // The people in need and targets are plans, read by everyone; loading them is the co-leads'.
    await expect.poll(() => page.getByTestId('r4v-pin-table').locator('tbody tr').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Load the people in need and targets' }).count()).toBe(0);
    await narrowEnough(page);
    await expectAccessible(page, 'R4V settings, read only, on a phone');
    await shot(page, 'r4v-settings-phone');
    // The server agrees: the partner's roles never change R4V settings (the route answers "not found").
    const status = await page.evaluate(async (slug) => (await fetch(`/api/v1/platforms/${slug}/r4v/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sum' }) })).status, SLUG);
    expect([403, 404]).toContain(status);

    // Once the co-leads validated the month, the plan's dashboard shows both figures to everyone, beside people reached.
    const reports = await t.app.db.selectFrom('reports').innerJoin('activities', 'activities.id', 'reports.activity_id').select('reports.id').where('activities.plan_id', '=', planId).execute();
    expect(reports).toHaveLength(2);
    for (const r of reports) await t.app.reports.review(operatorCtx(), r.id, { decision: 'validate' });
    await page.goto(`${base}/plans/${planId}`);
    await expect.poll(() => page.getByTestId('r4v-model-figure').locator('.big').textContent()).toBe('13');
    expect(await page.getByTestId('r4v-conservative-figure').locator('.big').textContent()).toBe('10');
    await page.getByTestId('people-reached').waitFor();
    await narrowEnough(page);
    await expectAccessible(page, 'plan dashboard with the R4V figures, on a phone');

    // Outside the platform, the consolidated report hides small figures (Bogotá's 2 men of Shelter, and what would reveal them) and says so.
    await page.goto(`${base}/plans/${planId}?tab=r4v`);
    await expect.poll(() => page.getByTestId('r4v-report-hidden').textContent()).toMatch(/^\d+ figures are hidden \(shown as —\)/);
    const shelter = (await server.inject({ url: `/api/v1/plans/${planId}/r4v/consolidated` })).json().find((r: { admin1: string; sector: string }) => r.admin1 === names.admin1 && r.sector === 'Shelter');
    expect(shelter).toMatchObject({ total: 10, men: null, women: null });
    await expectAccessible(page, 'R4V consolidated report under disclosure control, on a phone');
  });
});
