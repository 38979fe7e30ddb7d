/**
 * R4V's own consolidated reports reproduced cell for cell from their 5W input (shared/data/r4v/consolidation,
 * provenance in shared/data/SOURCES.md): read the 5W workbook, consolidate, write R4V's output columns, read
 * the written workbook back and compare every cell of every row with R4V's published workbook.
 *
 * R4V's indicator-type table is read from ActivityInfo with credentials and is not public: each pair declares
 * the types it relies on (stated in each case below), which is the documented `counts.typeOf` option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidate, type ConsolidationOptions } from '../src/response/consolidation.rules.js';
import type { Proportions } from '../src/response/consolidation.models.js';
import { read5w, readCells, readProportions, writeConsolidatedXlsx } from '../src/response/r4v.xlsx.js';
import { SHARED_DATA } from './helpers/engines.js';

const DIR = join(SHARED_DATA, 'r4v/consolidation');
let tmp: string;
let proportions: Proportions;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'r4v-pairs-'));
  proportions = await readProportions(join(DIR, 'proportions-1ce9709.xlsx'), 'pinproportions');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Consolidates a 5W file, writes the report, and lists every cell that differs from R4V's (row, column, ours, theirs). */
async function compare(input: string, expected: string, opts: ConsolidationOptions) {
  const rows = await read5w(join(DIR, input));
  const outPath = join(tmp, `${input}.out.xlsx`);
  await writeConsolidatedXlsx(consolidate(rows, opts), outPath);
  const ours = await readCells(outPath);
  const theirs = await readCells(join(DIR, expected));
  const diffs: string[] = [];
  const height = Math.max(ours.length, theirs.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < 23; c++) {
      const a = ours[r]?.[c] ?? null;
      const b = theirs[r]?.[c] ?? null;
      if (a !== b) diffs.push(`row ${r + 1}, column ${c + 1} (${String(theirs[0]?.[c])}): ours ${JSON.stringify(a)}, R4V ${JSON.stringify(b)}`);
    }
  }
  return { diffs, rows: theirs.length, ours };
}

/**
 * A declared type table: every indicator of the file has `type`, except the Common Services' (coordination,
 * communication, information management), which count no people in any R4V year.
 */
const allOf = (type: string) => (sector: string) => (sector.startsWith('Common Services') ? 'Other' : type);

describe('R4V consolidated reports, cell for cell', () => {
  it('dom-02a5f6f: Dominican Republic, sum model, 2022 code (PiN indicators, RMRPActivity = "Yes"); its PopType check flags the input row', async () => {
    // Types declared: every indicator of the file is PiN but Common Services' (the one Dominican row is an education PiN indicator).
    const { diffs, rows, ours } = await compare('dom-02a5f6f-5w.xlsx', 'dom-02a5f6f-consolidated.xlsx', {
      country: 'Dominican Republic', counts: { types: ['PiN'], typeOf: allOf('PiN'), requireRmrpActivity: true }, modelOf: () => ({ kind: 'sum' }),
    });
    expect(diffs).toEqual([]);
    expect(rows).toBe(15);
    expect(ours[14]?.slice(4, 8)).toEqual(['Intersector', 90, 90, 60]);
    expect(ours[14]?.[20]).toBe('Check Population Type breakdown');
  });

  it('mex-348ed53: Mexico, sum model, 2023 code ("Direct Assistance"), with the three "trained on…" rows counted as Capacity Building', async () => {
    // Types declared: the two "trained on" indicators (GBV, Child Protection) are Capacity Building, every other
    // indicator Direct Assistance. R4V's table is not public; with the trained-on rows counted, GBV and Child
    // Protection would show 34 and 154 people and the inter-sector 496 instead of R4V's 308.
    const trained = (indicator: string) => /trained on/i.test(indicator);
    const { diffs, rows } = await compare('mex-348ed53-5w.xlsx', 'mex-348ed53-consolidated.xlsx', {
      country: 'Mexico', counts: { types: ['Direct Assistance'], typeOf: (s, i) => (trained(i) ? 'Capacity Building' : allOf('Direct Assistance')(s)) },
      modelOf: () => ({ kind: 'sum' }),
    });
    expect(diffs).toEqual([]);
    expect(rows).toBe(15);
  });

  it('mex-348ed53 differs exactly where the trained-on rows would count, if the type table called them Direct Assistance', async () => {
    const { diffs } = await compare('mex-348ed53-5w.xlsx', 'mex-348ed53-consolidated.xlsx', {
      country: 'Mexico', counts: { types: ['Direct Assistance'], typeOf: allOf('Direct Assistance') }, modelOf: () => ({ kind: 'sum' }),
    });
    // GBV (row 10), Child Protection (row 12) and the inter-sector row (15): monthly total, total, host?/dest, sex bands.
    expect(new Set(diffs.map((d) => d.split(',')[0]))).toEqual(new Set(['row 10', 'row 12', 'row 15']));
  });

  it('mex-8ed96cf: Mexico, maxsector with R4V\'s pinproportions — reproduces R4V\'s known fault (inter-sector people 0, CVA 184 / 332) only with missing proportions as R4V\'s code treats them', async () => {
    // Types declared: every indicator PiN but Common Services' (a coordination-meetings row, 0 people, would
    // otherwise add a "Common Services (Coordination)" row outside the template).
    // The 5W rows name Mexican states; the proportions table has only "Country level" for Mexico, so every
    // state's split is empty and R's max without na.rm empties every cell: 0 people, while CVA (no split) is kept.
    const { diffs, rows, ours } = await compare('mex-8ed96cf-5w-derived.xlsx', 'mex-8ed96cf-consolidated.xlsx', {
      country: 'Mexico', counts: { types: ['PiN'], typeOf: allOf('PiN'), requireRmrpActivity: true },
      modelOf: () => ({ kind: 'maxsector', proportions, missing: 'r4v' }),
    });
    expect(diffs).toEqual([]);
    expect(rows).toBe(29);
    expect(ours[14]?.slice(4, 8)).toEqual(['Intersector', 265, 265, 0]);
    expect(ours[14]?.[19]).toBe(184);
    expect(ours[28]?.[19]).toBe(332);
    expect(ours[28]?.[22]).toBe('CVA Value higher than total');
  });

  it('mex-8ed96cf with Tandem\'s country-level fallback for proportions: the inter-sector people are no longer 0 (and differ from R4V\'s published, faulty figure)', async () => {
    const { diffs, ours } = await compare('mex-8ed96cf-5w-derived.xlsx', 'mex-8ed96cf-consolidated.xlsx', {
      country: 'Mexico', counts: { types: ['PiN'], typeOf: allOf('PiN'), requireRmrpActivity: true },
      modelOf: () => ({ kind: 'maxsector', proportions, missing: 'r4v', countryLevelFallback: true }),
    });
    // Only the two inter-sector rows change; every sector row stays R4V's.
    expect(new Set(diffs.map((d) => d.split(',')[0]))).toEqual(new Set(['row 15', 'row 29']));
    const january = Number(ours[14]?.[7]);
    expect(january).toBeGreaterThan(0);
    expect(january).toBeLessThanOrEqual(265 + 20);
    expect(ours[14]?.[19]).toBe(184);
  });

  it('one per-year rule (PiN in 2022, Direct Assistance otherwise) reproduces the 2022 and the 2023 pairs alike', async () => {
    const types = { default: ['Direct Assistance'], byYear: { 2022: ['PiN'] } };
    const trained = (indicator: string) => /trained on/i.test(indicator);
    const dom = await compare('dom-02a5f6f-5w.xlsx', 'dom-02a5f6f-consolidated.xlsx', {
      country: 'Dominican Republic', counts: { types, typeOf: allOf('PiN'), requireRmrpActivity: true }, modelOf: () => ({ kind: 'sum' }),
    });
    const mex = await compare('mex-348ed53-5w.xlsx', 'mex-348ed53-consolidated.xlsx', {
      country: 'Mexico', counts: { types, typeOf: (s, i) => (trained(i) ? 'Capacity Building' : allOf('Direct Assistance')(s)) }, modelOf: () => ({ kind: 'sum' }),
    });
    expect([dom.diffs, mex.diffs]).toEqual([[], []]);
  });

  it('refuses a file that is not an XLSX workbook, or lacks R4V\'s columns, naming the file (and the columns)', async () => {
    const text = join(tmp, 'not.xlsx');
    writeFileSync(text, 'Country,Admin1\nPeru,Lima\n');
    await expect(read5w(text)).rejects.toMatchObject({ code: 'import_failed', details: [{ file: 'not.xlsx', message: 'not a valid XLSX (zip) file' }] });
    await expect(read5w(join(DIR, 'proportions-1ce9709.xlsx'))).rejects.toMatchObject({
      code: 'import_failed', details: expect.arrayContaining([{ file: 'proportions-1ce9709.xlsx', row: 1, column: 'Month', message: 'this column of R4V\'s 5W layout is missing' }]),
    });
  });
});
