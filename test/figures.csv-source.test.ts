import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { ImportError } from '../src/core/errors.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';
import { UNHCR_HEADER, unhcrCsv, unhcrRow, writeFile } from './helpers/files.js';

const op = operatorCtx();

const figureCount = async (t: TestDb) =>
  Number((await t.database.db.selectFrom('figures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function refusal(t: TestDb, path: string): Promise<ImportError> {
  const before = await figureCount(t);
  const err = await t.app.imports.run(op, unhcrPopulationImporter, path, { asOrg: 'unhcr' }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  expect(await figureCount(t)).toBe(before);
  return err as ImportError;
}

describeEachEngine('reading a UNHCR population CSV with Tandem\'s tokenizer', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  it('refuses a row with too few cells, naming its row and the first column it lacks, and reports every such row', async () => {
    const short = unhcrRow(2033, 'HTI', 'DOM', 1, 2).split(',').slice(0, 12).join(',');
    const err = await refusal(t, writeFile(`short-${engine}.csv`, unhcrCsv([unhcrRow(2033, 'NIC', 'CRI', 1, 2), short, short])));
    expect(err.details).toEqual([
      expect.objectContaining({ row: 3, column: 'stateless', message: expect.stringMatching(/12 cells where the header has 16: "stateless", .*"hst" missing/) }),
      expect.objectContaining({ row: 4, column: 'stateless' }),
    ]);
  });

  it('refuses a row with more cells than the header, naming its row', async () => {
    const err = await refusal(t, writeFile(`long-${engine}.csv`, unhcrCsv([`${unhcrRow(2033, 'NIC', 'CRI', 1, 2)},7`])));
    expect(err.details).toEqual([expect.objectContaining({ row: 2, message: expect.stringMatching(/17 cells where the header has 16/) })]);
  });

  it('refuses a quote that is never closed, naming the line it opens on', async () => {
    const err = await refusal(t, writeFile(`quote-${engine}.csv`, unhcrCsv([unhcrRow(2033, 'NIC', 'CRI', 1, 2), '2033,"Haiti,x,HTI,y,y,DOM,1,2,0,0,0,0,0,,0'])));
    expect(err.message).toMatch(/not a valid CSV file/);
    expect(err.details).toEqual([expect.objectContaining({ row: 3, message: expect.stringMatching(/quote that opens a cell on line 3 is never closed/) })]);
  });

  it('counts the lines of a quoted name that spans several, so a later error names the right row', async () => {
    const multiline = unhcrRow(2033, 'NIC', 'CRI', 1, 2).replace('"x"', '"Nicaragua\r\n(Republic of)\nthird line"');
    const err = await refusal(t, writeFile(`lines-${engine}.csv`, unhcrCsv([multiline, unhcrRow(2033, 'HTI', 'DOM', 'many', 2)])));
    expect(err.details).toEqual([expect.objectContaining({ row: 5, column: 'refugees', message: expect.stringMatching(/not a number/) })]);
  });

  it('reads commas only as separators, a BOM, blank lines and UTF-8 names, gzipped or not', async () => {
    const rows = [
      unhcrRow(2034, 'NIC', 'CRI', 11, 1).replace('"x"', 'Côte; d\'Ivoire | x'),
      '',
      unhcrRow(2034, 'HTI', 'DOM', 12, 2).replace('"y"', '"Rép. dominicaine, la"'),
    ];
    const text = `\ufeff${[UNHCR_HEADER, ...rows].join('\r\n')}\r\n`;
    const plain = await t.app.imports.run(op, unhcrPopulationImporter, writeFile(`ok-${engine}.csv`, text), { asOrg: 'unhcr' });
    expect(plain).toMatchObject({ rowsRead: 2, figuresRead: 16, inserted: 16 });
    const page = await t.app.figures.page(operatorCtx(), { year: 2034, type: 'REF', host: 'DOM' }, { limit: 10 });
    expect(page.items.map((f) => [f.origin, f.value])).toEqual([['HTI', 12]]);
    const again = await t.app.imports.run(op, unhcrPopulationImporter, writeFile(`ok-${engine}.csv.gz`, text), { asOrg: 'unhcr' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 16, batchId: null });
  });
});

describeEachEngine('a first large import keeps the figures table whole', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  // The table's indexes and, on PostgreSQL, its constraints and the foreign keys that refer to it: what a
  // first large load drops and builds again.
  const indexes = async () => {
    const rows = engine === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'figures'`.execute(t.database.db)
      : await sql<{ name: string }>`select indexname || ': ' || indexdef as name from pg_indexes where tablename = 'figures' and schemaname = current_schema()
          union all select conname || ': ' || pg_get_constraintdef(oid) || (case when convalidated then '' else ' not valid' end) from pg_constraint
          where conrelid = 'figures'::regclass or confrelid = 'figures'::regclass`.execute(t.database.db);
    return rows.rows.map((r) => r.name).sort();
  };

  // 13,000 rows of 8 figures: more than an empty table holds, the case where SQLite rebuilds its secondary indexes once.
  const bigFile = async (name: string, lastRow?: string) => {
    const codes = (await t.database.db.selectFrom('countries').select('iso3').orderBy('iso3').limit(130).execute()).map((c) => c.iso3);
    const rows: string[] = [];
    for (let y = 2000; y < 2100; y++) for (let i = 0; i < 130; i++) rows.push(unhcrRow(y, codes[i]!, codes[(i + 1) % 130]!, y, i));
    if (lastRow) rows[rows.length - 1] = lastRow;
    return writeFile(name, unhcrCsv(rows));
  };

  it('refuses a large file with one bad last row, leaving no figure and every index', async () => {
    const before = await indexes();
    for (const name of ['figures_batch', 'figures_host_year', 'figures_origin_year', 'figures_year_type']) expect(before.some((i) => i.startsWith(name))).toBe(true);
    if (engine === 'postgres') expect(before.filter((i) => /FOREIGN KEY/.test(i))).toHaveLength(5);
    const err = await refusal(t, await bigFile(`big-bad-${engine}.csv`, unhcrRow(2099, 'NIC', 'CRI', 'many', 1)));
    expect(err.details).toEqual([expect.objectContaining({ row: 13_001, column: 'refugees' })]);
    expect(await indexes()).toEqual(before);
  }, 120_000);

  it('imports it whole, with every index in place and answering, and changes nothing the second time', async () => {
    const before = await indexes();
    const path = await bigFile(`big-${engine}.csv`);
    const first = await t.app.imports.run(op, unhcrPopulationImporter, path, { asOrg: 'unhcr' });
    expect(first).toMatchObject({ rowsRead: 13_000, inserted: 104_000 });
    expect(await indexes()).toEqual(before);
    const page = await t.app.figures.page(operatorCtx(), { year: 2050, type: 'ASY' }, { limit: 200 });
    expect(page.items).toHaveLength(130);
    const second = await t.app.imports.run(op, unhcrPopulationImporter, path, { asOrg: 'unhcr' });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 104_000, batchId: null });
  }, 120_000);

  it('versions what a later file changes and adds what it brings, in a table too large to hold its keys in memory', async () => {
    const before = await indexes();
    const codes = (await t.database.db.selectFrom('countries').select('iso3').orderBy('iso3').limit(130).execute()).map((c) => c.iso3);
    const rows: string[] = [];
    // 2050: refugees corrected (one figure of eight changes); 2051: the same; 2100: a new year.
    for (let i = 0; i < 130; i++) rows.push(unhcrRow(2050, codes[i]!, codes[(i + 1) % 130]!, 2050 + 1000, i));
    for (let i = 0; i < 130; i++) rows.push(unhcrRow(2051, codes[i]!, codes[(i + 1) % 130]!, 2051, i));
    for (let i = 0; i < 130; i++) rows.push(unhcrRow(2100, codes[i]!, codes[(i + 1) % 130]!, 2100, i));
    const next = await t.app.imports.run(op, unhcrPopulationImporter, writeFile(`next-${engine}.csv`, unhcrCsv(rows)), { asOrg: 'unhcr' });
    expect(next).toMatchObject({ rowsRead: 390, inserted: 1040, updated: 130, unchanged: 130 * 7 + 130 * 8 });
    const page = await t.app.figures.page(operatorCtx(), { year: 2050, type: 'REF' }, { limit: 200 });
    expect(page.items.map((f) => f.value)).toEqual(Array(130).fill(3050));
    const versions = await t.database.db.selectFrom('figure_versions').select(['value', 'version']).execute();
    expect(versions).toHaveLength(130);
    expect(versions.every((v) => Number(v.value) === 2050 && v.version === 1)).toBe(true);
    expect(await figureCount(t)).toBe(104_000 + 1040);
    expect(await indexes()).toEqual(before);
  }, 120_000);
});
