import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { ImportError } from '../src/core/errors.js';
import { buildServer, type Server } from '../src/http/server.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { writeFile } from './helpers/files.js';

const op = operatorCtx();
const WIDE = [
  'Figures for the joint platform (test file),,,,,,',
  'Year,Origin,Host,Refugees,Asylum-seekers,Migrant stock (incl. refugees),Source',
  '#date+year,#country+code+origin,#country+code,#affected+refugees,#affected +x_asylum,#affected+migrants+x_inclusive,#meta+source',
  '2030,NIC,CRI,15000,190000,,unhcr',
  '2030,NIC,CRI,,,420000,undesa',
  '2030,HTI,DOM,,500,535000,unhcr',
].join('\n');

describeEachEngine('importing figures from HXL (Tandem\'s HXL profile)', (engine) => {
  let t: TestDb;
  let server: Server;
  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('imports a wide file after a preamble for the organisation that asserts it, and importing it again changes nothing', async () => {
    const path = writeFile(`wide-${engine}.csv`, WIDE);
    // UNHCR imports: the UN DESA row is not UNHCR's to assert (R1), so the file is refused naming row and column.
    const refused = await t.app.imports.runHxl(op, path, { asOrg: 'unhcr' }).catch((e: unknown) => e);
    expect((refused as ImportError).details).toEqual([expect.objectContaining({ row: 5, column: '#meta+source', message: expect.stringContaining('"undesa" is not the organisation you import for (unhcr)') })]);
    // Once UN DESA delegates assertion to UNHCR, the same file goes through, each figure credited to its publisher.
    await t.app.delegations.grant(op, { from: 'undesa', to: 'unhcr', note: 'test' });
    const first = await t.app.imports.runHxl(op, path, { asOrg: 'unhcr' });
    expect(first).toMatchObject({ rowsRead: 3, inserted: 5 });
    expect(await t.app.imports.runHxl(op, path, { asOrg: 'unhcr' })).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, batchId: null });
    // The dataset is the publisher's and a declared name, never the file's: the same rows under another name change nothing.
    expect(await t.app.imports.runHxl(op, writeFile(`wide-renamed-${engine}.csv`, WIDE), { asOrg: 'unhcr' })).toMatchObject({ inserted: 0, unchanged: 5 });
    const page = await t.app.figures.page(operatorCtx(), { batch: first.batchId! }, { limit: 10 });
    expect(page.items.map((f) => `${f.source.organisation}|${f.source.dataset}|${f.source.importedBy}`).sort()).toEqual([
      'undesa|undesa:hxl|unhcr', 'unhcr|unhcr:hxl|unhcr', 'unhcr|unhcr:hxl|unhcr', 'unhcr|unhcr:hxl|unhcr', 'unhcr|unhcr:hxl|unhcr',
    ]);
    await t.app.situations.create(op, { name: `HXL NIC CRI ${engine}`, slug: `hxl-nic-cri`, origins: ['NIC'], hosts: ['CRI'] });
    const { recommendation: r } = await t.app.recommendations.composition('hxl-nic-cri', 2030);
    expect(r.arrangement).toBe('co-led-platform');
    expect(r.protection).toBe(205_000);
    expect(r.migrants).toBe(215_000);
  });

  it('names the file, row and the column\'s hashtag for a bad cell, and imports nothing', async () => {
    const bad = WIDE.replace('2030,HTI,DOM,,500', '2030,HTI,XXX,,-5');
    const err = await t.app.imports.runHxl(op, writeFile(`bad-${engine}.csv`, bad), { asOrg: 'unhcr' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).details).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 6, column: '#country+code', message: '"XXX" is not a known ISO3 country code' }),
      expect.objectContaining({ row: 6, column: '#affected+x_asylum', message: expect.stringContaining('negative') }),
    ]));
  });

  it('refuses a file without hashtags, a file that is not text, and one whose columns do not map', async () => {
    const noTags = await t.app.imports.runHxl(op, writeFile(`notags-${engine}.csv`, 'a,b\n1,2\n'), { asOrg: 'unhcr' }).catch((e: unknown) => e);
    expect((noTags as ImportError).message).toContain('no HXL hashtag row');
    const png = await t.app.imports.runHxl(op, writeFile(`image-${engine}.csv`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])), { asOrg: 'unhcr' }).catch((e: unknown) => e);
    expect((png as ImportError).message).toContain('not a CSV, JSON or XLSX file');
    const unmapped = await t.app.imports.runHxl(op, writeFile(`unmapped-${engine}.csv`, '#org,#sector\nA,B\n'), { asOrg: 'unhcr' }).catch((e: unknown) => e);
    expect((unmapped as ImportError).details.map((d) => d.column)).toEqual(expect.arrayContaining(['#date', '#country+code']));
  });

  it('refuses refugees asserted by a source that may not assert them (R1)', async () => {
    const file = '#date,#country+code+origin,#country+code,#affected+refugees,#meta+source\n2031,NIC,CRI,10,iom\n';
    const err = await t.app.imports.runHxl(op, writeFile(`authority-${engine}.csv`, file), { asOrg: 'iom' }).catch((e: unknown) => e);
    expect((err as ImportError).details[0]!.message).toContain('iom may not assert refugees');
  });

  it('refuses two rows that write one figure differently ("REF" with no sex, "ref" with "total"), naming the second', async () => {
    const file = [
      '#date,#country+code+origin,#country+code,#indicator+code,#population+sex,#affected,#meta+source',
      '2031,NIC,CRI,REF,,10,unhcr',
      '2031,NIC,CRI,ref,total,11,unhcr',
    ].join('\n') + '\n';
    const err = await t.app.imports.runHxl(op, writeFile(`same-figure-${engine}.csv`, file), { asOrg: 'unhcr' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).details).toEqual([expect.objectContaining({ row: 3, message: expect.stringMatching(/duplicate of row 2 \(2031-12-31, NIC, CRI, , unhcr, REF, total\) with different values/) })]);
  });

  it('exports figures as HXL that imports again, streamed through the API', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/figures?format=hxl&host=COL&source=unhcr&year=2024' });
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split(/\r?\n/);
    expect(lines[1]).toBe('#date+reported,#country+code+origin,#country+code,#adm1+code,#indicator+code,#population+sex,#affected,#meta+x_inclusive,#meta+source,#meta+dataset,#meta+method,#meta+id');
    expect(lines).toHaveLength(2 + 3);
    const again = await t.app.imports.runHxl(op, writeFile(`export-${engine}.csv`, res.body), { dataset: 'reimported', asOrg: 'unhcr' });
    expect(again).toMatchObject({ rowsRead: 3, inserted: 3 });
    const json = await server.inject({ method: 'GET', url: '/api/v1/figures?format=hxl-objects&host=COL&type=OIP&year=2024&dataset=demo-unhcr-global-trends' });
    expect(JSON.parse(json.body)).toEqual([expect.objectContaining({ '#indicator+code': 'OIP', '#affected': '2780000' })]);
  });
});

describeEachEngine('lists exported as HXL', (engine) => {
  let t: TestDb;
  let server: Server;
  beforeAll(async () => {
    t = await freshDb(engine);
    await seedDemoIfEmpty(t.app);
    server = await buildServer(t.app);
  });
  afterAll(async () => { await server.close(); await t.dispose(); });

  it('exports the situations list as HXL CSV and HXL JSON objects', async () => {
    const csv = await server.inject({ method: 'GET', url: '/api/v1/situations?format=hxl' });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[1]).toBe('#crisis+name,#crisis+code,#crisis+type,#country+code+origin,#country+code,#adm1+code,#meta+id');
    expect(lines).toHaveLength(2 + 9);
    const objects = JSON.parse((await server.inject({ method: 'GET', url: '/api/v1/situations?format=hxl-objects' })).body);
    expect(objects).toContainEqual(expect.objectContaining({ '#crisis+code': 'venezuela-colombia', '#country+code': 'COL', '#country+code+origin': 'VEN' }));
    expect(objects).toContainEqual(expect.objectContaining({ '#crisis+code': 'sudan-internal', '#crisis+type': 'internal', '#country+code': 'SDN', '#country+code+origin': 'SDN' }));
  });
});

describe('every public list exports as HXL', () => {
  it('exports population types, countries, organisations and decisions as HXL CSV', async () => {
    const t = await freshDb('sqlite');
    const server = await buildServer(t.app);
    try {
      await seedDemoIfEmpty(t.app);
      for (const [url, tag] of [
        ['/api/v1/population-types?format=hxl', '#indicator+code'], ['/api/v1/countries?format=hxl', '#country+code'],
        ['/api/v1/organisations?format=hxl', '#org+name'], ['/api/v1/situations/venezuela-colombia/decisions?format=hxl', '#operations+x_arrangement'],
      ] as const) {
        const res = await server.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body.split(/\r?\n/)[1]).toContain(tag);
      }
      const decisions = JSON.parse((await server.inject({ method: 'GET', url: '/api/v1/situations/venezuela-colombia/decisions?format=hxl-objects' })).body);
      expect(decisions[0]).toMatchObject({ '#operations+x_arrangement': 'co-led-platform', '#operations+x_arrangement+x_recommended': 'unhcr-led' });
    } finally {
      await server.close();
      await t.dispose();
    }
  });
});
