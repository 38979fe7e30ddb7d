/**
 * Issues of concern, support to States and displacement arrangements in a real browser (issue 15, screens):
 * an IOM representative raises a concern that climbs a level when the server's clock passes its deadline; IOM
 * records a resolution and UNHCR acknowledges it (on a phone); a State files a request tagged with GCM
 * objectives, a partner offers, IOM proposes and accepts the match, it is delivered and evaluated and leaves the
 * unmet-demand view; an internal situation shows its clusters and an agency officer edits them. Every screen is
 * checked with axe-core; one on a phone, one in Arabic. A visitor's first screen never asks for notifications.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, jobsOf, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import type { TandemModule } from '../src/core/module.js';
import type { Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { MODULES } from '../src/modules.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const HOUR = 3_600_000;
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

describeEachEngine('concerns, support to States and displacement in Chromium', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let base: string;
  let offsetMs = 0;
  let idpSlug = '';
  const emails: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  let concernPath = '';
  let requestPath = '';

  beforeAll(async () => {
    t = await freshDb(engine);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const modules = (MODULES as readonly TandemModule<string, any, object>[]).filter((m) => ['vocabulary', 'figures', 'situations', 'coordination', 'concerns', 'capacity'].includes(m.name));
    for (const m of modules) await m.seed?.(t.app, operatorCtx());
    // The demo's internal situation (the capacity demo records its clusters on it).
    idpSlug = (await t.app.situations.list({ limit: 500, offset: 0 })).items.find((s) => s.kind === 'internal')!.slug;
    // The server's clock runs with real time, and the test moves it on (a deadline passes without sleeping).
    const now = () => new Date(Date.now() + offsetMs);
    app = createApp(t.database, { concerns: { now }, capacity: { now } });
    const people: Array<[string, string, Role, string]> = [
      ['iomRep', 'iom', 'agency_representative', 'Ines IOM representative'], ['unhcrRep', 'unhcr', 'agency_representative', 'Umar UNHCR representative'],
      ['gov', 'demo-government-a', 'coordinator', 'Gabriela Government'], ['iomCoord', 'iom', 'coordinator', 'Ike IOM coordinator'],
      ['offerer', 'demo-partner-c', 'coordinator', 'Olga Offerer'], ['unhcrIm', 'unhcr', 'im_officer', 'Una UNHCR officer'],
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
  afterAll(() => { expect(problems).toEqual([]); });

  /** Runs the concerns module's job, as the server does every minute. */
  const runClock = async () => { for (const job of jobsOf(app).filter((j) => j.name.startsWith('concerns:'))) await job.run(); };

  const open = (browser: Browser, who: string, viewport?: { width: number; height: number }) =>
    signedInPage(browser, base, emails[who]!, { problems, contexts, viewport });
  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('a visitor\'s first screen does not ask for notifications', async () => {
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(base);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(asked.filter((p) => p.includes('/notifications') || p.includes('/concerns'))).toEqual([]);
    expect(await page.getByTestId('bell').count()).toBe(0);
  });

  it('an IOM representative raises a concern, which climbs a level when its deadline passes', async () => {
    const page = await open(ui.browser, 'iomRep');
    await page.getByRole('link', { name: 'Concerns' }).click();
    await page.getByTestId('concern-summary').waitFor();
    await expectAccessible(page, 'concern list');
    await page.getByRole('link', { name: 'Raise a concern' }).click();
    await page.getByLabel('Subject (required)').fill('SYNTHETIC: two proposals left unsigned');
    await page.getByLabel('Description (required)').fill('SYNTHETIC: the representatives disagree on the arrangement for the border area.');
    await page.getByLabel('Severity').selectOption('critical');
    await page.getByRole('group', { name: 'Other organisations concerned' }).getByLabel(/Demo partner C/i).check();
    await expectAccessible(page, 'raise a concern');
    await page.getByRole('button', { name: 'Raise the concern' }).click();
    await expect.poll(() => h1(page)).toContain('SYNTHETIC: two proposals left unsigned');
    concernPath = new URL(page.url()).pathname;
    expect(concernPath).toMatch(/^\/concerns\/[\w-]+$/);
    const ladder = page.getByTestId('ladder');
    expect(await ladder.locator('[aria-current="step"]').textContent()).toContain('Country');
    expect(await page.getByTestId('level-deadline').textContent()).toContain('Deadline at this level');
    expect(await page.getByRole('button', { name: 'Escalate now' }).count()).toBe(1);
    await expectAccessible(page, 'concern at the country level');

    // A critical concern has a day at the country level: a day and an hour later the clock sends it up.
    offsetMs += 25 * HOUR;
    await runClock();
    await page.reload();
    await expect.poll(() => ladder.locator('[aria-current="step"]').textContent()).toContain('Regional');
    const history = (await page.getByTestId('history').textContent())!;
    expect(history).toContain('Escalated');
    expect(history).toContain('Tandem, as the deadline passed');
    await shot(page, 'concern-escalated');

    await page.getByRole('button', { name: 'Record a resolution' }).click();
    await page.getByLabel('The resolution (required)').fill('SYNTHETIC: a co-led platform for six months, reviewed in June.');
    await page.getByRole('button', { name: 'Record a resolution' }).click();
    await expect.poll(() => page.getByTestId('ack-unhcr').textContent()).toContain('acknowledgement awaited');
    expect(await page.getByTestId('ack-iom').textContent()).toContain('recorded the resolution');
    expect(await page.getByRole('button', { name: 'Acknowledge the resolution' }).count()).toBe(0);
  });

  it('UNHCR\'s representative, told in the header, acknowledges the resolution on a phone', async () => {
    const page = await open(ui.browser, 'unhcrRep', { width: 390, height: 844 });
    const bell = page.getByTestId('bell');
    await expect.poll(() => bell.textContent()).toMatch(/Notifications \d+/);
    await bell.click();
    await expect.poll(() => page.getByTestId('notification').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('notifications').textContent()).toContain('A resolution awaits acknowledgement');
    // The header with its notifications link wraps: no page wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'notifications on a phone');
    await shot(page, 'concern-notifications-phone');
    const unread = Number((await page.getByTestId('notification-summary').textContent())!.match(/\d+/)![0]);
    await page.getByRole('button', { name: 'Mark read' }).first().click();
    await expect.poll(() => page.getByTestId('notification-summary').textContent()).toContain(`${unread - 1} unread`);

    await page.goto(base + concernPath);
    await page.getByRole('button', { name: 'Acknowledge the resolution' }).click();
    await page.getByRole('button', { name: 'Acknowledge the resolution' }).click();
    await expect.poll(() => h1(page)).toContain('Resolved');
    expect(await page.getByTestId('ack-unhcr').textContent()).toContain('acknowledged');
    expect(await page.getByTestId('history').textContent()).toContain('Resolution acknowledged');
    await expectAccessible(page, 'resolved concern on a phone');
    await shot(page, 'concern-resolved-phone');
  });

  it('a State files a request tagged with GCM objectives; routed to the UN Network on Migration under IOM', async () => {
    const page = await open(ui.browser, 'gov');
    await page.getByRole('link', { name: 'Support to States' }).click();
    await page.getByTestId('request-summary').waitFor();
    await expectAccessible(page, 'support requests');
    await page.getByRole('link', { name: 'File a request' }).click();
    await page.getByLabel('Country', { exact: true }).selectOption('ECU');
    await page.getByLabel('Kind of support').selectOption('training');
    const gcm = page.getByRole('group', { name: 'Global Compact for Migration objectives' });
    await gcm.getByLabel(/GCM 23 ·/).check();
    await gcm.getByLabel(/GCM 16 ·/).check();
    await page.getByLabel('Description (required)').fill('SYNTHETIC: training on international cooperation for consular staff.');
    await expectAccessible(page, 'file a request');
    await shot(page, 'capacity-request-form');
    await page.getByRole('button', { name: 'File the request' }).click();
    await expect.poll(() => page.getByTestId('channel').textContent()).toBe('UN Network on Migration');
    expect(await page.getByTestId('lead').textContent()).toBe('IOM');
    requestPath = new URL(page.url()).pathname;
    expect(requestPath).toMatch(/^\/capacity\/requests\/[\w-]+$/);
    await expectAccessible(page, 'support request (State)');
  });

  it('a partner offers, IOM proposes and accepts the match, it is delivered and evaluated, and leaves the unmet demand', async () => {
    const offerer = await open(ui.browser, 'offerer');
    await offerer.goto(`${base}/capacity?tab=offers`);
    await offerer.getByRole('link', { name: 'Offer support' }).click();
    await offerer.getByLabel('Kind of support').selectOption('training');
    await offerer.getByRole('group', { name: 'Global Compact for Migration objectives' }).getByLabel(/GCM 23 ·/).check();
    await offerer.getByLabel('Countries it reaches').selectOption(['ECU']);
    await offerer.getByLabel('Value in US dollars').fill('25,000');
    await offerer.getByLabel('Description (required)').fill('SYNTHETIC: a course on consular cooperation.');
    await offerer.getByRole('button', { name: 'Save the offer' }).click();
    await expect.poll(() => offerer.getByTestId('offers').textContent()).toContain('$25,000 · Ecuador');
    await expectAccessible(offerer, 'offers');

    const iom = await open(ui.browser, 'iomCoord');
    await iom.goto(`${base}/capacity?tab=views`);
    await iom.locator('[data-testid="unmet-demand"] tr[data-tag="GCM-23"]').waitFor();
    await iom.goto(base + requestPath);
    const suggestion = iom.getByTestId('suggestion').filter({ hasText: 'consular cooperation' });
    await suggestion.waitFor();
    await expectAccessible(iom, 'request with suggested offers');
    await suggestion.getByRole('button', { name: 'Propose this offer' }).click();
    const match = iom.getByTestId('match').first();
    await expect.poll(() => match.getByTestId('match-status').textContent()).toBe('Proposed');
    await match.getByRole('button', { name: 'Accept' }).click();
    await match.getByLabel('Note').fill('SYNTHETIC: fits the request');
    await match.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => match.getByTestId('match-status').textContent()).toBe('Accepted');

    await offerer.goto(base + requestPath);
    const theirs = offerer.getByTestId('match').first();
    await theirs.getByRole('button', { name: 'Record delivery' }).click();
    await theirs.getByRole('button', { name: 'Record delivery' }).click();
    await expect.poll(() => theirs.getByTestId('match-status').textContent()).toBe('Delivered');

    const gov = await open(ui.browser, 'gov');
    await gov.goto(base + requestPath);
    const mine = gov.getByTestId('match').first();
    await mine.getByRole('button', { name: 'Evaluate' }).click();
    await mine.getByLabel('How well it met the need (required)').selectOption('4');
    await mine.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => mine.getByTestId('match-status').textContent()).toBe('Evaluated');
    const steps = (await mine.getByTestId('match-steps').textContent())!;
    for (const s of ['Proposed', 'Accepted', 'Delivered', 'Evaluated']) expect(steps).toContain(s);
    expect(await mine.textContent()).toContain('Rated 4 out of 5');
    await expectAccessible(gov, 'evaluated match');
    await shot(gov, 'capacity-request-evaluated');

    await iom.goto(`${base}/capacity?tab=views`);
    await iom.getByTestId('unmet-demand').waitFor();
    expect(await iom.locator('[data-testid="unmet-demand"] tr[data-tag="GCM-23"]').count()).toBe(0);
    expect(await iom.getByTestId('pledges').textContent()).toContain('Demo partner C');
    await iom.getByTestId('time-to-match').waitFor();
    await expectAccessible(iom, 'capacity views');
    await iom.getByLabel('Language').selectOption('ar');
    await expect.poll(() => iom.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => h1(iom)).toBe('دعم الدول');
    await expect.poll(() => iom.getByTestId('unmet-demand').textContent()).toContain('GCM 7 ·');
    await expectAccessible(iom, 'capacity views in Arabic');
    await shot(iom, 'capacity-views-ar');
  });

  it('an internal situation shows its clusters with their leads, and an agency officer records one more', async () => {
    const page = await open(ui.browser, 'unhcrIm');
    await page.goto(`${base}/situations/${idpSlug}`);
    const clusters = page.getByTestId('clusters');
    await expect.poll(() => clusters.textContent(), { timeout: 15_000 }).toContain('Protection');
    const text = (await clusters.textContent())!;
    expect(text).toContain('UNHCR');
    expect(text).toContain('Camp');
    expect(await page.getByTestId('agency-engagement').textContent()).toMatch(/IOM: .*Shelter/);
    await expectAccessible(page, 'internal situation with its clusters');
    await page.getByRole('button', { name: 'Edit the arrangement' }).click();
    await page.getByLabel('Add a cluster').selectOption('health');
    await page.locator('#lead-health').selectOption('iom');
    await page.locator('#colead-health').selectOption('unhcr');
    await expectAccessible(page, 'cluster arrangement form');
    await page.getByRole('button', { name: 'Save the arrangement' }).click();
    await expect.poll(() => clusters.textContent()).toContain('Health');
    await shot(page, 'situation-clusters');
  });
});
