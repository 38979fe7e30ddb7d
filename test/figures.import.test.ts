import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { operatorCtx } from '../src/core/actor.js';
import { ImportError } from '../src/core/errors.js';

const op = operatorCtx();
import { desaStockImporter } from '../src/figures/importers/desa-stock.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';
import { DESA_STOCK, describeEachEngine, freshDb, UNHCR_2024_2025, UNHCR_FULL, type TestDb } from './helpers/engines.js';
import { unhcrCsv, unhcrRow, writeFile } from './helpers/files.js';

async function snapshot(t: TestDb) {
  const db = t.database.db;
  const n = async (table: 'figures' | 'figure_versions' | 'import_batches') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const sum = await db.selectFrom('figures').select((eb) => eb.fn.sum<number>('value').as('s')).executeTakeFirstOrThrow();
  return { figures: await n('figures'), versions: await n('figure_versions'), batches: await n('import_batches'), sum: Number(sum.s ?? 0) };
}

async function expectRefused(t: TestDb, path: string, match: { row?: number; column?: string; message: RegExp }) {
  const before = await snapshot(t);
  const err = await t.app.imports.run(op, unhcrPopulationImporter, path, { asOrg: 'unhcr' }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  const details = (err as ImportError).details;
  expect(details.some((d) => (match.row === undefined || d.row === match.row) &&
    (match.column === undefined || d.column === match.column) && match.message.test(d.message))).toBe(true);
  expect(details.every((d) => d.file !== undefined)).toBe(true);
  expect(await snapshot(t)).toEqual(before);
}

describeEachEngine('importing population figures', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  it('imports the UNHCR 2024-2025 population file and changes nothing when it is imported again', async () => {
    const first = await t.app.imports.run(op, unhcrPopulationImporter, UNHCR_2024_2025, { asOrg: 'unhcr' });
    expect(first.rowsRead).toBe(12_490);
    expect(first.inserted).toBe(first.figuresRead);
    expect(first.batchId).not.toBeNull();
    const after = await snapshot(t);

    const second = await t.app.imports.run(op, unhcrPopulationImporter, UNHCR_2024_2025, { asOrg: 'unhcr' });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: first.figuresRead, batchId: null });
    expect(await snapshot(t)).toEqual(after);
  });

  it('stores a changed value as a new version and keeps the old one in the history', async () => {
    const v1 = writeFile(`v1-${engine}.csv`, unhcrCsv([unhcrRow(2030, 'NIC', 'CRI', 100, 5)]));
    const v2 = writeFile(`v2-${engine}.csv`, unhcrCsv([unhcrRow(2030, 'NIC', 'CRI', 120, 5)]));
    await t.app.imports.run(op, unhcrPopulationImporter, v1, { asOrg: 'unhcr' });
    const summary = await t.app.imports.run(op, unhcrPopulationImporter, v2, { asOrg: 'unhcr' });
    expect(summary).toMatchObject({ updated: 1, inserted: 0 });
    const page = await t.app.figures.page(operatorCtx(), { year: 2030, type: 'REF', origin: 'NIC', host: 'CRI' }, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ value: 120, version: 2 });
    const { history } = await t.app.figures.withHistory(operatorCtx(), page.items[0]!.id);
    expect(history.map((h) => h.value)).toEqual([100, 120]);
    expect(history[0]!.supersededAt).not.toBeNull();
  });

  it('imports the UN DESA migrant stock as inclusive, sex-disaggregated migrant figures', async () => {
    const s = await t.app.imports.run(op, desaStockImporter, DESA_STOCK, { asOrg: 'undesa' });
    expect(s.rowsRead).toBe(153_296);
    expect(s.inserted).toBe(153_296);
    const page = await t.app.figures.page(operatorCtx(), { year: 2024, origin: 'NIC', host: 'CRI', source: 'undesa' }, { limit: 10 });
    expect(page.items.map((f) => f.sex).sort()).toEqual(['female', 'male']);
    expect(page.items.every((f) => f.type === 'MIG' && f.includesProtection)).toBe(true);
  });

  describe('refuses bad input whole, naming file, row and column, and leaves the database as it was', () => {
    it('a wrong header', async () => {
      await expectRefused(t, writeFile(`hdr-${engine}.csv`, 'year,coo_iso,coa_iso,refugees\n2024,NIC,CRI,1\n'), {
        row: 1, column: 'asylum_seekers', message: /missing column/,
      });
    });
    it('a count that is not a number', async () => {
      await expectRefused(t, writeFile(`nan-${engine}.csv`, unhcrCsv([unhcrRow(2031, 'NIC', 'CRI', 1, 2), unhcrRow(2031, 'HTI', 'DOM', 'many', 2)])), {
        row: 3, column: 'refugees', message: /not a number/,
      });
    });
    it('a negative count', async () => {
      await expectRefused(t, writeFile(`neg-${engine}.csv`, unhcrCsv([unhcrRow(2031, 'NIC', 'CRI', 1, -4)])), {
        row: 2, column: 'asylum_seekers', message: /negative/,
      });
    });
    it('an unknown ISO3 code', async () => {
      await expectRefused(t, writeFile(`iso-${engine}.csv`, unhcrCsv([unhcrRow(2031, 'NIC', 'QQQ', 1, 2)])), {
        row: 2, column: 'coa_iso', message: /not a known ISO3/,
      });
    });
    it('a truncated gzip file', async () => {
      const full = gzipSync(Buffer.from(unhcrCsv(Array.from({ length: 2000 }, (_, i) => unhcrRow(2031, 'NIC', 'CRI', i, 1)))));
      await expectRefused(t, writeFile(`trunc-${engine}.csv.gz`, full.subarray(0, Math.floor(full.length / 2))), {
        message: /truncated or corrupt/,
      });
    });
    it('an empty file', async () => {
      await expectRefused(t, writeFile(`empty-${engine}.csv`, ''), { row: 1, message: /empty/ });
    });
    it('a header without rows', async () => {
      await expectRefused(t, writeFile(`norows-${engine}.csv`, unhcrCsv([])), { message: /no data rows/ });
    });
    it('a duplicate row with a different value in the same file', async () => {
      await expectRefused(t, writeFile(`dup-${engine}.csv`, unhcrCsv([unhcrRow(2031, 'NIC', 'CRI', 1, 2), unhcrRow(2031, 'NIC', 'CRI', 1, 3)])), {
        row: 3, message: /duplicate of row 2/,
      });
    });
    it('many bad rows, reporting each with a total', async () => {
      const rows = Array.from({ length: 300 }, (_, i) => unhcrRow(2031, 'NIC', 'CRI', `x${i}`, 1).replace('NIC', i % 2 ? 'NIC' : 'HTI'));
      const err = await t.app.imports.run(op, unhcrPopulationImporter, writeFile(`many-${engine}.csv`, unhcrCsv(rows)), { asOrg: 'unhcr' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).totalErrors).toBeGreaterThanOrEqual(300);
      expect((err as ImportError).details.length).toBe(100);
    });
  });

  it('accepts an identical duplicate row (it says the same thing twice)', async () => {
    const s = await t.app.imports.run(op, unhcrPopulationImporter,
      writeFile(`same-${engine}.csv`, unhcrCsv([unhcrRow(2032, 'NIC', 'CRI', 7, 2), unhcrRow(2032, 'NIC', 'CRI', 7, 2)])), { asOrg: 'unhcr' });
    expect(s.rowsRead).toBe(2);
    expect(s.figuresRead).toBe(16);
    expect(s.inserted).toBe(8);
  });
});

describeEachEngine('importing the full UNHCR population file (gzip)', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); });
  afterAll(async () => { await t.dispose(); });

  it('imports every row of 1951-2025, keeps zeros as figures and skips cells that are not available', async () => {
    const s = await t.app.imports.run(op, unhcrPopulationImporter, UNHCR_FULL, { asOrg: 'unhcr' });
    expect(s.rowsRead).toBe(138_893);
    // 9 count columns per row, minus the OIP cells left empty (not available) in 138,738 rows.
    expect(s.figuresRead).toBe(138_893 * 9 - 138_738);
    expect(s.inserted).toBe(s.figuresRead);
    // A correctness test on 1.1 million figures: its speed is measured by `npm run bench -- --import-only`, and
    // a busy CI machine (the browser files beside it) must not fail it on time alone.
  }, 300_000);
});
