/**
 * Durable solutions in a real browser (issue 14, screens). A UNHCR coordinator opens a return including
 * refugees (UNHCR leads, IOM supports), records the safeguards and the voluntariness register (a form, then a
 * template uploaded back: a faulty file is refused by row and column); UNHCR's representative is refused
 * approval while one person's voluntariness is missing, and signs once it is there; IOM's representative
 * countersigns on a phone; the completed return writes RET figures credited to UNHCR; a partner is told "not
 * found". The strategy page reads targets against UNHCR's imported solutions figures (chart and table, in
 * Arabic too). In the pipeline only the responsible party is offered "move to the next stage", the head of
 * household's name shows only to UNHCR's case handlers, and the bottleneck view names the slowest stage.
 * Every screen is checked with axe-core. All data is synthetic; addresses carry ids only.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import type { Role } from '../src/core/permissions.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { makeUser } from './helpers/auth.js';
import { builtInterface, expectAccessible, signedInPage } from './helpers/browser.js';
import { describeEachEngine, freshDb, SHARED_DATA, type TestDb } from './helpers/engines.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');
const SOLUTIONS_FILE = join(SHARED_DATA, 'unhcr/refugees-r-package/solutions.csv');
const PHONE = { width: 390, height: 844 };
const DAY = 86_400_000;
let ui: Awaited<ReturnType<typeof builtInterface>>;
beforeAll(async () => { ui = await builtInterface(); });
afterAll(async () => { await ui?.close(); });

describeEachEngine('durable solutions: returns, strategy and pipeline in Chromium', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let base = '';
  let clock = Date.now() - 200 * DAY;
  const emails: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const visited: string[] = [];
  let returnPath = '';
  let storyCase = '';
  const returnName = `SYNTHETIC: return from Tanzania to Burundi (${engine})`;

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app, ['vocabulary', 'figures']);
    app = createApp(t.database, { solutions: { now: () => new Date(clock) } });
    const op = operatorCtx();
    await app.accounts.createOrganisation(op, { slug: 'test-state', name: 'Receiving State (synthetic ministry)', kind: 'government' });
    await app.accounts.createOrganisation(op, { slug: 'test-ngo', name: 'A partner (test)', kind: 'ngo' });
    const people: Array<[string, string, Role, string]> = [
      ['unhcrCoord', 'unhcr', 'coordinator', 'Uma UNHCR coordinator'], ['unhcrRep', 'unhcr', 'agency_representative', 'Ulises UNHCR representative'],
      ['unhcrCase', 'unhcr', 'case_worker', 'Ulla UNHCR case worker'], ['iomRep', 'iom', 'agency_representative', 'Irene IOM representative'],
      ['iomCase', 'iom', 'case_worker', 'Ivo IOM case worker'], ['iomCoord', 'iom', 'coordinator', 'Isa IOM coordinator'], ['stateCase', 'test-state', 'case_worker', 'Sami State case worker'],
      ['ngo', 'test-ngo', 'coordinator', 'Nora Partner'],
    ];
    for (const [key, org, role, name] of people) emails[key] = (await makeUser(app, [[org, role]], { name })).email;

    // A strategy over years UNHCR has published, and UNHCR's solutions file imported.
    const strategy = await app.strategies.create(op, { name: `SYNTHETIC: pathways strategy 2023–2025 (${engine})`, fromYear: 2023, toYear: 2025 }, { synthetic: true });
    await app.strategies.setTargets(op, strategy.id, { targets: [2023, 2024, 2025].flatMap((year) => [
      { year, pathway: 'resettlement' as const, country: 'CAN', target: 20_000, pledged: 18_000 },
      { year, pathway: 'resettlement' as const, country: 'USA', target: 50_000, pledged: null },
      { year, pathway: 'education' as const, country: 'DEU', target: 100, pledged: 100 },
    ]) });
    await app.strategies.importFigures(op, SOLUTIONS_FILE);

    // Cases with time in their stages: selection and interview (the State's) is the slow one.
    const identify = async (given: string) => (await app.pipeline.identify(op, {
      head: { givenName: `SYNTHETIC ${given}`, familyName: 'Test-Household', nationality: 'COD' }, householdSize: 4, pathway: 'resettlement',
      asylumCountry: 'TZA', receivingCountry: 'CAN', receivingState: 'test-state', strategy: strategy.id, retainUntil: '2031-12-31',
    }, { synthetic: true })).id;
    const advance = async (id: string, days: number) => { clock += days * DAY; await app.pipeline.advance(op, id); };
    const a = await identify('Amani');
    for (const d of [2, 3, 45, 4, 2]) await advance(a, d);
    storyCase = await identify('Baraka');
    for (const d of [2, 3, 50]) await advance(storyCase, d);
    const c = await identify('Chausiku');
    await advance(c, 1);
    const dropped = await identify('Dalila');
    await advance(dropped, 1);
    await app.pipeline.drop(op, dropped, { reason: 'withdrew' });
    clock += 2 * DAY;

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
    // No personal value in any address: fixed words, ids and a strategy id.
    expect(visited.length).toBeGreaterThan(10);
    for (const url of visited) {
      expect(url, url).toMatch(/^\/(solutions(\/(strategy|pipeline|cases\/[0-9a-f-]{36}))?|returns(\/(new|[0-9a-f-]{36}))?)(\?id=[0-9a-f-]{36})?$|^\/sign-in$|^\/$/);
    }
  });

  const open = async (browser: Browser, who: string, viewport?: { width: number; height: number }) => {
    const page = await signedInPage(browser, base, emails[who]!, { problems, contexts, viewport });
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) visited.push(new URL(f.url()).pathname + new URL(f.url()).search); });
    return page;
  };
  const shot = (page: Page, name: string) => (engine === 'sqlite' ? page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }) : Promise.resolve());
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const narrowEnough = async (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  const recordSafeguard = async (page: Page, safeguard: string, fill: (page: Page) => Promise<void>) => {
    await page.getByLabel('Safeguard', { exact: true }).selectOption(safeguard);
    await fill(page);
    await page.getByRole('button', { name: 'Save the safeguard' }).click();
    await expect.poll(() => page.getByTestId(`safeguard-${safeguard}`).textContent()).toContain('holds');
  };
  const csv = (rows: string[]) => Buffer.from(`Reference,Unit,People,Free,Informed,Express,Declared on
#beneficiary+code,#beneficiary+type,#beneficiary+num,#status+free,#status+informed,#status+express,#date+declared
${rows.join('\n')}
`);

  it('a UNHCR coordinator opens a return including refugees and records its safeguards and voluntariness', async () => {
    const page = await open(ui.browser, 'unhcrCoord');
    await page.getByRole('link', { name: 'Solutions' }).click();
    await page.getByTestId('solutions-parts').waitFor();
    await expectAccessible(page, 'solutions hub');
    await page.getByRole('link', { name: 'Return operations' }).click();
    await expect.poll(() => page.getByTestId('return-summary').textContent()).toBe('0 return operations');
    await expectAccessible(page, 'return operations');
    await page.getByRole('link', { name: 'Open a return operation' }).click();
    await page.getByLabel('Name (required)').fill(returnName);
    await page.getByLabel('Host country (from)').selectOption('TZA');
    await page.getByLabel('Country of origin (to)').selectOption('BDI');
    // Without any person in the caseload the server refuses it, and says so beside the caseload.
    await page.getByRole('button', { name: 'Open the return operation' }).click();
    await expect.poll(() => page.getByTestId('error-caseload').count()).toBe(1);
    await expectAccessible(page, 'open a return with an error');
    await page.getByLabel('refugees (REF)').fill('6');
    await page.getByRole('button', { name: 'Open the return operation' }).click();
    await expect.poll(() => h1(page)).toContain(returnName);
    returnPath = new URL(page.url()).pathname;
    expect(returnPath).toMatch(/^\/returns\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('return-lead').textContent()).toContain('(UNHCR)');
    expect(await page.getByTestId('lead-reason').textContent()).toBe('The caseload includes REF: a return including refugees is led by UNHCR; IOM supports it (transport, logistics).');
    expect(await page.getByTestId('approval-blockers').textContent()).toContain('Approval is refused: 6 safeguards do not hold yet.');
    await expectAccessible(page, 'new return operation');

    await recordSafeguard(page, 'country_of_origin_information_given', (p) => p.getByLabel('Evidence (required)').fill('SYNTHETIC: information sessions and a go-and-see visit'));
    await recordSafeguard(page, 'safety_and_dignity_assessed', (p) => p.getByLabel('Evidence (required)').fill('SYNTHETIC: protection assessment of return areas'));
    // A legal framework needs its agreement: without its document the server names the field.
    await page.getByLabel('Safeguard', { exact: true }).selectOption('legal_framework_in_place');
    await page.getByLabel('Evidence (required)').fill('SYNTHETIC: tripartite agreement signed');
    await page.getByLabel('Kind of agreement').fill('tripartite agreement');
    await page.getByLabel('Parties', { exact: true }).fill('Government of Burundi (synthetic)\nGovernment of Tanzania (synthetic)\nUNHCR');
    await page.getByRole('button', { name: 'Save the safeguard' }).click();
    await expect.poll(() => page.getByTestId('error-sg-document').count()).toBe(1);
    await recordSafeguard(page, 'legal_framework_in_place', (p) => p.getByLabel('Document reference').fill('SYNTHETIC-TRIPARTITE-2026'));
    expect(await page.getByTestId('safeguard-legal_framework_in_place').textContent()).toContain('tripartite agreement between Government of Burundi (synthetic), Government of Tanzania (synthetic), UNHCR');
    await recordSafeguard(page, 'continued_asylum_for_those_who_stay', async (p) => {
      await p.getByLabel('Evidence (required)').fill('SYNTHETIC: host government letter');
      await p.getByLabel('People who stay').fill('40');
    });
    await recordSafeguard(page, 'returnee_monitoring_planned', async (p) => {
      await p.getByLabel('Evidence (required)').fill('SYNTHETIC: monitoring plan');
      await p.getByLabel('Monitoring plan').fill('SYNTHETIC: visits at 3, 6 and 12 months');
    });
    expect(await page.getByTestId('safeguard-safety_and_dignity_assessed').textContent()).toContain('Verified by you on ');

    // One household by the form.
    await page.getByLabel('Person or household').selectOption('household');
    await page.getByLabel('Registration reference (required)').fill('SYN-HH-001');
    await page.getByLabel('People', { exact: true }).fill('4');
    for (const answer of ['Free: no pressure to return', 'Informed: knows the conditions in the country of origin', 'Express: stated explicitly']) await page.getByLabel(answer).check();
    await page.getByRole('button', { name: 'Save the declaration' }).click();
    await expect.poll(() => page.getByTestId('register-summary').textContent()).toBe('4 of 6 people have a declaration that holds; 2 missing (1 declarations).');
    // A faulty file is refused as a whole, by row and column.
    const file = page.getByLabel('Filled register (XLSX or CSV)');
    await file.setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: csv(['SYN-P-002,person,1,yes,maybe,yes,2026-02-11']) });
    await page.getByRole('button', { name: 'Upload the register' }).click();
    const refused = page.getByTestId('upload-errors');
    await expect.poll(() => refused.textContent()).toContain('"maybe" is not yes or no');
    expect(await refused.locator('tbody tr').first().textContent()).toBe('register.csv3#status+informed"maybe" is not yes or no');
    await expectAccessible(page, 'register refused');
    await file.setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: csv(['SYN-P-002,person,1,yes,yes,yes,2026-02-11']) });
    await page.getByRole('button', { name: 'Upload the register' }).click();
    await expect.poll(() => page.getByTestId('register-upload-summary').textContent()).toBe('1 rows read: 1 added, 0 already in the register.');
    await expect.poll(() => page.getByTestId('register-summary').textContent()).toBe('5 of 6 people have a declaration that holds; 1 missing (2 declarations).');
    expect(await page.getByTestId('declaration-row').count()).toBe(2);
    await page.getByRole('button', { name: 'Put to safeguards review' }).click();
    await expect.poll(() => page.getByTestId('return-status').textContent()).toBe('Safeguards review');
    // A coordinator does not sign: no approval is offered to them.
    expect(await page.getByRole('button', { name: 'Approve the return' }).count()).toBe(0);
    await expectAccessible(page, 'return in review');
  });

  it('UNHCR\'s representative is refused approval while one person\'s voluntariness is missing, and signs once it is there', async () => {
    const rep = await open(ui.browser, 'unhcrRep');
    await rep.goto(base + returnPath);
    const blockers = rep.getByTestId('approval-blockers');
    await expect.poll(() => blockers.textContent()).toContain('Approval is refused: 1 safeguard does not hold yet.');
    expect(await blockers.textContent()).toContain('Voluntariness verified: verified for 5 of 6 people; 1 still lack a free, informed and express declaration');
    expect(await rep.getByRole('button', { name: 'Approve the return' }).count()).toBe(0);
    await expectAccessible(rep, 'approval refused');
    await shot(rep, 'solutions-return-refused');

    // The last person's declaration arrives by the template.
    const coord = await open(ui.browser, 'unhcrCoord');
    await coord.goto(base + returnPath);
    await coord.getByLabel('Filled register (XLSX or CSV)').setInputFiles({ name: 'register-2.csv', mimeType: 'text/csv', buffer: csv(['SYN-P-002,person,1,yes,yes,yes,2026-02-11', 'SYN-P-003,person,1,yes,yes,yes,2026-02-12']) });
    await coord.getByRole('button', { name: 'Upload the register' }).click();
    await expect.poll(() => coord.getByTestId('register-upload-summary').textContent()).toBe('2 rows read: 1 added, 1 already in the register.');

    await rep.reload();
    await expect.poll(() => rep.getByTestId('approval-ready').textContent()).toBe('Every safeguard holds: the return may be approved.');
    await rep.getByRole('button', { name: 'Approve the return' }).click();
    await expect.poll(() => rep.getByTestId('return-status').textContent()).toBe('Approved');
    expect(await rep.getByTestId('approval').textContent()).toMatch(/^Signed by you for UNHCR on /);
    expect(await rep.getByTestId('countersignature').textContent()).toBe('not yet');
    await expectAccessible(rep, 'approved return');
  });

  it('IOM\'s representative countersigns on a phone; the completed return writes RET figures for UNHCR; a partner sees nothing', async () => {
    const iom = await open(ui.browser, 'iomRep', PHONE);
    await iom.goto(base + returnPath);
    await iom.getByRole('button', { name: 'Countersign the support role' }).click();
    await expect.poll(() => iom.getByTestId('countersignature').textContent()).toMatch(/^Signed by you for IOM on /);
    await narrowEnough(iom);
    await expectAccessible(iom, 'countersigned return on a phone');
    await shot(iom, 'solutions-return-phone');

    const coord = await open(ui.browser, 'unhcrCoord');
    await coord.goto(base + returnPath);
    await coord.getByLabel('refugees (REF)').fill('6');
    await coord.getByLabel('Declarations of those on board').fill('SYN-HH-001 SYN-P-002 SYN-P-003');
    await coord.getByRole('button', { name: 'Save the movement' }).click();
    await expect.poll(() => coord.getByTestId('return-status').textContent()).toBe('Movements');
    // Those on board can no longer withdraw.
    await expect.poll(() => coord.getByTestId('declaration-row').filter({ hasText: 'departed' }).count()).toBe(3);
    expect(await coord.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await coord.getByRole('button', { name: 'Complete the return' }).click();
    await expect.poll(() => coord.getByTestId('completion').textContent()).toContain('returned refugees written as RET figures credited to UNHCR');
    await expectAccessible(coord, 'completed return');
    const ret = await t.database.db.selectFrom('figures').select(['value', 'pop_type', 'origin_iso3']).where('source_dataset', 'like', 'tandem-return-operation:%').execute();
    expect(ret.map((f) => [f.pop_type, f.origin_iso3, Number(f.value)])).toEqual([['RET', 'BDI', 6]]);

    const ngo = await open(ui.browser, 'ngo', PHONE);
    await ngo.goto(base + returnPath);
    await expect.poll(() => ngo.getByRole('alert').textContent()).toContain('Not found, or not yours to see.');
    expect(await ngo.getByText(returnName).count()).toBe(0);
    await expectAccessible(ngo, 'return not found');
    await ngo.goto(`${base}/returns`);
    await expect.poll(() => ngo.getByTestId('return-summary').textContent()).toBe('0 return operations');
    await narrowEnough(ngo);
  });

  it('a return of migrants only is IOM-led: voluntariness is its one safeguard, and it tracks AVRR cases', async () => {
    const page = await open(ui.browser, 'iomCoord');
    await page.goto(`${base}/returns/new`);
    await page.getByLabel('Name (required)').fill(`SYNTHETIC: assisted return of migrants to Honduras (${engine})`);
    await page.getByLabel('Host country (from)').selectOption('MEX');
    await page.getByLabel('Country of origin (to)').selectOption('HND');
    await page.getByLabel('migrants (MIG)', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Open the return operation' }).click();
    await expect.poll(() => page.getByTestId('lead-reason').textContent()).toBe('The caseload has only migrants: assisted voluntary return and reintegration is led by IOM.');
    expect(await page.getByTestId('return-lead').textContent()).toContain('(IOM)');
    expect(await page.getByTestId('approval-blockers').textContent()).toContain('Approval is refused: 1 safeguard does not hold yet.');
    expect(await page.getByTestId('safeguard-legal_framework_in_place').textContent()).toContain('not required for this return');
    await page.getByLabel('IOM case number (required)').fill('SYN-AVRR-001');
    await page.getByLabel('People', { exact: true }).last().fill('2');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await expect.poll(() => page.getByTestId('avrr-cases').textContent()).toContain('SYN-AVRR-001');
    await expectAccessible(page, 'IOM-led return with an AVRR case');
  });

  it('the strategy page reads targets against UNHCR\'s imported solutions figures, as a chart and a table, in Arabic too', async () => {
    const published = await (await fetch(`${base}/api/v1/solutions/figures?series=resettlement&year=2024&asylum=CAN&limit=1000`)).json() as { items: Array<{ value: number }>; total: number };
    expect(published.total).toBeGreaterThan(0);
    const canada2024 = published.items.reduce((n, f) => n + f.value, 0);
    expect(canada2024).toBeGreaterThan(1000);

    const page = await open(ui.browser, 'unhcrCoord');
    await page.getByRole('link', { name: 'Solutions' }).click();
    await page.getByRole('link', { name: 'Resettlement and pathways strategy' }).click();
    await expect.poll(() => page.getByTestId('figures-imported').textContent()).toContain('UNHCR\'s solutions figures are imported');
    await page.getByLabel('Year', { exact: true }).selectOption('2024');
    const row = page.locator('tr[data-row="resettlement-CAN"]');
    await expect.poll(() => row.textContent()).toContain(new Intl.NumberFormat('en').format(canada2024));
    expect(await row.textContent()).toContain('20,000');
    expect(await row.textContent()).toContain('18,000');
    await page.getByTestId('progress-chart').waitFor();
    expect(await page.getByTestId('progress-chart').locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('progress-by-year').locator('tbody tr').count()).toBe(3);
    await expectAccessible(page, 'strategy against published figures');
    await shot(page, 'solutions-strategy');

    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => h1(page)).toBe('استراتيجية إعادة التوطين والمسارات التكميلية');
    await expect.poll(() => page.getByTestId('progress-rows').locator('caption').textContent()).toMatch(/^الأهداف مقارنة بالتقدم في .+، حسب المسار وبلد الاستقبال \(أشخاص\)$/);
    expect(await page.getByTestId('figures-imported').textContent()).not.toMatch(/[a-z]{3}/i);
    await expectAccessible(page, 'strategy in Arabic');
    await shot(page, 'solutions-strategy-ar');
  });

  it('a case moves on only by its responsible party; its head\'s name shows to UNHCR only; the bottleneck view names the slowest stage', async () => {
    const casePath = `/solutions/cases/${storyCase}`;
    const state = await open(ui.browser, 'stateCase');
    await state.getByRole('link', { name: 'Solutions' }).click();
    await state.getByRole('link', { name: 'Case pipeline' }).click();
    await expect.poll(() => state.getByTestId('case-summary').textContent()).toBe('4 cases');
    expect(await state.getByRole('link', { name: `Case ${storyCase.slice(-8)}` }).getAttribute('href')).toBe(casePath);
    await expectAccessible(state, 'pipeline for the State');
    await state.getByRole('link', { name: `Case ${storyCase.slice(-8)}` }).click();
    await expect.poll(() => state.getByTestId('case-stage').textContent()).toMatch(/^At Decision, with the receiving State, for \d+ days?$/);
    expect(await state.getByTestId('case-no-head').count()).toBe(1);
    expect(await state.getByText('SYNTHETIC Baraka').count()).toBe(0);
    await state.getByRole('button', { name: 'Move to the next stage: Health assessment' }).click();
    await expect.poll(() => state.getByTestId('case-stage').textContent()).toMatch(/^At Health assessment, with IOM, for 0 days$/);
    expect(await state.getByTestId('not-responsible').textContent()).toBe('Only IOM moves the case on from Health assessment.');
    expect(await state.getByRole('button', { name: /Move to the next stage/ }).count()).toBe(0);
    await expectAccessible(state, 'case moved by the State');

    // UNHCR's case worker sees the head of household, and is not offered IOM's move.
    const unhcr = await open(ui.browser, 'unhcrCase');
    await unhcr.goto(base + casePath);
    await expect.poll(() => unhcr.getByTestId('case-head').textContent()).toContain('SYNTHETIC Baraka Test-Household');
    expect(await unhcr.getByRole('button', { name: /Move to the next stage/ }).count()).toBe(0);
    await expectAccessible(unhcr, 'case with its head of household');

    // IOM, on a phone, moves it on.
    const iom = await open(ui.browser, 'iomCase', PHONE);
    await iom.goto(base + casePath);
    await iom.getByRole('button', { name: 'Move to the next stage: Pre-departure orientation' }).click();
    await expect.poll(() => iom.getByTestId('case-stage').textContent()).toMatch(/^At Pre-departure orientation, with IOM/);
    expect(await iom.getByTestId('case-history').locator('tbody tr').count()).toBe(6);
    await narrowEnough(iom);
    await expectAccessible(iom, 'case on a phone');
    await shot(iom, 'solutions-case-phone');

    // The bottleneck view: the State's selection and interview is the slowest stage.
    const coord = await open(ui.browser, 'unhcrCoord');
    await coord.goto(`${base}/solutions/pipeline`);
    await expect.poll(() => coord.getByTestId('slowest-stage').textContent()).toBe('Slowest stage: Selection and interview (the receiving State), median 45 days.');
    const stages = coord.getByTestId('stages');
    expect(await stages.locator('tr[data-stage="selection_interview"]').textContent()).toContain('45 days');
    expect(await stages.locator('tr[data-stage="identification"]').textContent()).toMatch(/^IdentificationUNHCR4/);
    expect(await coord.getByTestId('drop-outs').textContent()).toContain('Withdrew');
    expect(await coord.getByTestId('by-country').locator('tr[data-country="CAN"]').textContent()).toContain('Selection and interview');
    await coord.getByTestId('funnel-chart').waitFor();
    await coord.getByLabel('Stuck after (days)').fill('30');
    await expect.poll(() => stages.locator('caption').textContent()).toContain('stuck beyond 30 days');
    await expectAccessible(coord, 'bottleneck view');
    await shot(coord, 'solutions-pipeline');
  });
});
