import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { MM, records } from './helpers/movement-files.js';

/**
 * The shared movement files test/movements.api.test.ts leaves out (Frontex detections, US CBP encounters,
 * Honduras's monthly totals), each imported as a user would: a mapping written here, saved through the API,
 * the file uploaded unchanged; then figures read from the file itself found again.
 */
const total = (rows: Array<Record<string, string>>) => rows.reduce((s, r) => s + Number(r.n), 0);

/**
 * Frontex counts detections by route, not by country: the routes are recorded as points first, each in the
 * member state where most of its detections are made (the test's choice; "Other" in no known country).
 */
const FRONTEX_ROUTES: Record<string, string> = {
  'Central Mediterranean Route': 'ITA', 'Eastern Mediterranean Route': 'GRC', 'Western Mediterranean Route': 'ESP', 'Western African Route': 'ESP',
  'Western Balkan Route': 'HUN', 'Circular Route from Albania to Greece': 'GRC', 'Eastern Borders Route': 'POL', 'Black Sea Route': 'ROU', Other: 'UNK',
};
const frontexMapping = {
  name: 'frontex-detections', target: 'flows', flows: { period: 'month' },
  read: {
    columns: [
      { header: 'route', tag: '#loc+code' }, { header: 'type', tag: '#indicator+transport' }, { header: 't', tag: '#date' },
      // STL is Frontex's code for stateless people (XXA in Tandem); OOS, nationality not specified, is no nationality.
      { header: 'nat', tag: '#country+code+nationality', values: { STL: 'XXA', OOS: 'UNK' } }, { header: 'n', tag: '#affected+detected' },
    ],
    constants: [{ tag: '#indicator+direction', value: 'entry' }],
  },
};

/** US CBP encounters: by sector or field office, measure (Title 8 apprehensions and inadmissibles, Title 42 expulsions), demography and nationality. */
const usaMapping = {
  // Unaccompanied, single and accompanied minors are all children: where a month lists two of them, they add up.
  name: 'usa-cbp-encounters', target: 'flows', flows: { period: 'month', sum: true },
  read: {
    columns: [
      { header: 't', tag: '#date' },
      // Fiscal years 2018–2019 give the southwest border as a whole, without a sector.
      { header: 'area', tag: '#loc+name', values: { '': 'Southwest border (no sector given)' } },
      { header: 'type', tag: '#indicator+measure' }, { header: 'demog', tag: '#indicator+age' },
      { header: 'nat', tag: '#country+code+nationality' }, { header: 'n', tag: '#affected' },
    ],
    constants: [{ tag: '#country+code', value: 'USA' }, { tag: '#loc+type', value: 'border crossing' }, { tag: '#indicator+direction', value: 'entry' }],
    // The fiscal month repeats the month; the component is in the area's name; Title 42 is the expulsions' measure.
    ignore: ['t_fy', 'component', 'authority'],
  },
};

const hondurasMapping = {
  name: 'honduras-total', target: 'flows', flows: { period: 'month' },
  read: {
    columns: [{ header: 't', tag: '#date' }, { header: 'n', tag: '#affected' }],
    constants: [
      { tag: '#loc+name', value: 'Honduras (irregular entries, every nationality)' }, { tag: '#country+code', value: 'HND' },
      { tag: '#loc+type', value: 'border crossing' }, { tag: '#indicator+direction', value: 'entry' },
    ],
  },
};

describeEachEngine('the shared movement files through mappings written in tests', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  let officer: Session;
  let viewer: Session;
  const upload = (url: string, body: Buffer) => server.inject({
    method: 'POST', url, payload: body, headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/octet-stream' },
  });
  const importFile = (mapping: string, file: string) => upload(`/api/v1/mapped-imports/flows?mapping=${mapping}&filename=${file}`, readFileSync(join(MM, file)));
  /** What is stored for the measure, summed over every dimension, where the filter holds. */
  const stored = async (measure: string, where: { point?: string; month?: string; from?: string; to?: string; nationality?: string }) => {
    let q = app.db.selectFrom('movement_counts').innerJoin('movement_points', 'movement_points.id', 'movement_counts.point_id')
      .select((eb) => eb.fn.sum<number>('value').as('n')).where('measure', '=', measure);
    if (where.point) q = q.where('movement_points.name', '=', where.point);
    if (where.month) q = q.where('month', '=', where.month);
    if (where.from) q = q.where('month', '>=', where.from);
    if (where.to) q = q.where('month', '<=', where.to);
    if (where.nationality !== undefined) q = q.where('nationality', '=', where.nationality);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    t = await freshDb(engine);
    app = t.app;
    server = await buildServer(app);
    officer = await signIn(server, (await makeUser(app, [['iom', 'im_officer']], { email: `officer-${engine}@shared-files.test.invalid` })).email);
    viewer = await signIn(server, (await makeUser(app, [['unhcr', 'viewer']], { email: `viewer-${engine}@shared-files.test.invalid` })).email);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('imports Frontex detections by route into points recorded first; a route not recorded is refused naming row and column', async () => {
    expect((await as(server, officer).post('/api/v1/mappings', frontexMapping)).statusCode).toBe(201);
    const unknown = await upload('/api/v1/mapped-imports/flows?mapping=frontex-detections&filename=f.csv',
      Buffer.from('"route","type","nat","t","n"\n"Central Mediterranean Route","Sea","BGD","2009-01",41\n'));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().details).toEqual([{
      file: 'f.csv', row: 2, column: 'A (route)',
      message: 'the point "Central Mediterranean Route" is not recorded for your organisation: record it first (with its country), or map a column to #country+code',
    }]);
    expect(await stored('detections', {})).toBe(0);

    for (const [route, country] of Object.entries(FRONTEX_ROUTES)) {
      const res = await as(server, officer).post('/api/v1/movements/points', { code: route, name: route, country, kind: 'route' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const rows = records('frontex.csv.gz');
    const res = await importFile('frontex-detections', 'frontex.csv.gz');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: rows.length, inserted: rows.length, pointsCreated: 0, warnings: [] });

    // October 2015 on the Eastern Mediterranean route, the peak of the arrivals in Greece: 216,260 detections, 214,811 of them by sea.
    const emr = rows.filter((r) => r.route === 'Eastern Mediterranean Route' && r.t === '2015-10');
    expect(total(emr)).toBe(216_260);
    expect(await stored('detections', { point: 'Eastern Mediterranean Route', month: '2015-10' })).toBe(216_260);
    expect(await stored('detections', {})).toBe(total(rows));
    // The largest corridors into Italy in 2023 by nationality, as the file has them (Guinea 18,450, Tunisia 17,904).
    const byNat = new Map<string, number>();
    for (const r of rows) if (r.route === 'Central Mediterranean Route' && r.t!.startsWith('2023')) byNat.set(r.nat!, (byNat.get(r.nat!) ?? 0) + Number(r.n));
    const top = await as(server, viewer).get('/api/v1/movements/corridors?measure=detections&transit=ITA&from=2023-01&to=2023-12&limit=3');
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json().items).toEqual([
      { origin: 'GIN', transit: 'ITA', destination: '', value: 18_450 }, { origin: 'TUN', transit: 'ITA', destination: '', value: 17_904 },
      { origin: 'CIV', transit: 'ITA', destination: '', value: byNat.get('CIV') },
    ]);
    const again = await importFile('frontex-detections', 'frontex.csv.gz');
    expect(again.json()).toMatchObject({ batchId: null, inserted: 0, updated: 0, unchanged: rows.length });
  });

  it('imports US CBP encounters by sector, measure, age group and nationality', async () => {
    expect((await as(server, officer).post('/api/v1/mappings', usaMapping)).statusCode).toBe(201);
    const rows = records('irreg_usa.csv.gz');
    const res = await importFile('usa-cbp-encounters', 'irreg_usa.csv.gz');
    expect(res.statusCode, res.body).toBe(201);
    // Rows that differ only by the kind of minor are one count of children.
    const keys = new Set(rows.map((r) => [r.t, r.area, r.type, r.nat, /minor|uac/i.test(r.demog!) ? 'children' : r.demog].join('|')));
    expect(res.json()).toMatchObject({ rowsRead: rows.length, inserted: keys.size, updated: 0, warnings: [] });
    // December 2023: 249,740 Border Patrol apprehensions and 52,241 inadmissibles at the southwest border.
    expect(total(rows.filter((r) => r.t === '2023-12' && r.type === 'Apprehensions'))).toBe(249_740);
    expect(await stored('apprehensions', { month: '2023-12' })).toBe(249_740);
    expect(await stored('inadmissibles', { month: '2023-12' })).toBe(52_241);
    expect(await stored('expulsions', {})).toBe(total(rows.filter((r) => r.type === 'Expulsions')));
    // October 2018, before sectors were given: 51,005 apprehensions at the border as a whole.
    expect(await stored('apprehensions', { point: 'Southwest border (no sector given)', month: '2018-10' })).toBe(51_005);
    // Venezuelans apprehended in fiscal year 2023 (October 2022 to September 2023): 162,423, from the corridors.
    const ven = await as(server, viewer).get('/api/v1/movements/corridors?measure=apprehensions&origin=VEN&transit=USA&from=2022-10&to=2023-09');
    expect(ven.json().items).toEqual([{ origin: 'VEN', transit: 'USA', destination: '', value: 162_423 }]);
  });

  it('imports the monthly totals of irregular entries into Honduras', async () => {
    expect((await as(server, officer).post('/api/v1/mappings', hondurasMapping)).statusCode).toBe(201);
    const rows = records('irreg_honduras.csv');
    const res = await importFile('honduras-total', 'irreg_honduras.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: rows.length, inserted: rows.length });
    // January 2014: 988 entries; 2023 in all: 545,043.
    const trend = await as(server, viewer).get('/api/v1/movements/trends?transit=HND&from=2014-01&to=2014-03');
    expect(trend.json().series[0].points.find((p: { bucket: string }) => p.bucket === '2014-01')).toEqual({ bucket: '2014-01', value: 988 });
    const year = await as(server, viewer).get('/api/v1/movements/corridors?transit=HND&from=2023-01&to=2023-12');
    expect(year.json().items).toEqual([{ origin: '', transit: 'HND', destination: '', value: 545_043 }]);

    // A corrected month replaces its count; the totals of its month and year move by the difference.
    const text = readFileSync(join(MM, 'irreg_honduras.csv'), 'utf8');
    const june = rows.find((r) => r.t === '2023-06')!;
    const corrected = text.replace(`"2023-06",${june.n}\n`, `"2023-06",${Number(june.n) + 1000}\n`);
    expect(corrected).not.toBe(text);
    const again = await upload('/api/v1/mapped-imports/flows?mapping=honduras-total&filename=irreg_honduras.csv', Buffer.from(corrected));
    expect(again.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: rows.length - 1 });
    const after = await as(server, viewer).get('/api/v1/movements/corridors?transit=HND&from=2023-01&to=2023-12');
    expect(after.json().items).toEqual([{ origin: '', transit: 'HND', destination: '', value: 545_043 + 1000 }]);
    const months = await as(server, viewer).get('/api/v1/movements/trends?transit=HND&from=2023-06&to=2023-06');
    expect(months.json().series[0].points).toEqual([{ bucket: '2023-06', value: Number(june.n) + 1000 }]);
  });
});
