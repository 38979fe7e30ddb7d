/**
 * Flow Monitoring Surveys in a real browser (issue 17): an IOM case worker records a SYNTHETIC respondent's
 * consented answers (every question stays disabled until consent is ticked), sees the response in the
 * organisation's list with the follow-up name, and withdraws nothing; a partner, on a phone, sees the
 * aggregates only — no form, no list, no personal value anywhere on the page — with small cells hidden.
 * Every screen is checked with axe-core.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const PHONE = { width: 390, height: 844 };
const NAME = 'Synthetic Rosa Prueba';
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

describeEachEngine('flow-monitoring surveys in Chromium', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let base: string;
  const emails: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await freshDb(engine);
    app = t.app;
    await app.accounts.createOrganisation(operatorCtx(), { slug: 'partner-ngo', name: 'Partner NGO (test)', kind: 'ngo' });
    emails.worker = (await makeUser(app, [['iom', 'case_worker']], { name: 'Carla IOM case worker' })).email;
    emails.partner = (await makeUser(app, [['partner-ngo', 'partner_reporter']], { name: 'Pablo Partner reporter' })).email;
    const point = await app.flows.createPoint(operatorCtx(), { code: 'PE-TUM', name: 'Tumbes CEBAF (test)', country: 'PER', kind: 'border_crossing', asOrg: 'iom' });
    // SYNTHETIC respondents already recorded this month: six Venezuelans, eight Ecuadorians (enough to publish), one Colombian (a small cell).
    const month = new Date().toISOString().slice(0, 8);
    for (const [i, nationality] of [...Array<string>(6).fill('VEN'), ...Array<string>(8).fill('ECU'), 'COL'].entries()) {
      await app.flowSurveys.create(operatorCtx(), {
        point: point.id, date: `${month}01`, consent: true, consentMethod: 'verbal', sex: i % 2 ? 'male' : 'female', ageBand: '26_35', nationality, origin: nationality,
        destination: 'PER', reason: 'economic', transport: 'bus', needs: ['food'], withChildren: false, name: `Synthetic seeded ${i}`,
      }, { synthetic: true });
    }
    server = await buildServer(app, { webRoot: ui.webRoot });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
    await t?.dispose();
  });
  afterAll(() => { expect(problems).toEqual([]); });

  const open = (who: string, viewport?: { width: number; height: number }) => signedInPage(ui.browser, base, emails[who]!, { problems, contexts, viewport });
  const label = (page: Page, text: string) => page.getByLabel(text, { exact: true });

  it('an IOM case worker records a consented response: the questions open only once consent is given', async () => {
    const page = await open('worker');
    await page.goto(`${base}/movements`);
    const form = page.getByTestId('survey-form');
    await form.waitFor();
    // Before consent every question is disabled, and so is saving.
    expect(await label(page, 'Nationality (required)').isDisabled()).toBe(true);
    expect(await label(page, 'Name').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Save the response' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'survey form before consent');

    await page.getByLabel('The person agrees to be interviewed').check();
    expect(await label(page, 'Nationality (required)').isDisabled()).toBe(false);
    await expect.poll(() => label(page, 'Monitoring point (required)').locator('option').count()).toBe(2);
    await label(page, 'Monitoring point (required)').selectOption({ label: 'Tumbes CEBAF (test) (PE-TUM)' });
    await label(page, 'Sex (required)').selectOption('female');
    await label(page, 'Age (required)').selectOption('18_25');
    await label(page, 'Nationality (required)').selectOption('VEN');
    await label(page, 'Country of origin (required)').selectOption('VEN');
    await label(page, 'Intended destination (required)').selectOption('CHL');
    await label(page, 'Main reason for leaving (required)').selectOption('family_reunification');
    await label(page, 'Mode of transport (required)').selectOption('on_foot');
    await page.getByLabel('Shelter', { exact: true }).check();
    await page.getByLabel('Travelling with children').check();
    // A birth date after the interview is refused, named beside its field; nothing is recorded.
    await label(page, 'Date of birth').fill('2099-01-01');
    await form.getByRole('button', { name: 'Save the response' }).click();
    await expect.poll(() => page.getByTestId('error-sv-birthDate').textContent()).toContain('must not be after the day of the interview');
    expect(await label(page, 'Date of birth').getAttribute('aria-invalid')).toBe('true');
    await label(page, 'Date of birth').fill('1999-05-05');
    await label(page, 'Name').fill(NAME);
    await form.getByRole('button', { name: 'Save the response' }).click();
    await page.getByTestId('survey-saved').waitFor();
    // The form starts again without consent.
    expect(await page.getByLabel('The person agrees to be interviewed').isChecked()).toBe(false);

    const table = page.getByTestId('survey-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(16);
    expect(await table.locator('tbody tr').first().textContent()).toContain(NAME);
    expect(await table.locator('tbody tr').first().textContent()).toContain('Family reunification');
    await expectAccessible(page, 'survey form and own responses');
    const stored = await app.db.selectFrom('movement_survey_responses').select('name').where('destination', '=', 'CHL').executeTakeFirstOrThrow();
    expect(stored.name).not.toContain('Rosa');
  });

  it('a partner on a phone sees only the aggregates, small cells hidden, and nothing personal', async () => {
    const page = await open('partner', PHONE);
    await page.goto(`${base}/movements`);
    const aggregates = page.getByTestId('survey-aggregates');
    await aggregates.getByTestId('survey-aggregate-table').waitFor();
    const row = (code: string) => aggregates.locator(`tr[data-category="${code}"]`);
    await expect.poll(() => row('COL').locator('td').last().textContent()).toBe('hidden');
    // The Colombian respondent cannot be worked out from the others: a second cell of the line is hidden too, and the rest are shown.
    const totals = await Promise.all(['COL', 'ECU', 'VEN'].map((c) => row(c).locator('td').last().textContent()));
    expect(totals.filter((v) => v === 'hidden').length).toBeGreaterThanOrEqual(2);
    expect(totals.some((v) => v === '7' || v === '8')).toBe(true);
    expect(await aggregates.getByTestId('suppressed-note').count()).toBe(1);
    expect(await page.getByTestId('survey-form').count()).toBe(0);
    expect(await page.getByTestId('survey-table').count()).toBe(0);
    const text = await page.locator('body').textContent();
    expect(text).not.toMatch(/Synthetic|Rosa|1999-05-05/);
    await aggregates.getByLabel('Break down by').selectOption('sex_age');
    await expect.poll(() => aggregates.locator('tr[data-category="female:18_25"]').count()).toBe(1);
    expect(await aggregates.locator('tr[data-category="female:18_25"] td').last().textContent()).toBe('hidden');
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'survey aggregates on a phone');
  });
});
