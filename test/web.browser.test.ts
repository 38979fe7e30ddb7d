/**
 * The web interface in a real browser: Debian's Chromium driven by playwright-core (no downloaded browser),
 * against the interface built from web/ by Vite and served by Tandem on a real socket. Every screen is
 * checked with axe-core (no serious or critical violation) and photographed into docs/screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, PASSWORD, signIn as signInApi } from './helpers/auth.js';
import { expectAccessible } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { unhcrCsv, unhcrRow } from './helpers/files.js';

const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..');
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
/** The colours a web source file defines (`REF: '#00838f'`, `'iom-led': '#9c4a00'`), read from its text: the interface's one definition. */
const colours = (file: string) => Object.fromEntries([...readFileSync(join(ROOT, 'web', 'src', file), 'utf8').matchAll(/^\s+'?([\w-]+)'?: '(#[0-9a-f]{6})',$/gm)].map((m) => [m[1]!, m[2]!]));

let webRoot: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  // TANDEM_TEST_WEB_ROOT: an interface built elsewhere (an earlier commit's, to see a test fail before its change).
  if (process.env.TANDEM_TEST_WEB_ROOT) {
    webRoot = process.env.TANDEM_TEST_WEB_ROOT;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });
    return;
  }
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
  if (webRoot && !process.env.TANDEM_TEST_WEB_ROOT) rmSync(webRoot, { recursive: true, force: true });
});

describeEachEngine('the web interface in Chromium', (engine) => {
  let t: TestDb;
  let server: Server;
  let base: string;
  const accounts: Record<'admin' | 'iomRep' | 'unhcrRep' | 'officer', string> = { admin: '', iomRep: '', unhcrRep: '', officer: '' };
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const requests = new Map<Page, string[]>();
  /** Every URL the page asked for so far. */
  const asked = (page: Page) => requests.get(page) ?? [];

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
    requests.set(page, []);
    page.on('request', (r) => requests.get(page)?.push(r.url()));
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

  /** axe-core on the current screen: no serious or critical violation (test/helpers/browser.ts). */
  const accessible = expectAccessible;

  // The screenshots are of this interface only (not of one built elsewhere).
  const shot = (page: Page, name: string) => (engine === 'sqlite' && !process.env.TANDEM_TEST_WEB_ROOT ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());

  it('shows a visitor the overview: the map coloured by arrangement and the list of situations', async () => {
    const page = await open('/');
    await expect.poll(() => page.locator('[data-testid=world-map] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cards > li').count()).toBe(9);
    // A visitor's page never asks who is signed in (it would be told 401): no hint cookie, no request.
    expect(asked(page).filter((u) => u.includes('/api/v1/auth/me'))).toEqual([]);
    const card = page.locator('.cards > li', { hasText: 'Venezuelans in Colombia' });
    expect(await card.textContent()).toContain('Co-led platform');
    expect(await card.textContent()).toContain('signed decision');
    expect(await page.locator('[data-testid=world-map]').getAttribute('aria-label')).toContain('Venezuelans in Colombia (Co-led platform');
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
    // The signed-in hint is readable by the page and holds no secret; the session cookie is not readable.
    expect(await page.evaluate(() => document.cookie)).toBe('tandem_signed_in=1');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    // A session that ended elsewhere: the page asks once, is told 401, and forgets the hint.
    await signIn(page, accounts.admin);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Ada Admin');
    const cookies = await page.context().cookies();
    await page.context().clearCookies();
    await page.context().addCookies(cookies.filter((c) => c.name === 'tandem_signed_in'));
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await page.evaluate(() => document.cookie)).toBe('');
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
    const inputs = rec.inputs as Array<{ sourceOrg: string; sourceDataset: string; value: number }>;
    expect(await rows.count()).toBe(inputs.filter((i) => i.value !== 0).length);
    for (const input of inputs.filter((i) => i.value !== 0)) {
      // Datasets by name; the slug stays on the cell as its title, never as its text.
      const row = rows.filter({ has: page.locator(`td[title="${input.sourceDataset}"]`) }).filter({ hasText: new Intl.NumberFormat('en').format(input.value) });
      expect(await row.count(), input.sourceDataset).toBeGreaterThan(0);
      expect(await row.first().textContent()).toContain(input.sourceOrg.toUpperCase());
      expect(await row.first().textContent()).not.toContain(input.sourceDataset);
    }
    for (const w of rec.warnings as Array<{ code: string }>) expect(await panel.locator(`li[data-code=${w.code}]`).count(), w.code).toBe(1);
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
    await page.getByLabel('Arrangement', { exact: true }).selectOption('co-led-platform');
    expect(await page.getByRole('note').filter({ hasText: 'differs from the recommendation' }).count()).toBe(1);
    // Signing goes through a summary of what is signed; the server's refusal brings the form back, the field named.
    await page.getByRole('button', { name: 'Review before signing' }).click();
    const summary = page.getByTestId('proposal-summary');
    await expect.poll(() => summary.textContent()).toContain('Co-led platform');
    expect(await summary.textContent()).toContain('Recommendation answered');
    await page.getByRole('button', { name: 'Sign for IOM' }).click();
    const error = page.locator('#rationale-error');
    await expect.poll(() => error.textContent()).toBe('A rationale is required when the decision differs from the recommendation.');
    expect(await page.getByLabel(/^Rationale/).getAttribute('aria-invalid')).toBe('true');
    await accessible(page, 'sign-off with error');
    await shot(page, '04-sign-off-rationale-required');
    expect((await server.inject({ url: '/api/v1/situations/haiti-dominican-republic/decisions' })).json()).toEqual([]);

    await page.getByLabel(/^Rationale/).fill('Test rationale: the two governments asked for one platform for the whole corridor.');
    await page.getByRole('button', { name: 'Review before signing' }).click();
    await expect.poll(() => summary.textContent()).toContain('Test rationale');
    await page.getByRole('button', { name: 'Sign for IOM' }).click();
    await expect.poll(() => page.getByTestId('open-proposals').textContent()).toContain('awaiting the second signature');
    expect(await page.getByRole('status').filter({ hasText: 'It now awaits the other agency\'s signature.' }).count()).toBe(1);
    // The proposer may withdraw it, but not countersign it.
    expect(await page.getByRole('button', { name: 'Withdraw…' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Countersign/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, accounts.unhcrRep);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Ugo UNHCR');
    await page.goto(`${base}/situations/haiti-dominican-republic`);
    await shot(page, '05-countersign');
    await page.getByRole('button', { name: 'Countersign for UNHCR…' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Confirm your signature' }).textContent()).toContain('You sign for UNHCR: Co-led platform');
    await accessible(page, 'countersign confirmation');
    await page.getByRole('button', { name: 'Sign for UNHCR' }).click();
    await expect.poll(() => page.getByTestId('decision-history').textContent()).toContain('in force');
    // After countersigning: the decision now in force, not an empty proposal form.
    await expect.poll(() => page.getByTestId('signed-decision').textContent()).toContain('in force');
    expect(await page.getByRole('form', { name: 'Propose and sign a decision' }).count()).toBe(0);
    expect(await page.getByTestId('in-force').textContent()).toContain('Co-led platform');
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
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('الترتيب المعمول به');
    expect(await page.getByRole('heading', { level: 2, name: 'التوصية' }).count()).toBe(1);
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
    await expect.poll(() => row.textContent()).toContain('(unhcr): viewer');
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
    await expect.poll(() => page.getByTestId('cells-wrong').textContent()).toContain('1 cell needs correcting: nothing was sent.');
    expect(await page.getByLabel('In destination, female 18-59, New').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.cell-error').textContent()).toBe('New people cannot exceed people reached.');
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
      await expect.poll(() => tabs.allTextContents(), { message: name }).toEqual(reviews ? ['Dashboard', 'Validation queue', 'R4V consolidation'] : ['Dashboard', 'R4V consolidation']);
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

  // ------------------------------------------------------------------ issue 18: each of the review's eight findings

  const planOf = async () => (await t.app.plans.platformPage(operatorCtx(), 'gifmm-colombia-demo')).plans[0]!;
  const pct = (n: number, lng = 'en') => new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 }).format(n);
  const num = (n: number) => new Intl.NumberFormat('en').format(n);
  /** The partner of findings 1 and 2 (demo partner A), and the month its form opened on. */
  const pia = { email: '', month: '', activity: '' };

  /** Opens the partner's form, signed in; returns the month picker. */
  async function reportForm(page: Page, email: string, name: string) {
    const plan = await planOf();
    await signIn(page, email);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe(name);
    await page.goto(`${base}/plans/${plan.id}?tab=report`);
    await expect.poll(() => page.getByRole('form', { name: 'Report a month' }).count()).toBe(1);
    return page.getByRole('region', { name: 'Report a month' }).getByLabel('Month', { exact: true });
  }

  it('1. the partner\'s form never saves a mistyped number as 0: "1,200" is 1,200, "1O" and "1.200" are refused on their cell and nothing is sent', async () => {
    const plan = await planOf();
    pia.email = (await makeUser(t.app, [['demo-partner-a', 'partner_reporter']], { name: 'Pia Partner' })).email;
    const page = await open();
    const monthPicker = await reportForm(page, pia.email, 'Pia Partner');
    await expect.poll(() => monthPicker.inputValue()).toMatch(/^2025-\d\d$/);
    pia.month = await monthPicker.inputValue();
    pia.activity = await page.getByLabel('Activity').inputValue();
    const puts: string[] = [];
    page.on('request', (r) => { if (r.method() === 'PUT') puts.push(r.url()); });
    await page.getByLabel('In destination, female 18-59, Reached').fill('1,200');
    await page.getByLabel('In destination, female 18-59, New').fill('1,000');
    await page.getByLabel('In destination, male 18-59, Reached').fill('1O');
    await page.getByLabel('In destination, male 18-59, New').fill('1.200');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('cells-wrong').textContent()).toBe('2 cells need correcting: nothing was sent.');
    const describedBy = async (label: string) => page.locator(`#${await page.getByLabel(label).getAttribute('aria-describedby')}`).textContent();
    expect(await page.getByLabel('In destination, male 18-59, Reached').getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy('In destination, male 18-59, Reached')).toBe('"1O" is not a number');
    expect(await describedBy('In destination, male 18-59, New')).toBe('"1.200" is not a whole number');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('In destination, male 18-59, Reached');
    expect(puts).toEqual([]);
    // The totals per row and column count what can be read, and say "—" where a cell cannot.
    expect(await page.getByTestId('total-in_destination-reached-female').textContent()).toBe('1,200');
    expect(await page.getByTestId('total-in_destination-reached').textContent()).toBe('—');
    await accessible(page, 'monthly report with refused cells');
    await shot(page, '15-report-refused-cells');

    await page.getByLabel('In destination, male 18-59, Reached').fill('10');
    await page.getByLabel('In destination, male 18-59, New').fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Saved: draft.');
    expect(puts).toHaveLength(1);
    const stored = async () => page.evaluate(async ([id, a, m]) => (await (await fetch(`/api/v1/plans/${id}/reports?activity=${a}&month=${m}&limit=1&offset=0`)).json()).items[0], [plan.id, pia.activity, pia.month] as const);
    const rows = (await stored()).rows;
    expect(rows).toContainEqual(expect.objectContaining({ group: 'in_destination', sex: 'female', age: '18-59', reached: 1200, newReached: 1000 }));
    expect(rows).toContainEqual(expect.objectContaining({ group: 'in_destination', sex: 'male', age: '18-59', reached: 10, newReached: 0 }));
    expect(await page.getByTestId('total-in_destination-reached').textContent()).toBe('1,210');
    expect(await page.getByTestId('total-in_destination-newReached').textContent()).toBe('1,000');

    // In Spanish, "2.500" is two thousand five hundred: read in the reader's conventions.
    await page.getByLabel('Language').selectOption('es');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('es');
    const firstCell = page.getByRole('form').locator('input').first();
    await firstCell.fill('2.500');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect.poll(async () => (await stored()).rows.find((r: { sex: string; age: string; group: string }) => r.group === 'in_destination' && r.sex === 'female' && r.age === '0-17')?.reached).toBe(2500);
    await page.getByLabel('Idioma').selectOption('en');
  });

  it('2. the form opens on the month to report with what is stored and its status, guards unsaved numbers, shows the partner why a report came back, is read-only once validated or closed, and keeps every number across leaving and coming back', async () => {
    const plan = await planOf();
    const page = await open();
    const monthPicker = await reportForm(page, pia.email, 'Pia Partner');
    // The draft of finding 1 is the month still to report: the form opens on it, with every number as left.
    await expect.poll(() => monthPicker.inputValue()).toBe(pia.month);
    await expect.poll(() => page.getByTestId('report-current').textContent()).toContain('draft');
    expect(await page.getByLabel('In destination, female 18-59, Reached').inputValue()).toBe('1200');
    expect(await page.getByLabel('In destination, male 18-59, Reached').inputValue()).toBe('10');
    expect(await page.getByLabel('In destination, female 0-17, Reached').inputValue()).toBe('2500');
    // The whole activity is named below the picker, however narrow the picker.
    const activities = await page.evaluate(async (id) => (await (await fetch(`/api/v1/plans/${id}/activities`)).json()), plan.id);
    const mine = activities.find((a: { id: string }) => a.id === pia.activity);
    expect(await page.getByTestId('activity-details').textContent()).toContain(mine.description);

    // Leaving by a link and coming back: nothing asked (nothing unsaved), every number where it was.
    await page.getByRole('link', { name: 'Platforms' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Coordination platforms');
    await page.goBack();
    await expect.poll(() => page.getByLabel('In destination, female 18-59, Reached').inputValue()).toBe('1200');

    // Unsaved numbers: changing the month or leaving asks first; staying keeps them.
    await page.getByLabel('In destination, female 60+, Reached').fill('7');
    await expect.poll(() => page.getByTestId('unsaved').count()).toBe(1);
    const questions: string[] = [];
    page.once('dialog', (d) => { questions.push(d.message()); void d.dismiss(); });
    const other = pia.month === '2025-11' ? '2025-10' : '2025-11';
    await monthPicker.selectOption(other);
    await expect.poll(() => questions).toEqual(['Numbers you typed are not saved. Leave without saving them?']);
    expect(await monthPicker.inputValue()).toBe(pia.month);
    expect(await page.getByLabel('In destination, female 60+, Reached').inputValue()).toBe('7');
    page.once('dialog', (d) => { questions.push(d.message()); void d.dismiss(); });
    await page.getByRole('link', { name: 'Platforms' }).click();
    await expect.poll(() => questions).toHaveLength(2);
    expect(new URL(page.url()).pathname).toBe(`/plans/${plan.id}`);
    expect(await page.getByLabel('In destination, female 60+, Reached').inputValue()).toBe('7');

    // Submitted, then returned with a reason for the partner and a note for the reviewers only.
    await page.getByRole('button', { name: 'Submit for validation' }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Saved: submitted.');
    const coordinator = await signInApi(server, (await makeUser(t.app, [['unhcr', 'coordinator']], { name: 'Cora Coordinator' })).email);
    const report = await page.evaluate(async ([id, a, m]) => (await (await fetch(`/api/v1/plans/${id}/reports?activity=${a}&month=${m}&limit=1&offset=0`)).json()).items[0], [plan.id, pia.activity, pia.month] as const);
    expect(report.rows).toContainEqual(expect.objectContaining({ sex: 'female', age: '60+', reached: 7 }));
    const returned = await as(server, coordinator).post(`/api/v1/reports/${report.id}/review`, { decision: 'return', reason: 'Female adults look high for one month: check the register.', note: 'Reviewer only: compare with partner B.' });
    expect(returned.statusCode, returned.body).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId('return-reason').textContent()).toContain('Female adults look high for one month: check the register.');
    expect(await page.getByTestId('report-current').textContent()).toContain('returned');
    expect(await page.locator('main').textContent()).not.toContain('Reviewer only');
    expect(await monthPicker.inputValue()).toBe(pia.month);
    await accessible(page, 'returned report');
    await shot(page, '16-report-returned');

    // Corrected, submitted and validated: read-only from then on.
    await page.getByLabel('In destination, female 18-59, Reached').fill('1,100');
    await page.getByRole('button', { name: 'Submit for validation' }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Saved: submitted.');
    expect((await as(server, coordinator).post(`/api/v1/reports/${report.id}/review`, { decision: 'validate' })).statusCode).toBe(200);
    await page.reload();
    await monthPicker.selectOption(pia.month);
    await expect.poll(() => page.getByTestId('read-only').textContent()).toBe('This report is validated: it can no longer change.');
    expect(await page.getByLabel('In destination, female 18-59, Reached').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByLabel('In destination, female 18-59, Reached').inputValue()).toBe('1100');
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);

    // A closed month is read-only too.
    expect((await as(server, coordinator).post('/api/v1/platforms/gifmm-colombia-demo/locks', { month: '2025-12' })).statusCode).toBe(201);
    await page.reload();
    await monthPicker.selectOption('2025-12');
    await expect.poll(() => page.getByTestId('read-only').textContent()).toBe('This month is closed: the report can no longer change.');
    expect(await page.getByRole('button', { name: 'Submit for validation' }).count()).toBe(0);
  });

  it('3. a refused template upload names each column by the header the partner sees and its hashtag, and refuses a P-code that is not the activity\'s', async () => {
    const plan = await planOf();
    const page = await open();
    await reportForm(page, pia.email, 'Pia Partner');
    const template = await page.evaluate(async (id) => (await fetch(`/api/v1/plans/${id}/template?month=2025-11&format=hxl`)).text(), plan.id);
    const lines = template.trim().split(/\r?\n/);
    const tags = lines[1]!.split(',');
    const fill = (line: string, values: Record<string, string>) => line.split(',').map((v, i) => values[tags[i]!] ?? v).join(',');
    const panel = page.getByRole('region', { name: 'Template and upload' });
    const upload = async (name: string, rows: string[]) => {
      await panel.getByLabel('Filled template (XLSX or CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from([lines[0], lines[1], ...rows].join('\n')) });
      await panel.getByRole('button', { name: 'Upload' }).click();
    };
    await upload('november.csv', [fill(lines[2]!, { '#reached+f+adults': 'sixty' })]);
    const errors = panel.getByTestId('upload-errors');
    await expect.poll(() => errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr td').allTextContents()).toEqual(['november.csv', '3', '#reached+f+adults', 'Reached Female 18-59: "sixty" is not a whole number, 0 or more']);
    await upload('november.csv', [fill(lines[2]!, { '#adm1+code': 'CO99', '#reached+f+adults': '6' })]);
    await expect.poll(() => errors.locator('tbody tr td').nth(2).textContent()).toBe('#adm1+code');
    expect(await errors.locator('tbody tr td').nth(3).textContent()).toMatch(/^Admin area \(P-code\): "CO99" is not a known P-code/);
    await accessible(page, 'template refused');
    const november = await page.evaluate(async (id) => (await (await fetch(`/api/v1/plans/${id}/reports?month=2025-11&limit=50&offset=0`)).json()).items, plan.id);
    expect(november).toEqual([]);
  });

  it('4. a chart never adds two datasets of one population type, and a type has one colour on every page, none an arrangement\'s', async () => {
    const page = await open();
    await signIn(page, accounts.officer);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Omar Officer');
    await page.getByRole('link', { name: 'Import' }).click();
    // UNHCR's own figure for other people in need of international protection, beside the demo's rounded one.
    const file = unhcrCsv(['2024,"x","x",VEN,"y","y",COL,1000,28000,0,0,0,0,0,2779604,0']);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'unhcr-2024-col.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Import' }).click();
    const summary = page.getByTestId('import-summary');
    await expect.poll(() => summary.textContent()).toContain('unhcr-2024-col.csv was imported');
    // What the import changed, down to the situations whose recommendation moved (as the API lists them), by name.
    const batch = (await server.inject({ url: '/api/v1/figures?year=2024&host=COL&source=unhcr&limit=100' })).json().items.find((f: { value: number }) => f.value === 2779604).batchId;
    const changedSituations = (await server.inject({ url: `/api/v1/imports/${batch}/recommendations` })).json<Array<{ situation: { name: string } }>>();
    await expect.poll(() => summary.getByTestId('changed-situations').count()).toBe(1);
    for (const c of changedSituations) expect(await summary.getByTestId('changed-situations').textContent()).toContain(c.situation.name);
    if (changedSituations.length === 0) expect(await summary.getByTestId('changed-situations').textContent()).toContain('No situation\'s recommendation changed.');
    expect(await summary.textContent()).toContain('Other people in need of international protection');
    await accessible(page, 'import with changed situations');

    await page.goto(`${base}/situations/venezuela-colombia`);
    await page.getByText('The same figures as a table').click();
    const table = page.getByTestId('composition-table');
    await expect.poll(() => table.locator('tbody tr').filter({ hasText: 'Other people in need of international protection' }).count()).toBe(2);
    const oip = await table.locator('tbody tr').filter({ hasText: 'Other people in need of international protection' }).allTextContents();
    expect(oip.join(' | ')).toContain(num(2_780_000));
    expect(oip.join(' | ')).toContain(num(2_779_604));
    expect(await table.textContent()).not.toContain(num(2_780_000 + 2_779_604));
    await accessible(page, 'situation with two datasets of one type');
    await shot(page, '17-two-datasets-one-type');

    // The migrants' colour is the same on two situations' legends, it is theirs, and no arrangement has it.
    const colourOn = async (slug: string, type: string) => {
      await page.goto(`${base}/situations/${slug}`);
      const swatch = page.locator(`[data-testid=chart-legend] li[data-type=${type}] .swatch`).first();
      await expect.poll(() => swatch.count(), { timeout: 20_000 }).toBe(1);
      return swatch.evaluate((el) => getComputedStyle(el).backgroundColor);
    };
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    const here = await colourOn('venezuela-colombia', 'MIG');
    expect(await colourOn('nicaragua-costa-rica', 'MIG')).toBe(here);
    expect(here).toBe(rgb(colours('populations.ts').MIG!));
    expect(Object.values(colours('arrangements.ts')).map(rgb)).not.toContain(here);
  });

  it('5. says what is provisional: cards and map mark it and show P and M; a situation leads with the arrangement in force; a decision shows what it answered beside today; both bounds are numbers; zero-value inputs stand apart', async () => {
    const overview = (await server.inject({ url: '/api/v1/overview' })).json().items as Array<{ slug: string; name: string; provisional: boolean; protection: number; migrants: number }>;
    const page = await open('/');
    await expect.poll(() => page.locator('.cards > li').count()).toBe(overview.length);
    for (const s of overview) {
      const card = page.locator(`.cards > li[data-slug="${s.slug}"]`);
      expect(await card.getByTestId('provisional').count(), s.slug).toBe(s.provisional ? 1 : 0);
      expect(await card.textContent()).toContain(`Protection (P)${num(s.protection)}`);
      expect(await card.textContent()).toContain(`Migrants (M)${num(s.migrants)}`);
    }
    const label = await page.getByTestId('world-map').getAttribute('aria-label');
    for (const s of overview.filter((x) => x.provisional)) expect(label).toContain(`${s.name} (`);
    expect(label).toContain('provisional');
    expect(await page.getByTestId('map-legend').textContent()).toContain('Hatched: provisional');

    const slug = 'myanmar-bangladesh';
    const rec = (await server.inject({ url: `/api/v1/situations/${slug}/recommendation` })).json();
    const [decision] = (await server.inject({ url: `/api/v1/situations/${slug}/decisions` })).json();
    const answered = decision.snapshotId ? (await server.inject({ url: `/api/v1/recommendations/${decision.snapshotId}` })).json() : decision.recommendation;
    await page.goto(`${base}/situations/${slug}`);
    await expect.poll(() => page.getByTestId('in-force').textContent()).toContain(decision.arrangement === 'unhcr-led' ? 'UNHCR leads' : 'Co-led platform');
    expect(await page.evaluate(() => {
      const a = document.querySelector('[data-testid=in-force]');
      const b = document.querySelector('[data-testid=recommendation]');
      return !!a && !!b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    })).toBe(true);
    expect(await page.getByTestId('upper-bound').textContent()).toBe(pct(rec.threshold));
    expect(await page.getByTestId('lower-bound').textContent()).toBe(pct(1 - rec.threshold));
    const thenNow = page.getByTestId('decision-history').getByTestId('then-now');
    await expect.poll(() => thenNow.locator('tbody tr').count()).toBe(2);
    expect(await thenNow.locator('tbody tr').nth(0).textContent()).toContain(pct(answered.share));
    expect(await thenNow.locator('tbody tr').nth(1).textContent()).toContain(pct(rec.share));
    expect(await page.getByTestId('recommendation').getByTestId('provisional').count()).toBe(rec.provisional ? 1 : 0);

    // A source that gives zero is listed apart, not among the figures used.
    const op = await signInApi(server, accounts.officer);
    const zero = unhcrCsv([unhcrRow(2024, 'SOM', 'YEM', 0, 41000)]);
    const imported = await server.inject({ method: 'POST', url: '/api/v1/imports?kind=unhcr-population&filename=zero.csv', payload: zero, headers: { 'content-type': 'application/octet-stream', cookie: op.cookie, 'x-csrf-token': op.csrf } });
    expect(imported.statusCode, imported.body).toBeLessThan(300);
    const inputs = (await server.inject({ url: '/api/v1/situations/somalia-yemen/recommendation' })).json().inputs as Array<{ value: number; type: string }>;
    await page.goto(`${base}/situations/somalia-yemen`);
    await expect.poll(() => page.locator('[data-testid=inputs] tbody tr').count()).toBe(inputs.filter((i) => i.value !== 0).length);
    expect(await page.getByTestId('zero-inputs').locator('li').count()).toBe(inputs.filter((i) => i.value === 0).length);
    await accessible(page, 'situation with zero-value inputs');
  });

  it('6. imports for one of the account\'s organisations, and says clearly when the figures are not its to assert', async () => {
    const ngo = (await makeUser(t.app, [['demo-partner-b', 'im_officer']], { name: 'Nadia NGO' })).email;
    const page = await open();
    await signIn(page, ngo);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Nadia NGO');
    await page.goto(`${base}/import`);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'not-ours.csv', mimeType: 'text/csv', buffer: Buffer.from(unhcrCsv([unhcrRow(2044, 'VEN', 'COL', 0, 1)])) });
    await page.getByRole('button', { name: 'Import' }).click();
    const refused = page.getByTestId('import-refused');
    await expect.poll(() => refused.textContent()).toContain('Refused: these figures are not yours to assert');
    expect(await refused.textContent()).toContain('Nothing was imported.');
    expect((await server.inject({ url: '/api/v1/figures?year=2044' })).json().items).toEqual([]);
    await accessible(page, 'import refused for authority');

    const both = (await makeUser(t.app, [['unhcr', 'im_officer'], ['iom', 'im_officer']], { name: 'Bea Both' })).email;
    const other = await open();
    await signIn(other, both);
    await expect.poll(() => other.getByTestId('who').textContent()).toBe('Bea Both');
    await other.goto(`${base}/import`);
    const choice = other.getByLabel('Import for');
    await expect.poll(() => choice.locator('option').allTextContents()).toEqual(['Choose…', 'IOM', 'UNHCR']);
    await choice.selectOption('unhcr');
    await other.getByLabel('File', { exact: true }).setInputFiles({ name: 'for-unhcr.csv', mimeType: 'text/csv', buffer: Buffer.from(unhcrCsv([unhcrRow(2044, 'NIC', 'CRI', 5, 1)])) });
    await other.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => other.getByTestId('import-summary').textContent()).toContain('for-unhcr.csv was imported');
    expect(asked(other).some((u) => u.includes('/api/v1/imports?') && u.includes('asOrg=unhcr'))).toBe(true);
  });

  it('7. names beside codes: the dashboard by area, partner and sector, filters, a sector × area matrix, sex and age, funding coverage, and a map of areas once boundaries are uploaded', async () => {
    const plan = await planOf();
    const api = async (q = '') => (await server.inject({ url: `/api/v1/plans/${plan.id}/dashboard${q}` })).json();
    const all = await api();
    const page = await open(`/plans/${plan.id}`);
    const byArea = page.getByTestId('by-area');
    await expect.poll(() => byArea.textContent()).toContain('La Guajira (CO44)');
    // Per-partner sums are for the platform's co-leads (and each partner's own): not on the public page.
    expect(await page.getByTestId('by-partner').count()).toBe(0);
    expect(await page.locator('#include').count()).toBe(0);
    expect(await page.getByTestId('by-sector').textContent()).toContain('Water, Sanitation and Hygiene');
    expect(await page.getByTestId('matrix').locator('thead').textContent()).toContain('Norte de Santander (CO54)');
    expect(await page.getByTestId('sex-age').locator('tbody tr').count()).toBe(2);
    // People in transit are persons on this platform (the default, as R4V counts them): shown as persons, not as times assisted.
    expect(await page.getByTestId('transit-persons').textContent()).toContain(num(all.peopleReached.byGroup.in_transit));
    expect(await page.getByTestId('funding-total').textContent()).toContain(pct(all.fundingTotal.coverage));
    expect(await page.getByTestId('no-boundaries').textContent()).toContain('Colombia');

    // Each filter narrows the whole dashboard to what the API counts for it.
    for (const [field, value, q] of [['#f-sector', 'protection', '?sector=protection'], ['#f-area', 'CO44', '?area=CO44'], ['#f-partner', 'demo-partner-c', '?partner=demo-partner-c']] as const) {
      await page.locator(field).selectOption(value);
      const narrowed = await api(q);
      await expect.poll(() => page.getByTestId('people-reached').textContent(), { message: q }).toContain(`${num(narrowed.peopleReached.interSector)} / ${num(narrowed.targets.interSector)}`);
      expect(await page.getByTestId('dashboard-filter').count()).toBe(1);
      await page.locator(field).selectOption('');
    }
    const hxl = await page.evaluate(async (id) => (await fetch(`/api/v1/plans/${id}/dashboard?format=hxl`)).text(), plan.id);
    expect(hxl).toContain('La Guajira');
    await accessible(page, 'dashboard with names and filters');

    // Publish once: the regional platform shows its countries from their national platforms, by the same figures.
    const regional = await open('/platforms/r4v-demo');
    await regional.locator('#regional-until').fill('2025-12');
    const fromApi = (await server.inject({ url: '/api/v1/platforms/r4v-demo/regional?until=2025-12' })).json();
    await expect.poll(() => regional.getByTestId('regional').textContent()).toContain('Colombia');
    const people = fromApi.countries.find((c: { country: string }) => c.country === 'COL').peopleReached;
    expect(await regional.getByTestId('regional').locator('tbody tr').first().textContent()).toContain(num(people));
    await accessible(regional, 'regional platform: countries published once');

    // Boundaries uploaded by the administrator (GeoJSON): the dashboard draws its areas.
    const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
    const geojson = {
      type: 'FeatureCollection', features: [['CO11', 'Bogota', -74, 4], ['CO44', 'La Guajira', -73, 11], ['CO54', 'Norte de Santander', -73, 7.5]]
        .map(([pcode, name, x, y]) => ({ type: 'Feature', properties: { ADM1_PCODE: pcode, ADM1_ES: name }, geometry: { type: 'Polygon', coordinates: square(Number(x), Number(y)) } })),
    };
    const admin = await open();
    await signIn(admin, accounts.admin);
    await expect.poll(() => admin.getByTestId('who').textContent()).toBe('Ada Admin');
    await admin.goto(`${base}/admin`);
    await admin.getByLabel('Country').selectOption('COL');
    await admin.getByLabel('Boundaries (GeoJSON)').setInputFiles({ name: 'col-adm1.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(geojson)) });
    await admin.getByRole('button', { name: 'Upload boundaries' }).click();
    await expect.poll(() => admin.getByTestId('boundaries-summary').textContent()).toBe('3 areas kept for COL, 3 of them known in the admin-area registry.');
    await accessible(admin, 'boundaries uploaded');
    await admin.goto(`${base}/plans/${plan.id}`);
    await expect.poll(() => admin.getByTestId('by-partner').textContent()).toContain(`${all.names.partners['demo-partner-a']} (demo-partner-a)`);
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=area-map] canvas').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('area-map').getAttribute('aria-label')).toContain('La Guajira');
    await page.waitForTimeout(500);
    await shot(page, '18-dashboard-area-map');

    // The validation queue names partner, sector and area.
    const coordinator = (await makeUser(t.app, [['unhcr', 'coordinator']], { name: 'Quinn Queue' })).email;
    const queue = await open();
    await signIn(queue, coordinator);
    await expect.poll(() => queue.getByTestId('who').textContent()).toBe('Quinn Queue');
    await queue.goto(`${base}/plans/${plan.id}?tab=review`);
    await expect.poll(() => queue.getByTestId('queue').locator('li h3').first().textContent()).toMatch(/^Demo partner . \(synthetic.*\) · .+ · .+ \(CO\d\d\) · 2025-\d\d$/);
  });

  it('8. on a slow link: files precompressed and cached, text before any script, Retry where a screen fails to load', async () => {
    const html = await fetch(`${base}/`, { headers: { 'accept-encoding': 'br' } });
    expect(html.headers.get('content-encoding')).toBe('br');
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const page = await fetch(`${base}/situations/x`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())![1]!;
    const js = await fetch(base + script, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.headers.get('content-encoding')).toBe('br');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('vary')).toMatch(/accept-encoding/i);

    // Raw pages (no problem collector): their failures here are on purpose.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    contexts.push(context);
    const noScript = await context.newPage();
    await noScript.route('**/assets/*.js', (r) => r.abort());
    await noScript.goto(`${base}/`);
    expect(await noScript.locator('#root').textContent()).toContain('Loading…');
    expect(await noScript.locator('header .brand').textContent()).toBe('Tandem');

    const offline = await context.newPage();
    await offline.goto(`${base}/`);
    await expect.poll(() => offline.locator('.cards > li').count()).toBeGreaterThan(0);
    const chunk = (url: URL) => /\/assets\/Platforms-[^/]+\.js$/.test(url.pathname);
    await offline.route(chunk, (r) => r.abort('internetdisconnected'));
    await offline.getByRole('link', { name: 'Platforms' }).click();
    const failed = offline.getByTestId('screen-error');
    await expect.poll(() => failed.textContent()).toContain('This page could not be loaded');
    await accessible(offline, 'screen that failed to load');
    await offline.unroute(chunk);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => offline.getByRole('heading', { level: 1 }).textContent()).toBe('Coordination platforms');
    // A list that failed to load says so with Retry, too.
    const list = (url: URL) => url.pathname === '/api/v1/platforms';
    await offline.goto(`${base}/`);
    await expect.poll(() => offline.locator('.cards > li').count()).toBeGreaterThan(0);
    await offline.route(list, (r) => r.abort('internetdisconnected'));
    await offline.getByRole('link', { name: 'Platforms' }).click();
    await expect.poll(() => offline.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('The server could not be reached');
    await offline.unroute(list);
    await offline.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => offline.locator('.cards > li').count()).toBeGreaterThan(0);
  });

  it('9. many situations: search, filters and sort; a host with several arrangements has its own colour, a legend entry and a chooser; the tooltip stays inside the map', async () => {
    const op = operatorCtx();
    await t.app.situations.create(op, { name: 'Ecuadorians in Colombia (test)', slug: 'ecuador-colombia-test', origins: ['ECU'], hosts: ['COL'] });
    await expect.poll(async () => (await server.inject({ url: '/api/v1/overview' })).json().items.some((s: { slug: string }) => s.slug === 'ecuador-colombia-test'), { timeout: 20_000 }).toBe(true);
    const items = (await server.inject({ url: '/api/v1/overview' })).json().items as Array<{ slug: string; name: string; hosts: string[]; origins: string[]; arrangement: string; provisional: boolean; share: number | null }>;
    const page = await open('/');
    const cards = page.locator('.cards > li');
    await expect.poll(() => cards.count()).toBe(items.length);
    await page.getByLabel('Search', { exact: true }).fill('Colombia');
    await expect.poll(() => cards.count()).toBe(items.filter((s) => s.hosts.includes('COL') || s.origins.includes('COL') || s.name.includes('Colombia')).length);
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Arrangement', { exact: true }).selectOption('co-led-platform');
    await expect.poll(() => cards.count()).toBe(items.filter((s) => s.arrangement === 'co-led-platform').length);
    await page.getByLabel('Arrangement', { exact: true }).selectOption('');
    await page.getByLabel('Results').selectOption('final');
    await expect.poll(() => cards.count()).toBe(items.filter((s) => !s.provisional).length);
    await page.getByLabel('Results').selectOption('all');
    await page.getByLabel('Region of the host').selectOption('Americas');
    await expect.poll(() => page.getByTestId('shown-count').textContent()).toMatch(/^\d+ of \d+ shown$/);
    expect(await cards.count()).toBeLessThan(items.length);
    await page.getByLabel('Region of the host').selectOption('');
    await page.getByLabel('Sort by').selectOption('share');
    const top = [...items].sort((a, b) => (b.share ?? -1) - (a.share ?? -1))[0]!;
    await expect.poll(() => cards.first().getAttribute('data-slug')).toBe(top.slug);
    expect(await page.getByTestId('map-legend').textContent()).toContain('Several situations with different arrangements');
    await accessible(page, 'overview filtered');

    // Colombia hosts two situations with different arrangements: its own colour, and a chooser on click.
    const canvas = page.locator('[data-testid=world-map] canvas').first();
    await expect.poll(() => canvas.count(), { timeout: 20_000 }).toBe(1);
    await page.waitForTimeout(800);
    const spot = await canvas.evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')!;
      const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
      const r = c.getBoundingClientRect();
      for (let i = 0; i < width * height; i++) {
        const [red, green, blue] = [data[i * 4]!, data[i * 4 + 1]!, data[i * 4 + 2]!];
        if (Math.abs(red - 0xb8) < 4 && Math.abs(green - 0x86) < 4 && Math.abs(blue - 0x0b) < 4) {
          return { x: r.left + ((i % width) * r.width) / width, y: r.top + (Math.floor(i / width) * r.height) / height };
        }
      }
      return null;
    });
    expect(spot, 'a host drawn in the colour of several arrangements').not.toBeNull();
    await page.mouse.move(spot!.x, spot!.y);
    const tooltip = page.locator('[data-testid=world-map] div', { hasText: 'Ecuadorians in Colombia (test)' }).last();
    await expect.poll(() => tooltip.count()).toBeGreaterThan(0);
    const [box, map] = [await tooltip.boundingBox(), await page.getByTestId('world-map').boundingBox()];
    expect(box!.x).toBeGreaterThanOrEqual(map!.x - 1);
    expect(box!.x + box!.width).toBeLessThanOrEqual(map!.x + map!.width + 1);
    await page.mouse.click(spot!.x, spot!.y);
    const chooser = page.getByTestId('host-chooser');
    await expect.poll(() => chooser.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Venezuelans in Colombia', 'Ecuadorians in Colombia (test)']));
    expect(await chooser.getByRole('heading').textContent()).toBe('2 situations in Colombia');
    await accessible(page, 'host chooser');
    await shot(page, '19-host-chooser');
    await chooser.getByRole('link', { name: 'Ecuadorians in Colombia (test)' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ecuadorians in Colombia (test)');
  });

  it('10. signing: the other agency may decline with a reason, the proposer may withdraw, open proposals stand side by side, disagreements and kept recommendations are on show, proposing follows the API', async () => {
    const slug = 'sudan-chad';
    const ines = await open();
    await signIn(ines, accounts.iomRep);
    await expect.poll(() => ines.getByTestId('who').textContent()).toBe('Ines IOM');
    await ines.goto(`${base}/situations/${slug}`);
    await ines.getByLabel('Arrangement', { exact: true }).selectOption('co-led-platform');
    await ines.getByLabel(/^Rationale/).fill('Test: the movement looks mixed on the ground.');
    await ines.getByRole('button', { name: 'Review before signing' }).click();
    await ines.getByRole('button', { name: 'Sign for IOM' }).click();
    await expect.poll(() => ines.getByTestId('sign-status').textContent()).toBe('Signed. It now awaits the other agency\'s signature.');

    const ugo = await open();
    await signIn(ugo, accounts.unhcrRep);
    await expect.poll(() => ugo.getByTestId('who').textContent()).toBe('Ugo UNHCR');
    await ugo.goto(`${base}/situations/${slug}`);
    await ugo.getByRole('button', { name: 'Decline…' }).click();
    const decline = ugo.getByRole('form', { name: 'Decline the proposal' });
    await decline.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect.poll(() => decline.locator('.field-error').textContent()).toBe('Say why you decline the proposal.');
    await decline.getByLabel('Reason (required)').fill('Test: the refugee share is 95%; we see no case for a platform.');
    await accessible(ugo, 'decline');
    await decline.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect.poll(() => ugo.getByTestId('sign-status').textContent()).toBe('Declined. The disagreement is kept and shown on this page.');
    await expect.poll(() => ugo.getByTestId('disagreements').textContent()).toContain('we see no case for a platform');
    expect(await ugo.getByTestId('decision-history').textContent()).toContain('declined');

    // Two proposals for different arrangements: both open, side by side; the second is a disagreement too.
    await ines.reload();
    await ines.getByLabel('Arrangement', { exact: true }).selectOption('iom-led');
    await ines.getByLabel(/^Rationale/).fill('Test: second proposal.');
    await ines.getByRole('button', { name: 'Review before signing' }).click();
    await ines.getByRole('button', { name: 'Sign for IOM' }).click();
    await expect.poll(() => ines.getByTestId('open-proposals').locator('article').count()).toBe(1);
    const u = await signInApi(server, accounts.unhcrRep);
    const conflicting = await as(server, u).post(`/api/v1/situations/${slug}/decisions`, { arrangement: 'unhcr-led', agency: 'unhcr' });
    expect(conflicting.statusCode, conflicting.body).toBe(201);
    await ines.reload();
    await expect.poll(() => ines.locator('[data-testid=open-proposals].side-by-side article').count()).toBe(2);
    await expect.poll(() => ines.getByTestId('disagreements').locator('li').count()).toBe(2);
    await accessible(ines, 'proposals side by side');
    await shot(ines, '20-proposals-side-by-side');
    // The proposer withdraws hers.
    const mine = ines.getByTestId('open-proposals').locator('article', { hasText: 'IOM leads' });
    await mine.getByRole('button', { name: 'Withdraw…' }).click();
    await mine.getByLabel('Note (optional)').fill('Test: withdrawn while we talk.');
    await mine.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await expect.poll(() => ines.getByTestId('sign-status').textContent()).toBe('The proposal was withdrawn.');
    await expect.poll(() => ines.getByTestId('open-proposals').locator('article').count()).toBe(1);
    const statuses = (await server.inject({ url: `/api/v1/situations/${slug}/decisions` })).json().map((d: { status: string }) => d.status).sort();
    expect(statuses).toEqual(['awaiting_signature', 'rejected', 'withdrawn']);

    // The history of kept recommendations, from the situation page.
    await ines.getByRole('link', { name: 'History of kept recommendations' }).click();
    const kept = (await server.inject({ url: `/api/v1/situations/${slug}/recommendations` })).json();
    await expect.poll(() => ines.locator('[data-testid=recommendation-history] tbody tr').count()).toBe(kept.items.length);
    await accessible(ines, 'kept recommendations');

    // Proposing is what the API says the account may do: an information officer is offered nothing.
    const omar = await open();
    await signIn(omar, accounts.officer);
    await expect.poll(() => omar.getByTestId('who').textContent()).toBe('Omar Officer');
    expect((await omar.evaluate(async () => (await (await fetch('/api/v1/situations/ukraine-poland/decisions/can')).json()).propose))).toEqual([]);
    await omar.goto(`${base}/situations/ukraine-poland`);
    await expect.poll(() => omar.getByTestId('recommendation').count()).toBe(1);
    expect(await omar.getByRole('form', { name: 'Propose and sign a decision' }).count()).toBe(0);
  });

  it('11. on a phone (390 px): no page wider than the screen, readable charts, wide tables that scroll with a visible hint, the whole activity named', async () => {
    const plan = await planOf();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error (phone): ${e.message}`));
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth);
    for (const path of ['/', '/situations/venezuela-colombia', `/plans/${plan.id}`, '/figures']) {
      await page.goto(base + path);
      await expect.poll(() => page.locator('main h1').count()).toBe(1);
      await page.waitForTimeout(800);
      expect(await fits(), path).toBeLessThanOrEqual(390);
      await accessible(page, `phone ${path}`);
    }
    await page.goto(`${base}/plans/${plan.id}`);
    const chart = page.getByTestId('reached-chart');
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 20_000 }).toBe(1);
    expect((await chart.boundingBox())!.height).toBeGreaterThan(250);
    expect(await page.getByRole('list', { name: 'Bars' }).textContent()).toBe('ReachedTarget');
    await shot(page, '21-phone-dashboard');
    // The figures are wider than a phone: their table scrolls inside its frame, says so, and takes the keyboard.
    await page.goto(`${base}/figures?host=COL`);
    const frame = page.getByTestId('figures-table').locator('xpath=..');
    await expect.poll(() => frame.getAttribute('tabindex')).toBe('0');
    expect(await frame.getAttribute('aria-label')).toBe('Figures');
    expect(await page.getByTestId('scroll-hint').first().isVisible()).toBe(true);
    await frame.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => frame.evaluate((el) => Math.abs(el.scrollLeft))).toBeGreaterThan(0);

    await signIn(page, pia.email);
    await expect.poll(() => page.getByTestId('who').textContent()).toBe('Pia Partner');
    await page.goto(`${base}/plans/${plan.id}?tab=report`);
    await expect.poll(() => page.getByTestId('activity-details').count()).toBe(1);
    const activities = await page.evaluate(async (id) => (await (await fetch(`/api/v1/plans/${id}/activities`)).json()), plan.id);
    expect(await page.getByTestId('activity-details').textContent()).toContain(activities[0].description);
    expect(await fits()).toBeLessThanOrEqual(390);
    await accessible(page, 'phone report form');
    await shot(page, '22-phone-report');
  });

  it('12. in Arabic: warning details translated, codes and dates isolated from the text around them', async () => {
    const slug = 'venezuela-colombia';
    const rec = (await server.inject({ url: `/api/v1/situations/${slug}/recommendation` })).json<{ warnings: Array<{ code: string; message: string }> }>();
    expect(rec.warnings.length).toBeGreaterThan(0);
    const page = await open(`/situations/${slug}`);
    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const warnings = page.getByTestId('warnings');
    await expect.poll(() => warnings.locator('li[data-code]').count()).toBe(rec.warnings.length);
    for (const w of rec.warnings) {
      const text = await warnings.locator(`li[data-code=${w.code}]`).textContent();
      expect(text, w.code).not.toContain(w.message);
      expect(text, w.code).toMatch(/[\u0600-\u06ff]/);
    }
    expect(await warnings.locator('bdi').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=in-force] bdi, [data-testid=recommendation] bdi').count()).toBeGreaterThan(0);
    expect(await page.locator('blockquote').first().getAttribute('dir')).toBe('auto');
    await accessible(page, 'situation in Arabic, warnings');
    await shot(page, '23-arabic-warnings');
  });

  it('can be used from the keyboard: a skip link first, then visible focus on each control', async () => {
    const page = await open('/');
    const total = (await server.inject({ url: '/api/v1/overview' })).json().total;
    await expect.poll(() => page.locator('.cards > li').count()).toBe(total);
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
