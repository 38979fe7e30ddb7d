import { operatorCtx } from '../src/core/actor.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { on } from '../src/core/events.js';
import type { Role } from '../src/core/permissions.js';
import { buildServer, type Server } from '../src/http/server.js';
import { as, makeUser, signIn, type Session } from './helpers/auth.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { MM, records } from './helpers/movement-files.js';
import { syntheticDtmWorkbook, syntheticR4vWorkbook } from './fixtures/synthetic-movements.js';

/** The rows of a CSV whose fields may hold quoted commas (IOM Missing Migrants' locations and nationality lists). */
function recordsQuoted(file: string): Array<Record<string, string>> {
  const text = gunzipSync(readFileSync(join(MM, file))).toString('utf8');
  const out: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field); out.push(row); row = []; field = ''; } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) { row.push(field); out.push(row); }
  const [head, ...rest] = out;
  return rest.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

/** A flows mapping of a country-level file of monthly counts by nationality (Darién, Honduras, Mexico), written for the test. */
const nationalityMapping = (name: string, point: string, country: string, ignore: string[] = []) => ({
  // Some months list a nationality twice (Honduras: TWN 719 and TWN 1): the rows add up.
  name, target: 'flows', flows: { period: 'month', sum: true },
  read: {
    // STL is the files' code for stateless people: XXA in UNHCR's statistics and in Tandem.
    columns: [{ header: 't', tag: '#date' }, { header: 'nat', tag: '#country+code+nationality', values: { STL: 'XXA' } }, { header: 'n', tag: '#affected' }],
    constants: [{ tag: '#loc+name', value: point }, { tag: '#country+code', value: country }, { tag: '#loc+type', value: 'border crossing' }, { tag: '#indicator+direction', value: 'entry' }],
    ignore,
  },
});

describeEachEngine('flow monitoring and mapped imports through the API', (engine) => {
  let t: TestDb;
  let app: App;
  let server: Server;
  const events: string[] = [];
  const users: Record<string, Session> = {};
  const client = (name: string | null) => as(server, name ? users[name]! : null);
  const upload = (who: string, url: string, body: Buffer) => server.inject({
    method: 'POST', url, payload: body, headers: { cookie: users[who]!.cookie, 'x-csrf-token': users[who]!.csrf, 'content-type': 'application/octet-stream' },
  });
  const file = (path: string) => readFileSync(path);
  const batches = async () => Number((await app.db.selectFrom('movement_batches').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await freshDb(engine);
    app = t.app;
    for (const e of ['movements.counts_imported', 'movements.point_created', 'movements.mapping_saved'] as const) {
      app.events.subscribe(on(e, 'after-commit', 'test: movements events', async () => { events.push(e); }));
    }
    server = await buildServer(app);
    const people: Array<[string, string, Role]> = [
      ['iom', 'iom', 'im_officer'], ['iomCoord', 'iom', 'coordinator'], ['iomReporter', 'iom', 'partner_reporter'], ['unhcr', 'unhcr', 'im_officer'], ['viewer', 'unhcr', 'viewer'],
      ['admin', 'platform', 'platform_admin'],
    ];
    for (const [name, org, role] of people) {
      const u = await makeUser(app, [[org, role]], { email: `${name.toLowerCase()}-${engine}@movements.test.invalid` });
      users[name] = await signIn(server, u.email);
    }
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('records a point for the organisation named, and refuses one that does not exist, naming the field (found by the fuzzer: it was a 500)', async () => {
    const body = { code: 'CRI-TEST-1', name: 'Paso Canoas (test)', country: 'CRI', kind: 'border_crossing' };
    for (const asOrg of [' ', 'nowhere']) {
      const refused = await client('admin').post('/api/v1/movements/points', { ...body, asOrg });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().details[0]).toMatchObject({ field: 'asOrg' });
    }
    const made = await client('admin').post('/api/v1/movements/points', { ...body, asOrg: 'iom' });
    expect(made.statusCode, made.body).toBe(201);
  });

  it('saves a mapping per organisation and by name; another organisation gets "not found" for it', async () => {
    const body = nationalityMapping('darien-nat', 'Darién', 'PAN', ['q']);
    let res = await client('iom').post('/api/v1/mappings', body);
    expect(res.statusCode, res.body).toBe(201);
    res = await client('iom').post('/api/v1/mappings', body);
    expect(res.statusCode).toBe(200);
    expect(events.filter((e) => e === 'movements.mapping_saved')).toHaveLength(2);
    expect((await client('iomReporter').post('/api/v1/mappings', { ...body, name: 'x' })).statusCode).toBe(403);
    res = await client('iom').post('/api/v1/mappings', { ...body, read: { columns: [{ header: 't', pattern: 't', tag: '#date' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('columns[0]');
    const list = await client('iomReporter').get('/api/v1/mappings');
    expect(list.json().items.map((m: { name: string }) => m.name)).toEqual(['darien-nat', 'dtm-flow-monitoring']);
    expect((await client('unhcr').get('/api/v1/mappings')).json().items.map((m: { name: string }) => m.name)).toEqual(['dtm-flow-monitoring']);
    const csv = file(join(MM, 'irreg_darien_nat.csv'));
    res = await upload('unhcr', '/api/v1/mapped-imports/preview?mapping=darien-nat&filename=irreg_darien_nat.csv', csv);
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('import mapping was not found');
  });

  it('previews the first rows as they will be read, with warnings for unmapped columns', async () => {
    const csv = file(join(MM, 'irreg_darien_nat.csv'));
    const res = await upload('iom', '/api/v1/mapped-imports/preview?mapping=darien-nat&filename=irreg_darien_nat.csv&rows=2', csv);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.headers.map((h: { header: string; tag: string | null }) => [h.header, h.tag])).toEqual([['t', '#date'], ['q', null], ['nat', '#country+code+nationality'], ['n', '#affected']]);
    expect(p.rows).toEqual([{ row: 2, values: ['2010-01-01', 'CUB', '79', 'Darién', 'PAN', 'border crossing', 'entry'], errors: [] }, { row: 3, values: ['2010-01-01', 'NPL', '29', 'Darién', 'PAN', 'border crossing', 'entry'], errors: [] }]);
    expect(p.warnings).toEqual([]);
    expect(p.problems).toEqual([]);
  });

  it('imports flows all or nothing; the same file twice changes nothing; flows are never figures; trends say "flow"', async () => {
    const figuresBefore = (await app.figures.page(operatorCtx(), {}, { limit: 1 })).items.length;
    const csv = file(join(MM, 'irreg_darien_nat.csv'));
    const rows = records('irreg_darien_nat.csv');
    expect((await upload('iomReporter', '/api/v1/mapped-imports/flows?mapping=darien-nat&filename=d.csv', csv)).statusCode).toBe(403);
    let res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=darien-nat&filename=irreg_darien_nat.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ target: 'flows', rowsRead: rows.length, inserted: rows.length, unchanged: 0, pointsCreated: 1 });
    res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=darien-nat&filename=irreg_darien_nat.csv', csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ batchId: null, inserted: 0, updated: 0, unchanged: rows.length });
    expect((await app.figures.page(operatorCtx(), {}, { limit: 1 })).items.length).toBe(figuresBefore);

    // Top corridors over 2021, computed from the file itself: Darién is entered from Colombia, so the corridor is nationality → PAN → (not known).
    const total = new Map<string, number>();
    for (const r of rows) if (r.t!.startsWith('2021')) total.set(r.nat!, (total.get(r.nat!) ?? 0) + Number(r.n));
    const expected = [...total.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    res = await client('viewer').get('/api/v1/movements/corridors?from=2021-01&to=2021-12&limit=5');
    expect(res.statusCode, res.body).toBe(200);
    const top = res.json();
    expect(top).toMatchObject({ kind: 'flow', label: expect.stringMatching(/^Flow: .*not a population stock/) });
    expect(top.items).toEqual(expected.map(([nat, n]) => ({ origin: nat, transit: 'PAN', destination: '', value: n })));
    expect((await client(null).get('/api/v1/movements/corridors')).statusCode).toBe(401);
  });

  it('suppresses small cells in trends (1–4, and what would give them away)', async () => {
    // A nationality and year with some months below 5 and some above, taken from the file.
    const all = records('irreg_darien_nat.csv');
    const byNat = new Map<string, number[]>();
    for (const r of all) byNat.set(`${r.t!.slice(0, 4)}|${r.nat}`, [...(byNat.get(`${r.t!.slice(0, 4)}|${r.nat}`) ?? []), Number(r.n)]);
    const [year, nat] = [...byNat.entries()].find(([, ns]) => ns.some((n) => n > 0 && n < 5) && ns.filter((n) => n >= 5).length >= 3)![0].split('|') as [string, string];
    const rows = all.filter((r) => r.t!.startsWith(year));
    const res = await client('viewer').get(`/api/v1/movements/trends?origin=${nat}&transit=PAN&from=${year}-01&to=${year}-12`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json().series[0];
    let shown = 0;
    for (const r of rows.filter((x) => x.nat === nat)) {
      const point = s.points.find((p: { bucket: string }) => p.bucket === r.t);
      if (Number(r.n) < 5) expect(point.value).toBeNull();
      else if (point.value !== null) { expect(point.value).toBe(Number(r.n)); shown++; }
    }
    expect(shown).toBeGreaterThan(0);
    expect(res.json().suppression.suppressed).toBeGreaterThan(0);
  });

  it('a saved mapping reads next month\'s file unchanged: only the new month is inserted', async () => {
    const all = readFileSync(join(MM, 'irreg_honduras_nat.csv'), 'utf8').trim().split('\n');
    const months = [...new Set(all.slice(1).map((l) => l.slice(1, 8)))].sort();
    const last = months.at(-1)!;
    const before = [all[0], ...all.slice(1).filter((l) => !l.startsWith(`"${last}`))].join('\n');
    expect((await client('iom').post('/api/v1/mappings', nationalityMapping('honduras-nat', 'Honduras (irregular entries)', 'HND'))).statusCode).toBe(201);
    let res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=honduras-nat&filename=honduras-before.csv', Buffer.from(before));
    expect(res.statusCode, res.body).toBe(201);
    res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=honduras-nat&filename=irreg_honduras_nat.csv', Buffer.from(all.join('\n')));
    expect(res.statusCode, res.body).toBe(201);
    // Counts are by month and nationality (a nationality listed twice in a month is one count; UNK is no nationality).
    const keys = (lines: string[]) => new Set(lines.map((l) => { const [t, nat] = l.replaceAll('"', '').split(','); return `${t}|${nat === 'UNK' ? '' : nat}`; }));
    const old = keys(before.split('\n').slice(1));
    const fresh = [...keys(all.slice(1))].filter((k) => !old.has(k));
    expect(fresh.length).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ inserted: fresh.length, updated: 0, unchanged: old.size, pointsCreated: 0 });
  });

  it('imports the Mexico file by nationality and the Darién file by sex and age (its words recoded by the flows import)', async () => {
    expect((await client('iom').post('/api/v1/mappings', nationalityMapping('mexico-nat', 'Mexico (irregular entries)', 'MEX'))).statusCode).toBe(201);
    let res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=mexico-nat&filename=irreg_mexico_nat.csv', file(join(MM, 'irreg_mexico_nat.csv')));
    expect(res.statusCode, res.body).toBe(201);
    const mex = records('irreg_mexico_nat.csv').filter((r) => r.nat === 'VEN' && r.t!.startsWith('2023')).reduce((s, r) => s + Number(r.n), 0);
    const top = (await client('viewer').get('/api/v1/movements/corridors?origin=VEN&transit=MEX&from=2023-01&to=2023-12')).json();
    expect(top.items).toEqual([{ origin: 'VEN', transit: 'MEX', destination: '', value: mex }]);

    const dmg = {
      name: 'darien-demography', target: 'flows', flows: { period: 'month' },
      read: {
        columns: [{ header: 't', tag: '#date' }, { header: 'demog', tag: '#indicator+demographic' }, { header: 'n', tag: '#affected' }],
        constants: [{ tag: '#loc+name', value: 'Darién' }, { tag: '#country+code', value: 'PAN' }, { tag: '#indicator+direction', value: 'entry' }],
        ignore: ['q'],
      },
    };
    expect((await client('iom').post('/api/v1/mappings', dmg)).statusCode).toBe(201);
    res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=darien-demography&filename=irreg_darien_dmg.csv', file(join(MM, 'irreg_darien_dmg.csv')));
    expect(res.statusCode, res.body).toBe(201);
    const rows = records('irreg_darien_dmg.csv');
    expect(res.json()).toMatchObject({ inserted: rows.length });
    const stored = await app.db.selectFrom('movement_counts').select(['sex', 'age', 'value']).where('period_start', '=', '2021-01-01').where('nationality', '=', '').where('transit', '=', 'PAN').execute();
    const want = rows.filter((r) => r.t === '2021-01').map((r) => ({ men: ['m', 'adults'], women: ['f', 'adults'], boys: ['m', 'children'], girls: ['f', 'children'] })[r.demog as 'men'].concat(r.n!));
    expect(stored.map((c) => [c.sex, c.age, String(c.value)]).sort()).toEqual(want.sort());
  });

  it('refuses a bad date naming the file, row and column; nothing is imported', async () => {
    const batchesBefore = await batches();
    const csv = Buffer.from('"t","nat","n"\n"2024-01","CUB",10\n"03/04/2024","CUB",5\n"2024-02","ZZZ",4\n');
    const res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=honduras-nat&filename=bad.csv', csv);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import_failed', message: 'bad.csv: 2 errors; nothing was imported' });
    expect(await batches()).toBe(batchesBefore);
    expect(res.json().details).toEqual([
      { file: 'bad.csv', row: 3, column: 'A (t)', message: expect.stringMatching(/"03\/04\/2024" is ambiguous/) },
      { file: 'bad.csv', row: 4, column: 'B (nat)', message: '"ZZZ" is not a known country (an ISO3 code or its name)' },
    ]);
  });

  it('imports the DTM flow-monitoring layout through the shipped mapping: points on the map, counts by sex and age, corridors', async () => {
    const path = await syntheticDtmWorkbook('dtm-march.xlsx', [
      ['2024-03-04', 'Lajas Blancas', 'PA-LB', 'Incoming', 'Venezuela', 'United States of America', [120, 40, 80, 35]],
      ['2024-03-05', 'Lajas Blancas', 'PA-LB', 'Incoming', 'Venezuela', 'United States of America', [100, 30, 70, 25]],
      ['2024-03-05', 'San Vicente', 'PA-SV', 'Outgoing', 'Ecuador', 'Mexico', [3, 0, 2, 1]],
    ]);
    const res = await upload('iomCoord', '/api/v1/mapped-imports/flows?mapping=dtm-flow-monitoring&filename=dtm-march.xlsx', readFileSync(path));
    expect(res.statusCode, res.body).toBe(201);
    // A zero is a count too (nobody passed): 3 rows × 4 columns.
    expect(res.json()).toMatchObject({ rowsRead: 3, inserted: 12, pointsCreated: 2, warnings: [] });
    const points = (await client('viewer').get('/api/v1/movements/points?country=PAN')).json().items;
    expect(points.map((p: { code: string }) => p.code).sort()).toEqual(['PA-LB', 'PA-SV', 'darien@PAN']);
    const byCode = new Map(points.map((p: { code: string }) => [p.code, p]));
    expect(byCode.get('PA-LB')).toMatchObject({ name: 'Lajas Blancas', lat: 8.5, lon: -77.9, kind: 'border_crossing', agency: 'iom' });
    expect(byCode.get('PA-SV')).toMatchObject({ lat: 8.6 });
    const week = await client('viewer').get('/api/v1/movements/trends?grain=week&origin=VEN&destination=USA&direction=entry');
    expect(week.json().series).toEqual([{ origin: 'VEN', transit: 'PAN', destination: 'USA', total: 500, points: [{ bucket: '2024-03-04', value: 500 }] }]);
    const small = await client('viewer').get('/api/v1/movements/corridors?grain=week&origin=ECU');
    expect(small.json().items).toEqual([{ origin: 'ECU', transit: 'PAN', destination: 'MEX', value: 6 }]);
    expect(events).toContain('movements.point_created');
  });

  it('imports IOM Missing Migrants (incidents summed into monthly counts of the dead and missing) through a mapping written here', async () => {
    const mapping = {
      name: 'iom-mmp', target: 'flows', flows: { period: 'month', sum: true },
      read: {
        columns: [
          { header: 't', tag: '#date' }, { header: 'route', tag: '#loc+name' }, { header: 'geo', tag: '#country+code' }, { header: 'nat', tag: '#country+code+nationality' },
          { header: 'dead', tag: '#affected+dead' },
        ],
        constants: [{ tag: '#loc+type', value: 'route' }],
        ignore: ['m', 'type', 'cause', 'surv', 'location', 'lon', 'lat'],
      },
    };
    expect((await client('iom').post('/api/v1/mappings', mapping)).statusCode).toBe(201);
    const res = await upload('iom', '/api/v1/mapped-imports/flows?mapping=iom-mmp&filename=iom_mmp.csv.gz', file(join(MM, 'iom_mmp.csv.gz')));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings).toContainEqual(expect.stringMatching(/^\d+ rows name several countries in one cell/));
    // The dead and missing by nationality in incidents recorded in Italy in 2016, from the file itself (several nationalities: unknown).
    const expected = new Map<string, number>();
    for (const r of recordsQuoted('iom_mmp.csv.gz')) {
      if (r.geo !== 'ITA' || !r.t!.startsWith('2016')) continue;
      const nat = r.nat!.includes(',') || r.nat === 'UNK' ? '' : r.nat!;
      expected.set(nat, (expected.get(nat) ?? 0) + Number(r.dead));
    }
    const top = await client('viewer').get('/api/v1/movements/corridors?measure=dead_missing&transit=ITA&from=2016-01&to=2016-12&limit=50');
    expect(top.statusCode).toBe(200);
    const items = top.json().items as Array<{ origin: string; value: number | null }>;
    expect(items.length).toBe(Math.min(50, expected.size));
    for (const i of items) if (i.value !== null) expect(i.value).toBe(expected.get(i.origin));
    expect(items.filter((i) => i.value !== null).length).toBeGreaterThan(1);
    expect((await client('viewer').get('/api/v1/movements/corridors?measure=crossings&transit=ITA')).json().items).toEqual([]);
  });

  it('imports an R4V-style projection workbook as figures: five groups, current and projected apart, residues rounded with a warning', async () => {
    const path = await syntheticR4vWorkbook('r4v.xlsx', [
      ['Perú', 1_526_000.0000000002, 1_600_000, 12_000, 15_000, 3_000, 3_500, 20_000, 22_000, 500_000, 520_000],
      ['Ecuador', 444_778, 460_000, 30_000.000000001, 31_000, 1_000, 1_200, 5_000, 5_500, 200_000, 210_000],
    ]);
    const groups = [['destination', 'rmg+destination'], ['tránsito', 'rmg+transit'], ['pendulares', 'rmg+pendular'], ['retornados', 'rmg+returnees'], ['acogida', 'hst']];
    const mapping = {
      name: 'r4v-planning', target: 'figures', figures: { dataset: 'r4v-rmrp', origin: 'VEN', date: '2024-06-30', projectedDate: '2025-12-31' },
      read: {
        headerRow: 2, headerRows: 2,
        columns: [
          { header: 'País', tag: '#country+name' },
          ...groups.flatMap(([word, attrs]) => [
            { pattern: `${word === 'destination' ? 'en destino' : word} / Actual$`, tag: `#affected+${attrs}+current` },
            { pattern: `${word === 'destination' ? 'en destino' : word} / Proyectado`, tag: `#affected+${attrs}+projected` },
          ]),
        ],
      },
    };
    expect((await client('iom').post('/api/v1/mappings', mapping)).statusCode).toBe(201);
    const preview = await upload('iom', '/api/v1/mapped-imports/preview?mapping=r4v-planning&filename=r4v.xlsx', readFileSync(path));
    expect(preview.json().problems).toEqual([]);
    const res = await upload('iom', '/api/v1/mapped-imports/figures?mapping=r4v-planning&filename=r4v.xlsx', readFileSync(path));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ target: 'figures', rowsRead: 2, inserted: 20 });
    expect(res.json().warnings).toEqual([
      'row 4, column B (Refugiados y migrantes en destino / Actual): 1526000.0000000002 rounded to 1526000 (a float residue)',
      'row 5, column D (Refugiados y migrantes en tránsito / Actual): 30000.000000001 rounded to 30000 (a float residue)',
    ]);
    const page = await app.figures.page(operatorCtx(), { host: 'PER' }, { limit: 50 });
    const per = page.items.filter((f) => f.source.dataset.startsWith('r4v-rmrp'));
    expect(per.find((f) => f.source.dataset === 'r4v-rmrp:destination' && f.type === 'RMG')).toMatchObject({ value: 1_526_000, refDate: '2024-06-30', origin: 'VEN' });
    expect(per.find((f) => f.source.dataset === 'r4v-rmrp:projected:destination')).toMatchObject({ value: 1_600_000, refDate: '2025-12-31' });
    expect(per.find((f) => f.type === 'HST' && f.source.dataset === 'r4v-rmrp')).toMatchObject({ value: 500_000, origin: null });
    const again = await upload('iom', '/api/v1/mapped-imports/figures?mapping=r4v-planning&filename=r4v.xlsx', readFileSync(path));
    expect(again.json()).toMatchObject({ batchId: null, inserted: 0, unchanged: 20 });
  });
});
