/**
 * Protection cases in a real browser (issue 13): an IOM case worker records and screens a synthetic person and
 * refers them to UNHCR with consent covering some fields; UNHCR's focal point sees exactly those fields and
 * answers; the IOM worker reads the feedback; a withdrawn consent stops sharing; a deadline passed is marked
 * overdue; a third organisation sees aggregates only. Every screen is checked with axe-core, on a desktop and
 * on a phone-sized screen.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

describeEachEngine('protection cases in Chromium', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let base: string;
  let offsetMs = 0;
  const emails = { iomWorker: '', unhcrFocal: '', third: '' };
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  let referralPath = '';

  beforeAll(async () => {
    t = await freshDb(engine);
    // The server's clock runs with real time, and the test can move it on (a deadline passes without sleeping).
    app = createApp(t.database, { protection: { now: () => new Date(Date.now() + offsetMs) } });
    await app.accounts.createOrganisation(operatorCtx(), { slug: 'third-ngo', name: 'Third NGO (test)', kind: 'ngo' });
    emails.iomWorker = (await makeUser(app, [['iom', 'case_worker']], { name: 'Ivo IOM worker' })).email;
    emails.unhcrFocal = (await makeUser(app, [['unhcr', 'protection_focal_point']], { name: 'Uma UNHCR focal point' })).email;
    emails.third = (await makeUser(app, [['third-ngo', 'protection_focal_point']], { name: 'Theo Third' })).email;
    server = await buildServer(app, { webRoot: ui.webRoot });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
    await t?.dispose();
  });
  afterAll(() => { expect(problems).toEqual([]); });

  const open = (browser: Browser, email: string, viewport?: { width: number; height: number }) =>
    signedInPage(browser, base, email, { problems, contexts, viewport });
  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());

  it('an IOM case worker records, screens and refers a synthetic person to UNHCR with consent to some fields', async () => {
    const page = await open(ui.browser, emails.iomWorker);
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Record a person' }).click();
    await page.getByLabel('Given name (required)').fill('SYNTHETIC Rosa');
    await page.getByLabel('Family name (required)').fill('Browser-Test');
    await page.getByLabel('Date of birth').fill('1991-07-14');
    await page.getByLabel('Contact (telephone or other)').fill('+57 300 111 2233');
    await page.getByLabel('Nationality').selectOption('VEN');
    await expectAccessible(page, 'new person');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('SYNTHETIC Rosa Browser-Test');

    // The screening suggests pathways with their reasons; the indicator is not a status.
    await page.getByRole('group', { name: 'Reasons for leaving' }).getByLabel('Persecution').check();
    await page.getByRole('group', { name: 'Fear of return' }).getByLabel('yes').check();
    await page.getByRole('group', { name: 'Risk indicators' }).getByLabel('Woman at risk').check();
    await page.getByRole('group', { name: 'Stated intentions' }).getByLabel('Seek asylum').check();
    await page.getByRole('button', { name: 'Save and suggest pathways' }).click();
    await expect.poll(() => page.getByTestId('pipn').textContent()).toContain('not a status');
    expect(await page.getByTestId('suggestion').first().textContent()).toContain('Asylum and international protection');
    await expectAccessible(page, 'person with a screening');
    await shot(page, 'cases-person');

    // The referral: what and to whom, then the consent, read back before it is sent.
    await page.getByRole('button', { name: 'Refer on this pathway' }).first().click();
    await expect.poll(() => page.getByLabel('Refer to').inputValue()).toBe('unhcr');
    await page.getByLabel('Priority').selectOption('urgent');
    await page.getByLabel('Country').selectOption('COL');
    await page.getByLabel('Why the person is referred').fill('SYNTHETIC narrative: fears return, asks about asylum.');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('group', { name: /What .* may read/ }).getByLabel('Nationality').check();
    await page.getByLabel('Purpose, as explained to the person (required)').fill('SYNTHETIC: asylum information and registration');
    await expectAccessible(page, 'referral consent step');
    await page.getByRole('button', { name: 'Read back' }).click();
    expect(await page.getByTestId('review-fields').textContent()).toBe('Given name, Family name, Nationality');
    await shot(page, 'cases-referral-consent');
    await page.getByRole('button', { name: 'Send the referral' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Sent');
    referralPath = new URL(page.url()).pathname;
    expect(referralPath).toMatch(/^\/protection\/referrals\/[\w-]+$/);
    // No personal value in any address the browser used.
    expect(page.url()).not.toContain('Rosa');
    expect(await page.getByTestId('timeline').textContent()).toContain('Sent');
    await expectAccessible(page, 'referral (referrer)');
  });

  it('UNHCR\'s focal point sees exactly the consented fields in its inbox and answers the referral', async () => {
    const page = await open(ui.browser, emails.unhcrFocal, { width: 390, height: 844 });
    await page.getByRole('link', { name: 'Cases' }).click();
    await expect.poll(() => page.getByTestId('box-summary').textContent()).toContain('1 referral, 0 overdue');
    const card = page.getByTestId('referral-card').first();
    expect(await card.textContent()).toContain('Urgent');
    expect(await card.textContent()).not.toContain('Rosa');
    await expectAccessible(page, 'inbox on a phone');
    await shot(page, 'cases-inbox-phone');
    await card.getByRole('link').click();
    const shared = page.getByTestId('shared-person');
    await expect.poll(() => shared.textContent()).toContain('SYNTHETIC Rosa');
    const text = (await shared.textContent())!;
    expect(text).toContain('Browser-Test');
    expect(text).toContain('VEN');
    expect(text).not.toContain('+57');
    expect(text).not.toContain('1991');
    expect(await page.getByTestId('narrative').count()).toBe(0);
    await expectAccessible(page, 'referral (receiver, phone)');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await page.getByLabel('The outcome').fill('SYNTHETIC outcome: registered for an asylum interview.');
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await page.getByRole('button', { name: 'Give feedback' }).click();
    await page.getByLabel('Feedback to the referrer').fill('SYNTHETIC feedback: interview on the 12th.');
    await page.getByRole('button', { name: 'Give feedback' }).click();
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('SYNTHETIC feedback');
    await shot(page, 'cases-referral-receiver-phone');
  });

  it('the IOM worker reads the feedback; a withdrawn consent stops sharing with UNHCR', async () => {
    const iom = await open(ui.browser, emails.iomWorker);
    await iom.goto(base + referralPath);
    await expect.poll(() => iom.getByTestId('timeline').textContent()).toContain('SYNTHETIC feedback: interview on the 12th.');
    iom.once('dialog', (d) => void d.accept());
    await iom.getByRole('button', { name: 'Consent withdrawn' }).click();
    await expect.poll(() => iom.getByTestId('consent').textContent()).toContain('nothing more is shared');
    const unhcr = await open(ui.browser, emails.unhcrFocal);
    await unhcr.goto(base + referralPath);
    await expect.poll(() => unhcr.getByTestId('person-withheld').count()).toBe(1);
    expect(await unhcr.locator('main').textContent()).not.toContain('Rosa');
  });

  it('a deadline passed is marked overdue in the inbox', async () => {
    const iom = await open(ui.browser, emails.iomWorker);
    await iom.goto(`${base}/protection?tab=people`);
    await iom.getByRole('link', { name: /SYNTHETIC Rosa/ }).click();
    await iom.getByRole('button', { name: 'Refer this person' }).click();
    await iom.getByLabel('Priority').selectOption('emergency');
    await iom.getByLabel('Country').selectOption('COL');
    await iom.getByRole('button', { name: 'Next' }).click();
    await iom.getByLabel('Purpose, as explained to the person (required)').fill('SYNTHETIC: urgent shelter');
    await iom.getByRole('button', { name: 'Read back' }).click();
    await iom.getByRole('button', { name: 'Send the referral' }).click();
    await expect.poll(() => iom.getByRole('heading', { level: 1 }).textContent()).toContain('Sent');
    offsetMs += 25 * 3_600_000;
    const unhcr = await open(ui.browser, emails.unhcrFocal);
    await unhcr.goto(`${base}/protection?tab=inbox`);
    await expect.poll(() => unhcr.getByTestId('box-summary').textContent()).toContain('1 overdue');
    expect(await unhcr.getByTestId('overdue').first().textContent()).toContain('Overdue since');
    await unhcr.getByLabel('Overdue only').check();
    await expect.poll(() => unhcr.getByTestId('referral-card').count()).toBe(1);
  });

  it('a third organisation sees no referral, no person, only the aggregates', async () => {
    const page = await open(ui.browser, emails.third);
    await page.getByRole('link', { name: 'Cases' }).click();
    await expect.poll(() => page.getByTestId('box-summary').textContent()).toContain('0 referrals');
    await page.goto(base + referralPath);
    await expect.poll(() => page.getByRole('alert').textContent()).toBeTruthy();
    expect(await page.locator('main').textContent()).not.toContain('Rosa');
    await page.goto(`${base}/protection?tab=figures`);
    await page.getByTestId('referral-figures').waitFor();
    expect(await page.getByTestId('referral-figures').textContent()).toContain('hidden');
    await expectAccessible(page, 'referral figures');
    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('حالات الحماية');
    await expectAccessible(page, 'referral figures in Arabic');
    await shot(page, 'cases-figures-ar');
  });
});
