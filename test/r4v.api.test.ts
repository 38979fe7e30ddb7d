/**
 * R4V's 5W files through the API on both engines: imported into a plan (activities matched or created in
 * bulk, all or nothing, twice changes nothing), consolidated and exported in R4V's columns — and the export
 * compared cell for cell with R4V's published workbook. Per platform settings (model, per-country override,
 * indicator types) and the error report.
 *
 * Fixture: the shared registries hold what the files name (organisations, admin 1s with SYNTHETIC test
 * P-codes, indicators, the platform's sectors); R4V's indicator-type table is not public, so each pair
 * declares its types as test/r4v.pairs.test.ts states.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { nowIso } from '../src/core/ids.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer, type Server } from '../src/http/server.js';
import { FIGURES, linesOf } from '../src/response/r4v.disclosure.js';
import { nameKey } from '../src/response/r4v.import.js';
import { R4V_DELIVERY_MECHANISMS, R4V_SECTORS } from '../src/response/r4v.layout.js';
import { read5w, readCells } from '../src/response/r4v.xlsx.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, SHARED_DATA, type TestDb } from './helpers/engines.js';

const DIR = join(SHARED_DATA, 'r4v/consolidation');
const PAIRS = [
  { input: 'dom-02a5f6f-5w.xlsx', output: 'dom-02a5f6f-consolidated.xlsx', country: 'Dominican Republic', types: 'PiN', rmrp: true, model: 'sum' },
  { input: 'mex-348ed53-5w.xlsx', output: 'mex-348ed53-consolidated.xlsx', country: 'Mexico', types: 'Direct Assistance', rmrp: false, model: 'sum' },
  { input: 'mex-8ed96cf-5w-derived.xlsx', output: 'mex-8ed96cf-consolidated.xlsx', country: 'Mexico', types: 'PiN', rmrp: true, model: 'maxsector' },
] as const;
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);
/** The declared type of an indicator: Common Services' count no people; the "trained on" ones are capacity building. */
const typeOf = (people: string, sector: string, indicator: string) =>
  sector.startsWith('Common Services') ? 'Other' : /trained on/i.test(indicator) ? 'Capacity Building' : people;

describeEachEngine('R4V 5W import, consolidated export and error report through the API', (engine) => {
  let t: TestDb;
  let server: Server;
  let im: Session; // IOM information-management officer: IOM co-leads the platform
  let partner: Session; // a reporter of an organisation that co-leads nothing
  const plans: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'tandem-r4v-'));

  /** What the files name, in the shared registries (organisations, countries' admin 1s, indicators) and the platform's sectors. */
  async function registryFor(files: readonly string[]) {
    const db = t.app.db;
    const op = operatorCtx();
    const rows = (await Promise.all(files.map((f) => read5w(join(DIR, f))))).flat();
    const orgs = new Set((await db.selectFrom('organisations').select('name').execute()).map((o) => nameKey(o.name)));
    for (const name of new Set(rows.map((r) => r.appealingOrg))) {
      if (orgs.has(nameKey(name))) continue;
      orgs.add(nameKey(name));
      await db.insertInto('organisations').values({ id: `org-${hash(name)}`, slug: `r4v-${hash(name)}`, name, kind: 'ngo', refugee_led: 0, migrant_led: 0, created_at: nowIso() }).execute();
    }
    const countries = await db.selectFrom('countries').select(['iso3', 'name_en']).execute();
    const iso3 = new Map(countries.map((c) => [nameKey(c.name_en), c.iso3]));
    const areas = new Set((await db.selectFrom('admin_areas').select(['iso3', 'name']).execute()).map((a) => `${a.iso3}|${nameKey(a.name)}`));
    for (const [country, admin1] of [...new Set(rows.map((r) => `${r.country}\u0000${r.admin1}`))].map((k) => k.split("\u0000"))) {
      const code = iso3.get(nameKey(country ?? ''));
      if (!code) throw new Error(`no country ${country}`);
      if (areas.has(`${code}|${nameKey(admin1 ?? '')}`)) continue;
      areas.add(`${code}|${nameKey(admin1 ?? '')}`);
      await db.insertInto('admin_areas').values({ pcode: `${code}T${hash(admin1 ?? '').toUpperCase()}`, iso3: code, level: 1, name: admin1 ?? '', parent_pcode: null }).execute();
    }
    const indicators = new Set((await db.selectFrom('indicators').select('name').execute()).map((i) => nameKey(i.name)));
    for (const name of new Set(rows.map((r) => r.indicator))) {
      if (indicators.has(nameKey(name))) continue;
      indicators.add(nameKey(name));
      await db.insertInto('indicators').values({ code: `r4v.${hash(name)}`, name, unit: 'people', sector_code: null }).execute();
    }
    const sectors = new Set((await t.app.platforms.sectors((await t.app.platforms.byRef('r4v-test')).id)).map((s) => nameKey(s.name)));
    for (const name of new Set([...R4V_SECTORS, ...rows.map((r) => r.sector)])) {
      if (!sectors.has(nameKey(name))) await t.app.platforms.addSector(op, 'r4v-test', { code: `s-${hash(name)}`, name, leads: [] });
      sectors.add(nameKey(name));
    }
    return rows;
  }

  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
    const op = operatorCtx();
    await t.app.platforms.create(op, { name: 'R4V test platform', slug: 'r4v-test', tier: 'regional', situation: 'venezuela-colombia', coLeads: ['iom', 'unhcr'] });
    await t.app.accounts.createOrganisation(op, { slug: 'outsider', name: 'Outsider (test)', kind: 'ngo' });
    im = await signIn(server, (await makeUser(t.app, [['iom', 'im_officer']])).email);
    partner = await signIn(server, (await makeUser(t.app, [['outsider', 'partner_reporter']])).email);
    await registryFor(PAIRS.map((p) => p.input));
    for (const p of PAIRS) {
      const plan = await t.app.plans.createPlan(op, 'r4v-test', { name: `Plan for ${p.input}`, startMonth: '2022-01', endMonth: '2023-12' });
      plans[p.input] = plan.id;
    }
    plans.disclosure = (await t.app.plans.createPlan(op, 'r4v-test', { name: 'Plan read by the public', startMonth: '2022-01', endMonth: '2023-12' })).id;
  });
  afterAll(async () => { await server.close(); await t.dispose(); rmSync(dir, { recursive: true, force: true }); });

  const upload = (s: Session | null, planId: string, file: string, body: Buffer, submit = true) => server.inject({
    method: 'POST', url: `/api/v1/plans/${planId}/r4v/5w?filename=${encodeURIComponent(file)}&submit=${submit}`, payload: body,
    headers: { 'content-type': 'application/octet-stream', ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) },
  });

  async function settle(p: (typeof PAIRS)[number], extra: object = {}) {
    const c = as(server, im);
    const rows = await read5w(join(DIR, p.input));
    const types = [...new Map(rows.map((r) => [`${r.sector}\u0000${r.indicator}`, { sector: r.sector, indicator: r.indicator, type: typeOf(p.types, r.sector, r.indicator) }])).values()];
    expect((await c.put('/api/v1/platforms/r4v-test/r4v/indicator-types', { types })).statusCode).toBe(200);
    const s = await c.put('/api/v1/platforms/r4v-test/r4v/settings', { model: p.model, countTypes: [p.types], requireRmrpActivity: p.rmrp, countries: {}, ...extra });
    expect(s.statusCode, s.body).toBe(200);
  }

  async function exported(planId: string, country: string, name: string) {
    const res = await as(server, im).get(`/api/v1/plans/${planId}/r4v/consolidated?country=${encodeURIComponent(country)}&include=submitted&format=xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    const path = join(dir, name);
    writeFileSync(path, res.rawPayload);
    return readCells(path);
  }

  it('loads R4V\'s proportions table for the platform (co-leads only)', async () => {
    const body = readFileSync(join(DIR, 'proportions-1ce9709.xlsx'));
    const url = '/api/v1/platforms/r4v-test/r4v/proportions?filename=proportions.xlsx&basis=pin';
    const denied = await server.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/octet-stream', cookie: partner.cookie, 'x-csrf-token': partner.csrf } });
    // The route gate: an actor whose roles never change R4V settings gets the platform's route as not found.
    expect(denied.statusCode).toBe(404);
    const res = await server.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/octet-stream', cookie: im.cookie, 'x-csrf-token': im.csrf } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().count).toBeGreaterThan(2000);
  });

  for (const p of PAIRS) {
    it(`imports ${p.input} and exports R4V's ${p.output} cell for cell; importing it again changes nothing`, async () => {
      await settle(p);
      const body = readFileSync(join(DIR, p.input));
      const first = await upload(im, plans[p.input]!, p.input, body);
      expect(first.statusCode, first.body).toBe(200);
      const rows = (await read5w(join(DIR, p.input))).length;
      expect(first.json()).toMatchObject({ rows, inserted: rows, deleted: 0, unchanged: 0 });
      expect(first.json().activitiesCreated).toBeGreaterThan(0);
      const again = await upload(im, plans[p.input]!, p.input, body);
      expect(again.json()).toMatchObject({ rows, inserted: 0, deleted: 0, unchanged: rows, activitiesCreated: 0, reportsCreated: 0, reportsSubmitted: 0 });

      const ours = await exported(plans[p.input]!, p.country, `${p.input}.out.xlsx`);
      const theirs = await readCells(join(DIR, p.output));
      const diffs: string[] = [];
      for (let r = 0; r < Math.max(ours.length, theirs.length); r++) {
        for (let c = 0; c < 23; c++) if ((ours[r]?.[c] ?? null) !== (theirs[r]?.[c] ?? null)) diffs.push(`row ${r + 1} column ${c + 1}: ${String(ours[r]?.[c])} vs ${String(theirs[r]?.[c])}`);
      }
      expect(diffs).toEqual([]);
    });
  }

  it('exports HXL with R4V\'s headers and hashtags, and shows unreviewed figures to co-leads only', async () => {
    const planId = plans['dom-02a5f6f-5w.xlsx']!;
    await settle(PAIRS[0]);
    const hxl = await as(server, im).get(`/api/v1/plans/${planId}/r4v/consolidated?country=Dominican%20Republic&include=submitted&format=hxl`);
    const lines = hxl.body.trim().split('\n');
    expect(lines[0]?.startsWith('Platform,Country,Admin1,Month,Subsector,Monthly Total Beneficiaries')).toBe(true);
    expect(lines[1]?.startsWith('#meta+platform,#country+name,#adm1+name')).toBe(true);
    expect(lines).toHaveLength(2 + 14);
    expect((await as(server, partner).get(`/api/v1/plans/${planId}/r4v/consolidated?include=submitted`)).statusCode).toBe(403);
    // The public sees validated figures only: nothing is validated yet.
    const pub = await server.inject({ url: `/api/v1/plans/${planId}/r4v/consolidated?country=Dominican%20Republic` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual([]);
  });

  it('switches the model per country: Mexico conservative while the platform sums, and the figures change only in the inter-sector rows', async () => {
    const p = PAIRS[1];
    await settle(p, { countries: { Mexico: 'conservative' } });
    const rows = (await as(server, im).get(`/api/v1/plans/${plans[p.input]}/r4v/consolidated?country=Mexico&include=submitted`)).json();
    const inter = rows.find((r: { sector: string; admin1: string }) => r.sector === 'Intersector' && r.admin1 === 'Country level');
    expect(inter.monthlyTotal).toBe(308);
    expect(inter.total).toBeLessThan(308);
    expect(rows.find((r: { sector: string }) => r.sector === 'Education').total).toBe(86);
    const settings = (await server.inject({ url: '/api/v1/platforms/r4v-test/r4v/settings' })).json();
    expect(settings).toMatchObject({ model: 'sum', countries: { Mexico: 'conservative' } });
  });

  it('refuses a file with a bad row as a whole, naming the file, row and column; refuses outsiders before reading the body', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(DIR, 'dom-02a5f6f-5w.xlsx'));
    const ws = wb.worksheets[0]!;
    ws.getCell('D3').value = 'No Such Organisation';
    ws.getCell('R4').value = 'many';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const planId = plans['mex-348ed53-5w.xlsx']!;
    const before = await t.app.db.selectFrom('r4v_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await upload(im, planId, 'bad.xlsx', bad);
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ file: 'bad.xlsx', row: 4, column: 'Total_monthly', message: '"many" is not a number' }]);
    ws.getCell('R4').value = 62;
    const res2 = await upload(im, planId, 'bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res2.statusCode).toBe(422);
    expect(res2.json().details).toEqual([{ file: 'bad.xlsx', row: 3, column: 'Appealing_org', message: 'no organisation named "No Such Organisation"' }]);
    const after = await t.app.db.selectFrom('r4v_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A partner imports only its own organisation's rows: this file's are others'.
    expect((await upload(partner, planId, 'x.xlsx', readFileSync(join(DIR, 'dom-02a5f6f-5w.xlsx')))).statusCode).toBe(403);
    expect((await upload(null, planId, 'x.xlsx', bad)).statusCode).toBe(401);
    expect((await upload(im, 'no-such-plan', 'x.xlsx', bad)).statusCode).toBe(404);
  });

  it('gives R4V\'s error report for the stored rows: the Dominican row\'s PopType breakdown, by row, column and check (JSON, HXL, XLSX)', async () => {
    await settle(PAIRS[0]);
    const planId = plans['dom-02a5f6f-5w.xlsx']!;
    const lines = (await as(server, im).get(`/api/v1/plans/${planId}/r4v/errors`)).json();
    expect(lines).toContainEqual({ row: 2, column: 'IN_DESTINATION', check: 'PopTypeBreakdown', message: 'the population groups do not add up to the new people' });
    const xlsx = await as(server, im).get(`/api/v1/plans/${planId}/r4v/errors?format=xlsx`);
    const path = join(dir, 'errors.xlsx');
    writeFileSync(path, xlsx.rawPayload);
    const cells = await readCells(path);
    const header = cells[0] ?? [];
    expect(header.slice(0, 3)).toEqual(['Country', 'Admin1', 'Admin2']);
    expect(header).toContain('PopTypeBreakdown');
    expect(header.at(-1)).toBe('Review');
    expect(cells[1]?.[header.indexOf('PopTypeBreakdown')]).toBe('Review');
    expect(cells[1]?.at(-1)).toBe('Please review activity');
    expect((await as(server, partner).get(`/api/v1/plans/${planId}/r4v/errors`)).statusCode).toBe(403);
  });

  it('checks a 5W file without importing it: a bad row gets R4V\'s error report (JSON by row, column and check; XLSX in R4V\'s shape)', async () => {
    await settle(PAIRS[1]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(DIR, 'mex-348ed53-5w.xlsx'));
    const ws = wb.worksheets[0]!;
    ws.getCell('M5').value = 'No'; // row 5: multipurpose cash marked as not CVA, with a value and a mechanism
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const planId = plans['mex-348ed53-5w.xlsx']!;
    const post = (format: string) => server.inject({
      method: 'POST', url: `/api/v1/plans/${planId}/r4v/5w/check?filename=bad.xlsx&format=${format}`, payload: body,
      headers: { 'content-type': 'application/octet-stream', cookie: im.cookie, 'x-csrf-token': im.csrf },
    });
    const lines = (await post('json')).json();
    expect(lines).toContainEqual({ row: 5, column: 'CVA', check: 'MultipurposeSector', message: 'multipurpose cash is always CVA' });
    expect(lines).toContainEqual({ row: 5, column: 'CVA', check: 'CVANotoYes', message: 'a delivery mechanism or a value, but CVA is No' });
    // The implementing partner of row 44 is not in the registry's organisations (R4V's partner list).
    expect(lines).toContainEqual(expect.objectContaining({ row: 44, check: 'miss_implementing_org' }));
    const xlsx = await post('xlsx');
    expect(xlsx.statusCode).toBe(200);
    const path = join(dir, 'check.xlsx');
    writeFileSync(path, xlsx.rawPayload);
    const cells = await readCells(path);
    expect(cells).toHaveLength(51);
    expect(cells[4]?.[cells[0]!.indexOf('MultipurposeSector')]).toBe('Review');
    expect(cells[4]?.at(-1)).toBe('Please review activity');
    const count = await t.app.db.selectFrom('r4v_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(50);
  });

  it('shows both figures on the plan\'s dashboard, each with what it assumes: the platform\'s model (per country) and the conservative one', async () => {
    const p = PAIRS[1];
    const planId = plans[p.input]!;
    await settle(p);
    const c = as(server, im);
    let d = (await c.get(`/api/v1/plans/${planId}/dashboard?include=submitted`)).json();
    expect(d.r4v.model).toMatchObject({ name: 'sum', people: 308 + 407 });
    expect(d.r4v.model.assumes).toMatch(/sectors are added/);
    expect(d.r4v.conservative.assumes).toMatch(/lower bound/);
    const mexico = d.r4v.byCountry.find((x: { country: string }) => x.country === 'Mexico');
    expect(mexico).toMatchObject({ model: 'sum', month: '2023-01', people: 308 });
    expect(mexico.conservative).toBeLessThan(308);
    expect(d.r4v.byCountry.find((x: { country: string }) => x.country === 'Panama')).toMatchObject({ people: 407, conservative: 299 });
    expect(d.r4v.conservative.people).toBe(mexico.conservative + 299);

    // One country switches model: the platform figure follows, the conservative figure does not move.
    await settle(p, { countries: { Mexico: 'conservative' } });
    d = (await c.get(`/api/v1/plans/${planId}/dashboard?include=submitted`)).json();
    expect(d.r4v.model.people).toBe(mexico.conservative + 407);
    expect(d.r4v.byCountry.find((x: { country: string }) => x.country === 'Mexico').model).toBe('conservative');
    expect(d.r4v.conservative.people).toBe(mexico.conservative + 299);
    const hxl = (await c.get(`/api/v1/plans/${planId}/dashboard?include=submitted&format=hxl`)).body;
    expect(hxl).toContain('conservative model (a lower bound)');
    // The public sees validated figures only: none yet, so no R4V figures.
    expect((await server.inject({ url: `/api/v1/plans/${planId}/dashboard` })).json().r4v).toBeNull();
  });
  it('keeps a per-year rule of the types that count: PiN in 2022, Direct Assistance otherwise; a year is four digits', async () => {
    const c = as(server, im);
    const res = await c.put('/api/v1/platforms/r4v-test/r4v/settings', { countTypes: ['Direct Assistance'], countTypesByYear: { 2022: ['PiN'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ countTypes: ['Direct Assistance'], countTypesByYear: { 2022: ['PiN'] } });
    const bad = await c.put('/api/v1/platforms/r4v-test/r4v/settings', { countTypesByYear: { 22: ['PiN'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ field: 'countTypesByYear.22', message: 'a year is four digits (YYYY)' }]);
    // The 2022 Dominican rows count as PiN under the rule, as R4V's 2022 code counted them.
    const p = PAIRS[0];
    await settle(p, { countTypes: ['Direct Assistance'], countTypesByYear: { 2022: ['PiN'] } });
    const ours = await exported(plans[p.input]!, p.country, 'per-year.xlsx');
    expect(ours).toEqual(await readCells(join(DIR, p.output)));
    // Without the year's rule, Direct Assistance alone counts nothing in that file.
    await settle(p, { countTypes: ['Direct Assistance'], countTypesByYear: {} });
    const none = (await c.get(`/api/v1/plans/${plans[p.input]}/r4v/consolidated?country=Dominican%20Republic&include=submitted`)).json();
    expect(none).toEqual([]);
  });

  it('flags a CVA row whose delivery mechanism is not in the platform\'s list, naming row and column (R4V\'s error report)', async () => {
    const p = PAIRS[1];
    await settle(p, { deliveryMechanisms: ['Physical cash', 'Vouchers'] });
    const body = readFileSync(join(DIR, p.input));
    const res = await server.inject({
      method: 'POST', url: `/api/v1/plans/${plans[p.input]}/r4v/5w/check?filename=mex.xlsx`, payload: body,
      headers: { 'content-type': 'application/octet-stream', cookie: im.cookie, 'x-csrf-token': im.csrf },
    });
    const lines = res.json<Array<{ row: number; column: string; check: string }>>();
    const rows = await read5w(join(DIR, p.input));
    const electronic = rows.filter((r) => r.cva === 'Yes' && r.deliveryMechanism === 'Other electronic cash mechanisms').map((r) => r.sourceRow);
    expect(electronic.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.check === 'UnknownMechanism').map((l) => [l.row, l.column])).toEqual(electronic.map((row) => [row, 'Delivery_mechanism']));
    // R4V's default list (the mechanisms its files name) knows every mechanism of the file.
    await settle(p, { deliveryMechanisms: [...R4V_DELIVERY_MECHANISMS] });
    const again = await server.inject({
      method: 'POST', url: `/api/v1/plans/${plans[p.input]}/r4v/5w/check?filename=mex.xlsx`, payload: body,
      headers: { 'content-type': 'application/octet-stream', cookie: im.cookie, 'x-csrf-token': im.csrf },
    });
    expect(again.json<Array<{ check: string }>>().filter((l) => l.check === 'UnknownMechanism')).toEqual([]);
  });

  it('stores the people in need and targets from R4V\'s workbook (co-leads), shows them to everyone, and checks targets against them by country, admin 1 and sector', async () => {
    const body = readFileSync(join(DIR, 'proportions-1ce9709.xlsx'));
    const post = (s: Session, q = '') => server.inject({
      method: 'POST', url: `/api/v1/platforms/r4v-test/r4v/pin?filename=proportions.xlsx${q}`, payload: body,
      headers: { 'content-type': 'application/octet-stream', cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect((await post(partner)).statusCode).toBe(404);
    const first = await post(im);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().count).toBeGreaterThan(2000);
    expect((await post(im)).json()).toEqual(first.json());
    const table = (await server.inject({ url: '/api/v1/platforms/r4v-test/r4v/pin?country=Brazil' })).json();
    expect(table.rows).toContainEqual({ country: 'Brazil', admin1: 'Acre', sector: 'Education', pin: 117, target: 0 });
    for (const hit of table.checks) {
      expect(hit.message.startsWith(`${hit.country}, ${hit.admin1}, ${hit.sector}: `)).toBe(true);
      if (hit.pin !== null) expect(hit.target).toBeGreaterThan(hit.pin);
    }
    const stored = table.rows.filter((r: { pin: number | null; target: number | null }) => r.target && (r.pin === null || r.target > r.pin));
    expect(table.checks).toHaveLength(stored.length);
    const missing = await post(im, '&pinSheet=PiN%202030');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details).toEqual([{ file: 'proportions.xlsx', message: 'no sheet named "PiN 2030"' }]);
  });

  it('publishes the consolidated report under disclosure control outside the platform: the same hidden cells in JSON, XLSX and HXL, no line with one hidden cell; members read it exactly', async () => {
    const p = PAIRS[1];
    await settle(p);
    const planId = plans.disclosure!;
    const up = await upload(im, planId, p.input, readFileSync(join(DIR, p.input)));
    expect(up.statusCode, up.body).toBe(200);
    await t.app.db.updateTable('reports').set({ status: 'validated' })
      .where('activity_id', 'in', t.app.db.selectFrom('activities').select('id').where('plan_id', '=', planId)).execute();
    const url = `/api/v1/plans/${planId}/r4v/consolidated?country=Mexico`;

    const member = await as(server, im).get(url);
    expect(member.headers['x-disclosure-hidden']).toBeUndefined();
    const exact = member.json<Array<Record<string, number | string | null>>>();
    const visitor = await server.inject({ url });
    expect(visitor.statusCode).toBe(200);
    const shown = visitor.json<Array<Record<string, number | string | null>>>();
    const outsider = (await as(server, partner).get(url)).json();
    expect(outsider).toEqual(shown);
    expect(shown).toHaveLength(exact.length);

    const k = Number(visitor.headers['x-disclosure-k']);
    expect(k).toBe(5);
    const hiddenAt = shown.flatMap((r, i) => FIGURES.filter((f) => r[f] === null).map((f) => `${i}:${f}`));
    expect(Number(visitor.headers['x-disclosure-hidden'])).toBe(hiddenAt.length);
    // Where a member reads a small number, the visitor reads null; what the visitor reads is the member's figure.
    const small = exact.flatMap((r, i) => FIGURES.filter((f) => Number(r[f]) > 0 && Number(r[f]) < k).map((f) => `${i}:${f}`));
    expect(small.length).toBeGreaterThan(0);
    for (const cell of small) expect(hiddenAt).toContain(cell);
    shown.forEach((r, i) => FIGURES.forEach((f) => { if (r[f] !== null) expect(r[f]).toBe(exact[i]![f]); }));
    // No published line (its total shown) has exactly one hidden cell.
    const flags = new Uint8Array(shown.length * FIGURES.length);
    shown.forEach((r, i) => FIGURES.forEach((f, j) => { if (r[f] === null) flags[i * FIGURES.length + j] = 1; }));
    const lonely = linesOf(exact as never, { sumOfSectors: () => true }).filter((l) => !flags[l.total] && l.cells.filter((c) => flags[c]).length === 1);
    expect(lonely).toEqual([]);

    // XLSX and HXL hide the same cells (empty), and say how many.
    const xlsx = await server.inject({ url: `${url}&format=xlsx` });
    const path = join(dir, 'public.xlsx');
    writeFileSync(path, xlsx.rawPayload);
    const cells = await readCells(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(String(wb.getWorksheet('Disclosure')?.getCell('A1').value)).toMatch(new RegExp(`^${hiddenAt.length} figures hidden`));
    const hxl = (await server.inject({ url: `${url}&format=hxl` })).body.trim().split('\n').slice(2).map((l) => l.split(','));
    expect(hxl).toHaveLength(shown.length);
    const firstFigure = 5; // Platform, Country, Admin1, Month, Subsector
    shown.forEach((r, i) => FIGURES.forEach((f, j) => {
      expect(cells[i + 1]?.[firstFigure + j] ?? null, `xlsx ${i}:${f}`).toBe(r[f]);
      expect(hxl[i]?.[firstFigure + j], `hxl ${i}:${f}`).toBe(r[f] === null ? '' : String(r[f]));
    }));
    // The member's export is R4V's, with no Disclosure sheet.
    const theirs = await exported(planId, 'Mexico', 'member.xlsx');
    expect(theirs).toEqual(await readCells(join(DIR, p.output)));
  });
});
