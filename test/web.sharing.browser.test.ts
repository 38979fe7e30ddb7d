/**
 * Data sharing in a real browser (issue 16, screens): an IOM representative drafts a data-sharing agreement
 * with UNHCR (a missing field is named beside it), both representatives approve it and it reads "in force";
 * UNHCR's information officer, on a phone, reads IOM's 5W at the agreed granularity (admin 1, while IOM
 * reports at admin 2); the read is in the transfer register of both organisations and in the agreement's
 * report; a third organisation is told "not found" at the agreement's address. Every screen is checked with
 * axe-core; one in Arabic. No address carries a personal value: only ids and tab names.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

describeEachEngine('data-sharing agreements and the transfer register in Chromium', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let base: string;
  const emails: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const visited: string[] = [];
  let agreementPath = '';
  let offsetMs = 0;
  const title = `SYNTHETIC: IOM 5W to UNHCR (${engine})`;

  beforeAll(async () => {
    t = await freshDb(engine);
    // The demo's platforms and 5W plan (the modules this needs, not every module's demo).
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures', 'situations', 'coordination', 'response']);
    // The sharing clock runs with real time, and the last test moves it past the expiry day.
    app = createApp(t.database, { sharing: { now: () => new Date(Date.now() + offsetMs) } });
    const op = operatorCtx();
    await app.accounts.createOrganisation(op, { slug: 'third-ngo', name: 'Third NGO (test)', kind: 'ngo' });
    // IOM reports in Cúcuta (admin 2, in Norte de Santander) and in an admin-1 area: the agreement shares admin 1.
    await app.registries.upsertAdminAreas(op, [{ pcode: 'CO54001', iso3: 'COL', level: 2, name: 'Cúcuta (test)', parent: 'CO54' }]);
    const planId = (await app.plans.platformPage(op, 'gifmm-colombia-demo')).plans[0]!.id;
    for (const [pcode, reached] of [['CO54001', 40], ['CO44', 60]] as const) {
      const activity = await app.plans.addActivity(op, planId, {
        partner: 'iom', sector: 'child_protection', indicator: 'demo.cp.case-management', pcode, countsPin: true, description: 'SYNTHETIC (browser test)',
      });
      const { report } = await app.reports.saveReport(op, activity.id, '2025-01', [{ group: 'in_destination', sex: 'female', age: '0-17', reached, newReached: reached }], true);
      await app.reports.review(op, report.id, { decision: 'validate' });
    }
    const people: Array<[string, string, 'agency_representative' | 'im_officer', string]> = [
      ['iomRep', 'iom', 'agency_representative', 'Irene IOM representative'], ['unhcrRep', 'unhcr', 'agency_representative', 'Ulises UNHCR representative'],
      ['unhcrIm', 'unhcr', 'im_officer', 'Ursula UNHCR officer'], ['third', 'third-ngo', 'im_officer', 'Tomas Third'],
    ];
    for (const [key, org, role, name] of people) emails[key] = (await makeUser(app, [[org, role]], { name })).email;
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
    // No personal value in any address: the screens' paths are fixed words, ids and tab names.
    expect(visited.filter((u) => u.startsWith('/sharing')).length).toBeGreaterThan(8);
    for (const url of visited) expect(url, url).toMatch(/^\/sharing(\?tab=(agreements|transfers))?$|^\/sharing\/agreements\/(new|[0-9a-f-]{36})$|^\/sign-in$|^\/$/);
  });

  const open = async (browser: Browser, who: string, viewport?: { width: number; height: number }) => {
    const page = await signedInPage(browser, base, emails[who]!, { problems, contexts, viewport });
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) visited.push(new URL(f.url()).pathname + new URL(f.url()).search); });
    return page;
  };
  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const status = (page: Page) => page.getByTestId('agreement-status').first().textContent();
  const narrowEnough = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  it('an IOM representative drafts an agreement with UNHCR; a missing field is named beside it', async () => {
    const page = await open(ui.browser, 'iomRep');
    await page.getByRole('link', { name: 'Data sharing' }).click();
    await page.getByTestId('agreement-summary').waitFor();
    await expectAccessible(page, 'agreement list');
    await page.getByRole('link', { name: 'Draft an agreement' }).click();
    await page.getByLabel('Title (required)').fill(title);
    const first = page.getByRole('group', { name: 'Party 1' });
    // The account's organisation is the first party from the start.
    await expect.poll(() => first.getByLabel('Organisation').inputValue()).toBe('iom');
    await first.getByLabel('Role in the agreement').selectOption('provider');
    const second = page.getByRole('group', { name: 'Party 2' });
    await second.getByLabel('Organisation').selectOption('unhcr');
    await second.getByLabel('Role in the agreement').selectOption('recipient');
    await page.getByRole('group', { name: 'Kinds of data' }).getByLabel('5W reports').check();
    await page.getByLabel('Purpose (required)').fill('SYNTHETIC: planning protection services where IOM works.');
    await page.getByLabel('Granularity (finest level shared)').selectOption('admin1');
    await page.getByLabel('Fields').fill('admin1, indicator, reached');
    await expectAccessible(page, 'draft an agreement');
    // Without its document reference the server refuses it, and the message stands under that field.
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => page.getByTestId('error-a-document').count()).toBe(1);
    expect(await page.getByLabel('Document reference (required)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'draft with an error');
    await page.getByLabel('Document reference (required)').fill('DSA-SYNTHETIC-001');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => h1(page)).toBe(title);
    agreementPath = new URL(page.url()).pathname;
    expect(agreementPath).toMatch(/^\/sharing\/agreements\/[0-9a-f-]{36}$/);
    expect(await status(page)).toBe('Draft');
    expect(await page.getByTestId('granularity').textContent()).toBe('First administrative level (admin 1)');
    expect(await page.getByTestId('party-unhcr').textContent()).toContain('Awaiting its approval');
    await expectAccessible(page, 'draft agreement');

    // The drafter represents a party: the server says IOM may approve now, once.
    await page.getByRole('button', { name: 'Approve the agreement' }).click();
    await expect.poll(() => status(page)).toBe('Awaiting approvals');
    expect(await page.getByTestId('party-iom').textContent()).toMatch(/Approved by you \(agency representative\)/);
    expect(await page.getByTestId('party-unhcr').textContent()).toContain('Awaiting its approval');
    expect(await page.getByRole('button', { name: 'Approve the agreement' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Data sharing' }).first().click();
    await expect.poll(() => page.getByTestId('agreements').textContent()).toContain(title);
    expect(await page.getByTestId('agreement-card').filter({ hasText: title }).textContent()).toContain('approved by 1 of 2 parties');
  });

  it('UNHCR\'s representative approves it, and it is in force until its expiry day', async () => {
    const page = await open(ui.browser, 'unhcrRep');
    await page.goto(base + agreementPath);
    await page.getByRole('button', { name: 'Approve the agreement' }).click();
    await expect.poll(() => status(page)).toBe('In force');
    expect(await page.getByTestId('agreement-period').first().textContent()).toMatch(/In force since .+; lapses on .+/);
    expect(await page.getByTestId('party-unhcr').textContent()).toMatch(/Approved by you \(agency representative\)/);
    expect(await page.getByTestId('party-iom').textContent()).toMatch(/Approved by an officer of the party \(agency representative\)/);
    // The status filter asks the server for agreements in force: this one is among them.
    await page.goto(`${base}/sharing?tab=agreements`);
    await page.getByLabel('Status').selectOption('active');
    await expect.poll(() => page.getByTestId('agreement-card').filter({ hasText: title }).count()).toBe(1);
    await page.getByLabel('Status').selectOption('lapsed');
    await expect.poll(() => page.getByTestId('agreement-summary').textContent()).toBe('0 agreements');
    await expectAccessible(page, 'agreements filtered by status');
    await page.goto(base + agreementPath);
    await expectAccessible(page, 'agreement in force');
    await shot(page, 'sharing-agreement-in-force');
  });

  it('UNHCR\'s information officer, on a phone, reads IOM\'s 5W at admin 1 under it; the read is registered', async () => {
    const page = await open(ui.browser, 'unhcrIm', PHONE);
    await page.goto(base + agreementPath);
    await expect.poll(() => status(page)).toBe('In force');
    // An information officer reads under the agreement but does not approve for UNHCR.
    expect(await page.getByRole('button', { name: 'Approve the agreement' }).count()).toBe(0);
    await page.getByLabel('Month').fill('2025-01');
    await page.getByRole('button', { name: 'Read the month' }).click();
    const table = page.getByTestId('shared-table');
    await table.waitFor();
    const areas = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-area')));
    expect(areas).toContain('CO54');
    expect(areas).toContain('CO44');
    expect(areas).not.toContain('CO54001');
    expect(await table.locator('caption').textContent()).toBe('People reached in January 2025, by place (First administrative level (admin 1)) and indicator');
    expect(await table.locator('tr[data-area="CO54"]').first().textContent()).toContain('40');
    await narrowEnough(page);
    await expectAccessible(page, 'shared 5W on a phone');
    await shot(page, 'sharing-shared-5w-phone');

    await page.goto(`${base}/sharing?tab=transfers`);
    await page.getByLabel('Direction').selectOption('in');
    const read = page.getByTestId('transfer-row').filter({ hasText: 'admin1, indicator, reached' });
    await expect.poll(() => read.count()).toBe(1);
    const text = (await read.textContent())!;
    expect(text).toContain('5W reports');
    expect(text).toContain('you');
    await narrowEnough(page);
    await expectAccessible(page, 'transfer register on a phone');
  });

  it('IOM finds the read in its register and in the agreement\'s report; the register reads in Arabic', async () => {
    const page = await open(ui.browser, 'iomRep');
    await page.goto(`${base}/sharing?tab=transfers`);
    await page.getByLabel('Direction').selectOption('out');
    const read = page.getByTestId('transfer-row').filter({ hasText: 'admin1, indicator, reached' });
    await expect.poll(() => read.count()).toBe(1);
    const text = (await read.textContent())!;
    expect(text).toContain('an account of a party');
    expect(await read.getByRole('link', { name: 'Agreement' }).getAttribute('href')).toBe(agreementPath);
    await expectAccessible(page, 'transfer register');

    await page.goto(base + agreementPath);
    await expect.poll(() => page.getByTestId('report-totals').textContent()).toMatch(/^1 transfer, \d+ rows$/);
    expect(await page.getByTestId('report-by-recipient').textContent()).toContain('1 transfer');
    expect(await page.getByTestId('report-transfers').locator('tbody tr').count()).toBe(1);
    // IOM provides: it is offered no read of the shared 5W.
    expect(await page.getByRole('button', { name: 'Read the month' }).count()).toBe(0);
    await expectAccessible(page, 'agreement with its report');

    await page.goto(`${base}/sharing?tab=transfers`);
    await page.getByTestId('transfer-summary').waitFor();
    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => h1(page)).toBe('تبادل البيانات');
    await expect.poll(() => page.getByTestId('transfers').locator('caption').textContent()).toBe('عمليات النقل، الأحدث أولًا');
    expect(await page.getByTestId('transfer-summary').textContent()).not.toMatch(/[a-z]{3}/i);
    await expectAccessible(page, 'transfer register in Arabic');
    await shot(page, 'sharing-register-ar');
  });

  it('a third organisation is told "not found" at the agreement\'s address, and lists nothing', async () => {
    const page = await open(ui.browser, 'third', PHONE);
    await page.goto(base + agreementPath);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not found, or not yours to see.');
    expect(await page.getByText(title).count()).toBe(0);
    await expectAccessible(page, 'agreement not found');
    await page.getByRole('link', { name: 'Data sharing' }).click();
    await expect.poll(() => page.getByTestId('agreement-summary').textContent()).toBe('0 agreements');
    // Its officer may draft one: the form fits a phone.
    await page.getByRole('link', { name: 'Draft an agreement' }).click();
    await page.getByRole('group', { name: 'Party 2' }).waitFor();
    await page.getByRole('button', { name: 'Add a party' }).click();
    await page.getByRole('group', { name: 'Party 3' }).getByRole('button', { name: 'Remove party 3' }).waitFor();
    await narrowEnough(page);
    await expectAccessible(page, 'draft an agreement on a phone');
    await shot(page, 'sharing-draft-phone');
  });

  it('after its expiry day the agreement reads "lapsed" and UNHCR is offered no more reads', async () => {
    offsetMs = 400 * 86_400_000;
    const page = await open(ui.browser, 'unhcrIm');
    await page.goto(base + agreementPath);
    await expect.poll(() => status(page)).toBe('Lapsed');
    expect(await page.getByTestId('agreement-period').first().textContent()).toMatch(/^Ran from .+; lapsed after .+$/);
    expect(await page.getByTestId('shared-closed').textContent()).toBe('The agreement has lapsed: nothing more is shared under it.');
    expect(await page.getByRole('button', { name: 'Read the month' }).count()).toBe(0);
    // What went out under it stays on record.
    expect(await page.getByTestId('report-totals').textContent()).toMatch(/^1 transfer, /);
    await expectAccessible(page, 'lapsed agreement');
  });
});
