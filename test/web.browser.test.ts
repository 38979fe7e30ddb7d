/**
 * The web interface in a real browser: Debian's Chromium driven by playwright-core (no downloaded browser),
 * against the interface built from web/ by Vite and served by Tandem on a real socket. Every screen is
 * checked with axe-core (no serious or critical violation) and photographed into docs/screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser, PASSWORD } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { unhcrCsv, unhcrRow } from './helpers/files.js';

const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..');
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let webRoot: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  webRoot = mkdtempSync(join(tmpdir(), 'tandem-web-'));
  // Vitest sets NODE_ENV=test, which would bundle React's development build: build what users get.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({ mode: 'production', configFile: join(ROOT, 'web', 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } })
    .finally(() => { process.env.NODE_ENV = env; });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

describeEachEngine('the web interface in Chromium', (engine) => {
  let t: TestDb;
  let server: Server;
  let base: string;
  const accounts: Record<'admin' | 'iomRep' | 'unhcrRep' | 'officer', string> = { admin: '', iomRep: '', unhcrRep: '', officer: '' };
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    accounts.admin = (await makeUser(t.app, [['platform', 'platform_admin']], { name: 'Ada Admin' })).email;
    accounts.iomRep = (await makeUser(t.app, [['iom', 'agency_representative']], { name: 'Ines IOM' })).email;
    accounts.unhcrRep = (await makeUser(t.app, [['unhcr', 'agency_representative']], { name: 'Ugo UNHCR' })).email;
    accounts.officer = (await makeUser(t.app, [['unhcr', 'im_officer']], { name: 'Omar Officer' })).email;
    server = await buildServer(t.app, { webRoot });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await server?.close();
    await t?.dispose();
  });

  /** A fresh browser profile (its own cookies and language); page errors and CSP violations are collected. */
  async function open(path = '/'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // Refused requests (a visitor's /auth/me, the 400 and 422 the tests provoke) are asserted where they happen;
      // anything else logged as an error (a CSP violation, a failed script) is a problem.
      if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(base + path);
    return page;
  }

  async function signIn(page: Page, email: string, password = PASSWORD) {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** axe-core on the current screen: no serious or critical violation. Injected over DevTools, so the CSP stays on. */
  async function accessible(page: Page, screen: string) {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } })
        .axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `${screen}: ${JSON.stringify(violations)}`).toEqual([]);
  }

  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());

  it('shows a visitor the overview: the map coloured by arrangement and the list of situations', async () => {
    const page = await open('/');
    await expect.poll(() => page.locator('[data-testid=world-map] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cards > li').count()).toBe(8);
    const card = page.locator('.cards > li', { hasText: 'Venezuelans in Colombia' });
    expect(await card.textContent()).toContain('Co-led platform');
    expect(await card.textContent()).toContain('signed decision');
    expect(await page.locator('[data-testid=world-map]').getAttribute('aria-label')).toContain('Venezuelans in Colombia (Co-led platform)');
    await page.waitForTimeout(500);
    await accessible(page, 'overview');
    await shot(page, '01-overview');
  });

  it('signs in, refusing a wrong password without saying which part was wrong, and signs out', async () => {
    const page = await open('/sign-in');
    await accessible(page, 'sign-in');
    await shot(page, '02-sign-in');
    await signIn(page, accounts.admin, 'not the password at all');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email or password is not correct.');
    await signIn(page, accounts.admin);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Ada Admin');
    expect(page.url()).toBe(`${base}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
  });

  it('shows a situation\'s recommendation with its share, threshold, inputs and warnings, as the API gives them', async () => {
    const rec = (await server.inject({ url: '/api/v1/situations/nicaragua-costa-rica/recommendation' })).json();
    const page = await open('/situations/nicaragua-costa-rica');
    const panel = page.getByTestId('recommendation');
    await expect.poll(() => panel.textContent()).toContain('Co-led platform');
    const pct = (n: number) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(n);
    expect(await page.getByTestId('share').textContent()).toBe(pct(rec.share));
    expect(await panel.textContent()).toContain(pct(rec.threshold));
    const rows = page.locator('[data-testid=inputs] tbody tr');
    expect(await rows.count()).toBe(rec.inputs.length);
    for (const input of rec.inputs as Array<{ sourceOrg: string; sourceDataset: string; value: number }>) {
      const row = rows.filter({ hasText: input.sourceDataset }).filter({ hasText: new Intl.NumberFormat('en').format(input.value) });
      expect(await row.count(), input.sourceDataset).toBeGreaterThan(0);
      expect(await row.first().textContent()).toContain(input.sourceOrg.toUpperCase());
    }
    for (const w of rec.warnings as Array<{ message: string }>) expect(await panel.textContent()).toContain(w.message);
    await expect.poll(() => page.locator('.chart canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await accessible(page, 'situation');
    await shot(page, '03-situation');
  });

  it('lets two representatives sign a decision that differs from the recommendation, demanding the rationale', async () => {
    const page = await open();
    await signIn(page, accounts.iomRep);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Ines IOM');
    await page.goto(`${base}/situations/haiti-dominican-republic`);
    await page.getByLabel('Arrangement').selectOption('co-led-platform');
    expect(await page.getByRole('note').filter({ hasText: 'differs from the recommendation' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sign for IOM' }).click();
    const error = page.locator('#rationale-error');
    await expect.poll(() => error.textContent()).toBe('A rationale is required when the decision differs from the recommendation.');
    expect(await page.getByLabel(/^Rationale/).getAttribute('aria-invalid')).toBe('true');
    await accessible(page, 'sign-off with error');
    await shot(page, '04-sign-off-rationale-required');
    expect((await server.inject({ url: '/api/v1/situations/haiti-dominican-republic/decisions' })).json()).toEqual([]);

    await page.getByLabel(/^Rationale/).fill('Test rationale: the two governments asked for one platform for the whole corridor.');
    await page.getByRole('button', { name: 'Sign for IOM' }).click();
    await expect.poll(() => page.getByTestId('decision-history').textContent()).toContain('awaiting the second signature');
    expect(await page.getByRole('status').filter({ hasText: 'It now awaits the other agency\'s signature.' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, accounts.unhcrRep);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Ugo UNHCR');
    await page.goto(`${base}/situations/haiti-dominican-republic`);
    await shot(page, '05-countersign');
    await page.getByRole('button', { name: 'Countersign for UNHCR' }).click();
    await expect.poll(() => page.getByTestId('decision-history').textContent()).toContain('in force');
    const history = await page.getByTestId('decision-history').textContent();
    expect(history).toContain('Differs from the recommendation (IOM leads).');
    expect(history).toContain('signed by Ines IOM');
    expect(history).toContain('signed by Ugo UNHCR');
    const [decision] = (await server.inject({ url: '/api/v1/situations/haiti-dominican-republic/decisions' })).json();
    expect(decision).toMatchObject({ status: 'signed', arrangement: 'co-led-platform', differsFromRecommendation: true });

    await page.goto(base);
    const card = page.locator('.cards > li', { hasText: 'Haitians in the Dominican Republic' });
    await expect.poll(() => card.textContent()).toContain('signed decision');
    expect(await card.textContent()).toContain('Co-led platform');
  });

  it('refuses an uploaded file with a bad row, naming row and column, then imports a good one and shows what changed', async () => {
    const page = await open();
    await signIn(page, accounts.officer);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Omar Officer');
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByLabel('Kind of file').selectOption('unhcr-population');
    await accessible(page, 'import');
    const bad = unhcrCsv([unhcrRow(2045, 'NIC', 'CRI', 40, 4), unhcrRow(2045, 'HTI', 'DOM', 'forty', 1)]);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'with-a-bad-row.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import' }).click();
    const errors = page.getByTestId('upload-errors');
    await expect.poll(() => errors.textContent()).toContain('nothing was imported');
    const row = errors.locator('tbody tr').first();
    expect(await row.locator('td').allTextContents()).toEqual(['with-a-bad-row.csv', '3', 'refugees', expect.any(String)]);
    await accessible(page, 'import refused');
    await shot(page, '06-import-refused');
    expect((await server.inject({ url: '/api/v1/figures?year=2045' })).json().items).toEqual([]);

    const good = unhcrCsv([unhcrRow(2045, 'NIC', 'CRI', 40, 4), unhcrRow(2045, 'HTI', 'DOM', 41, 1)]);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import' }).click();
    const summary = page.getByTestId('import-summary');
    await expect.poll(() => summary.textContent()).toContain('good.csv was imported');
    const stored = (await server.inject({ url: '/api/v1/figures?year=2045&limit=100' })).json().items;
    expect(await summary.getByTestId('inserted').textContent()).toBe(String(stored.length));
    await expect.poll(() => summary.locator('tbody tr').count()).toBe(stored.length);
    await accessible(page, 'import accepted');
    await shot(page, '07-import-accepted');
    await summary.getByRole('link', { name: 'See every figure this import wrote' }).click();
    await expect.poll(() => page.locator('[data-testid=figures-table] tbody tr').count()).toBe(stored.length);
  });

  it('filters, pages and exports the figures view as CSV, HXL and XLSX', async () => {
    const page = await open('/figures');
    await page.getByLabel('Host').selectOption('COL');
    await page.getByLabel('Per page').selectOption('25');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('host')).toBe('COL');
    const rows = page.locator('[data-testid=figures-table] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toContain('Colombia');
    await accessible(page, 'figures');
    await shot(page, '08-figures');

    const download = async (name: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
      const chunks: Buffer[] = [];
      for await (const c of (await d.createReadStream())) chunks.push(c as Buffer);
      return { file: d.suggestedFilename(), body: Buffer.concat(chunks) };
    };
    const expected = (await server.inject({ url: '/api/v1/figures?host=COL&limit=1000' })).json().items.length;
    const csv = await download('CSV');
    const csvLines = csv.body.toString('utf8').trim().split('\n');
    expect(csv.file).toBe('figures.csv');
    expect(csvLines).toHaveLength(expected + 1);
    const hxl = await download('HXL');
    const hxlLines = hxl.body.toString('utf8').trim().split('\n');
    expect(hxlLines[1]).toMatch(/^#/);
    expect(hxlLines).toHaveLength(expected + 2);
    const xlsx = await download('XLSX');
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('switches to Arabic: the whole page right to left, translated, with Arabic numbers', async () => {
    const page = await open('/situations/venezuela-colombia');
    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    expect(await page.getByRole('navigation').first().textContent()).toContain('نظرة عامة');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('التوصية');
    const share = await page.getByTestId('share').textContent();
    expect(share).toBe(new Intl.NumberFormat('ar', { style: 'percent', maximumFractionDigits: 1 }).format(
      (await server.inject({ url: '/api/v1/situations/venezuela-colombia/recommendation' })).json().share));
    const x = await page.locator('header.top .brand').boundingBox();
    expect(x!.x).toBeGreaterThan(640); // the brand sits at the right-hand start of the line
    await accessible(page, 'situation in Arabic');
    await shot(page, '09-situation-arabic');
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });

  it('lets the administrator create an account and give it a role; the screen is refused to others', async () => {
    const page = await open();
    await signIn(page, accounts.admin);
    await page.getByRole('link', { name: 'Administration' }).click();
    const newAccount = page.getByRole('form', { name: 'New account' });
    await newAccount.getByLabel('Email').fill('new.partner@test.invalid');
    await newAccount.getByLabel('Name').fill('Nadia New');
    await newAccount.getByLabel('Password').fill('short');
    await newAccount.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => newAccount.locator('.field-error').textContent()).toBeTruthy();
    await newAccount.getByLabel('Password').fill('a long enough password');
    await newAccount.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.getByText('The account was created.').count()).toBe(1);
    const row = page.locator('[data-testid=users] tbody tr', { hasText: 'Nadia New' });
    const form = row.getByRole('form', { name: 'Add a role for Nadia New' });
    await form.getByLabel('Organisation').selectOption('unhcr');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Add role' }).click();
    await expect.poll(() => row.textContent()).toContain('unhcr: viewer');
    await accessible(page, 'administration');
    await shot(page, '10-administration');

    const other = await open();
    await signIn(other, accounts.officer);
    await expect.poll(() => other.getByTestId('who').textContent()).toBe('Omar Officer');
    expect(await other.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await other.goto(`${base}/admin`);
    await expect.poll(() => other.getByRole('alert').first().textContent()).toContain('Only the platform administrator');
  });

  it('lets a partner report a month by form and a coordinator validate it; the dashboard counts it by the rules', async () => {
    const partner = (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']], { name: 'Paula Partner' })).email;
    const coordinator = (await makeUser(t.app, [['unhcr', 'coordinator']], { name: 'Carla Coordinator' })).email;
    const plan = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!;
    const reachedBefore = (await server.inject({ url: `/api/v1/plans/${plan.id}/dashboard` })).json().peopleReached.interSector;

    const page = await open();
    await signIn(page, partner);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Paula Partner');
    await page.getByRole('link', { name: 'Platforms' }).click();
    await page.getByRole('link', { name: 'GIFMM Colombia (demo)' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('GIFMM Colombia (demo)');
    expect(await page.getByRole('region', { name: 'Sectors' }).textContent()).toContain('Child Protection');
    await accessible(page, 'platform');
    await shot(page, '11-platform');

    await page.getByRole('link', { name: plan.name }).click();
    const panel = page.getByTestId('people-reached');
    await expect.poll(() => panel.textContent()).toContain(new Intl.NumberFormat('en').format(reachedBefore));
    await expect.poll(() => page.locator('.chart canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await accessible(page, 'dashboard');
    await shot(page, '12-dashboard');

    await page.getByRole('link', { name: 'Monthly reporting' }).click();
    await page.getByRole('region', { name: 'Report a month' }).getByLabel('Month', { exact: true }).selectOption('2025-03');
    await page.getByLabel('In destination, female 18-59, Reached').fill('10');
    await page.getByLabel('In destination, female 18-59, New').fill('20');
    await page.getByRole('button', { name: 'Submit for validation' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('new people cannot exceed');
    expect(await page.getByLabel('In destination, female 18-59, New').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('In destination, female 18-59, New').fill('5');
    await page.getByRole('button', { name: 'Submit for validation' }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Saved: submitted.');
    await accessible(page, 'monthly report');
    await shot(page, '13-monthly-report');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, coordinator);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Carla Coordinator');
    await page.goto(`${base}/plans/${plan.id}?tab=review`);
    const item = page.getByTestId('queue').locator('li', { hasText: '2025-03' });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('10 reached, 5 new');
    await accessible(page, 'validation queue');
    await shot(page, '14-validation-queue');
    await item.getByRole('button', { name: 'Validate' }).click();
    await expect.poll(() => page.getByTestId('queue').locator('li', { hasText: '2025-03' }).count()).toBe(0);
    const after = (await server.inject({ url: `/api/v1/plans/${plan.id}/dashboard` })).json().peopleReached;
    // Demo partner A's protection activity in CO54 is the highest there (620 in destination in January): +5 new keeps it the highest.
    expect(after.interSector).toBe(reachedBefore + 5);
  });

  it('shows the validation queue to a coordinator whose organisation co-leads the platform, and not to one whose does not, as the plan\'s `can` says; the same for closing a month', async () => {
    const plan = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!;
    const outsider = (await makeUser(t.app, [['demo-partner-b', 'coordinator']], { name: 'Olga Outsider' })).email;
    const coLead = (await makeUser(t.app, [['iom', 'coordinator']], { name: 'Ivo Co-lead' })).email;
    for (const [email, name, reviews] of [[outsider, 'Olga Outsider', false], [coLead, 'Ivo Co-lead', true]] as const) {
      const page = await open();
      await signIn(page, email);
      await expect.poll(() => page.getByTestId('who').textContent()).toBe(name);
      const can = await page.evaluate(async (id) => (await (await fetch(`/api/v1/plans/${id}`)).json()).can, plan.id);
      expect(can, name).toMatchObject({ review: reviews, report: false });
      await page.goto(`${base}/plans/${plan.id}?tab=review`);
      const tabs = page.getByRole('navigation', { name: 'Plan sections' }).getByRole('link');
      await expect.poll(() => tabs.allTextContents(), { message: name }).toEqual(reviews ? ['Dashboard', 'Validation queue'] : ['Dashboard']);
      // Asked for the queue by its address, the outsider gets the dashboard; the co-lead gets the queue.
      await expect.poll(() => page.getByRole('heading', { level: 2, name: /reports? to validate/ }).count(), { message: name }).toBe(reviews ? 1 : 0);
      expect(await page.getByTestId('queue').count(), name).toBe(reviews ? 1 : 0);
      if (!reviews) await expect.poll(() => page.getByTestId('people-reached').count()).toBe(1);
      await accessible(page, `plan as ${name}`);
      // The platform's co-leads close its months: the form follows the platform's own `can.update`.
      await page.getByRole('link', { name: 'GIFMM Colombia (demo)' }).click();
      await expect.poll(() => page.getByRole('region', { name: 'Closed months' }).count()).toBe(1);
      expect(await page.getByRole('form', { name: 'Close the month' }).count(), name).toBe(reviews ? 1 : 0);
    }
  });

  it('cancels the dashboard\'s request when the reader leaves the plan before it answers, and shows no error', async () => {
    const plan = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!;
    const page = await open();
    let answer!: () => void;
    const held = new Promise<void>((resolve) => { answer = resolve; });
    const isDashboard = (url: URL) => url.pathname === `/api/v1/plans/${plan.id}/dashboard`;
    // The dashboard is held until the test lets it go; by then the page has given up on it.
    await page.route(isDashboard, async (route) => { await held; await route.continue().catch(() => undefined); });
    const asked = page.waitForRequest((r) => isDashboard(new URL(r.url())));
    const failed = page.waitForEvent('requestfailed', (r) => isDashboard(new URL(r.url())));
    await page.goto(`${base}/plans/${plan.id}`);
    await asked;
    await page.getByRole('link', { name: 'GIFMM Colombia (demo)' }).click();
    expect((await failed).failure()?.errorText).toBe('net::ERR_ABORTED');
    answer();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('GIFMM Colombia (demo)');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.unroute(isDashboard);
    // Coming back asks again, and the dashboard shows.
    await page.goBack();
    await expect.poll(() => page.getByTestId('people-reached').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('uploads a filled 5W template from the plan with its progress, through the same upload as imports', async () => {
    const plan = (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!;
    const reporter = (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']], { name: 'Rita Reporter' })).email;
    const uploads: Array<{ url: string; type: string; method: string; contentType?: string; csrf: boolean }> = [];
    const record = (page: Page) => page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/v1\/(imports|plans\/[^/]+\/reports\/upload)\?/.test(r.url())) {
        const h = r.headers();
        uploads.push({ url: new URL(r.url()).pathname, type: r.resourceType(), method: r.method(), contentType: h['content-type'], csrf: !!h['x-csrf-token'] });
      }
    });

    const page = await open();
    record(page);
    await signIn(page, reporter);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Rita Reporter');
    await page.goto(`${base}/plans/${plan.id}?tab=report`);
    const template = await page.evaluate(async (id) => (await fetch(`/api/v1/plans/${id}/template?month=2025-04&format=hxl`)).text(), plan.id);
    const lines = template.trim().split(/\r?\n/);
    const tags = lines[1]!.split(',');
    const fill = (line: string, values: Record<string, string>) => line.split(',').map((v, i) => values[tags[i]!] ?? v).join(',');
    // A long note in a column of its own (no hashtag: the reader ignores it) makes the file big enough to watch it go over a slowed upload.
    const note = `,${'x'.repeat(120_000)}`;
    const file = [lines[0], lines[1], fill(lines[2]!, { '#reached+f+adults': '30', '#reached+x_new+f+adults': '10' }) + note, ...lines.slice(3)].join('\n');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40_000 });

    const panel = page.getByRole('region', { name: 'Template and upload' });
    await panel.getByLabel('Filled template (XLSX or CSV)').setInputFiles({ name: 'april.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await panel.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => panel.getByRole('progressbar', { name: 'Uploading' }).count()).toBe(1);
    // Part of the file gone, not all of it: the bar moves with the upload.
    await expect.poll(() => panel.locator('.progress-area').textContent()).toMatch(/Uploading.* ([1-9]\d?)%$/);
    await accessible(page, 'template upload in progress');
    await expect.poll(() => panel.getByTestId('upload-summary').textContent(), { timeout: 20_000 }).toMatch(/^\d+ reports read, \d+ changed\.$/);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const april = await page.evaluate(async (id) => (await (await fetch(`/api/v1/plans/${id}/reports?month=2025-04&limit=50&offset=0`)).json()).items, plan.id);
    expect(april.flatMap((r: { rows: Array<{ reached: number }> }) => r.rows).reduce((n: number, x: { reached: number }) => n + x.reached, 0)).toBe(30);

    const officer = await open();
    record(officer);
    await signIn(officer, accounts.officer);
    await expect.poll(() => officer.getByTestId('who').textContent()).toBe('Omar Officer');
    await officer.getByRole('link', { name: 'Import' }).click();
    await officer.getByLabel('File', { exact: true }).setInputFiles({ name: 'later.csv', mimeType: 'text/csv', buffer: Buffer.from(unhcrCsv([unhcrRow(2046, 'NIC', 'CRI', 7, 1)])) });
    await officer.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => officer.getByTestId('import-summary').textContent()).toContain('later.csv was imported');

    const shape = { type: 'xhr', method: 'POST', contentType: 'application/octet-stream', csrf: true };
    expect(uploads).toEqual([
      { url: `/api/v1/plans/${plan.id}/reports/upload`, ...shape },
      { url: '/api/v1/imports', ...shape },
    ]);
  });

  it('can be used from the keyboard: a skip link first, then visible focus on each control', async () => {
    const page = await open('/');
    await expect.poll(() => page.locator('.cards > li').count()).toBe(8);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
  });

  it('raised no script error and no Content-Security-Policy violation on any screen', () => {
    expect(problems).toEqual([]);
  });
});
