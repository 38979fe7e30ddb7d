import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { desaStockImporter } from '../src/figures/importers/desa-stock.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';
import { DESA_STOCK, describeEachEngine, freshDb, UNHCR_2024_2025, UNHCR_FULL, type TestDb } from './helpers/engines.js';
import { writeFile } from './helpers/files.js';

const op = operatorCtx();
/** The eight situations the review recomputed by hand. */
const PAIRS = [['VEN', 'COL'], ['NIC', 'CRI'], ['HTI', 'DOM'], ['MMR', 'MYS'], ['SYR', 'TUR'], ['AFG', 'IRN'], ['UKR', 'POL'], ['SSD', 'UGA']] as const;
const slug = (o: string, h: string) => `${o.toLowerCase()}-${h.toLowerCase()}`;

// UNHCR's end-of-year stocks for 2023-2025 of those pairs, read straight from the published file.
const header = 'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst';
const unhcr: string[][] = parse(gunzipSync(readFileSync(UNHCR_FULL)), { from_line: 2 });
const rows = unhcr.filter((r) => ['2023', '2024', '2025'].includes(r[0]!) && PAIRS.some(([o, h]) => r[3] === o && r[6] === h));
const desa: string[][] = parse(gunzipSync(readFileSync(DESA_STOCK)), { from_line: 2 });

/**
 * What rule R2 gives by hand: DESA's mid-2024 stock (female + male) is an inclusive total; P is UNHCR's
 * REF + ASY + OIP at 1 July 2024, half way (183 of 366 days) between the end-2023 and end-2024 figures.
 */
function byHand(o: string, h: string) {
  const at = (year: string, col: number) => { const v = rows.find((r) => r[0] === year && r[3] === o && r[6] === h)?.[col]; return v === undefined || v === '' ? null : Number(v); };
  let P = 0;
  for (const col of [7, 8, 14]) {
    const a = at('2023', col);
    const b = at('2024', col);
    if (a !== null && b !== null) P += Math.round(a + (b - a) * (183 / 366));
  }
  const stock = desa.filter((r) => r[0] === h && r[1] === '2024' && r[2] === o).reduce((s, r) => s + Number(r[4]), 0);
  const M = Math.max(0, stock - P);
  const share = P / (P + M);
  return { P, M, share, arrangement: share >= 2 / 3 - 1e-12 ? 'unhcr-led' : share <= 1 / 3 + 1e-12 ? 'iom-led' : 'co-led-platform' };
}

describeEachEngine('recommendations from the real UNHCR and UN DESA files, at one reference date', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(engine);
    await t.app.imports.run(op, unhcrPopulationImporter, writeFile(`unhcr-2023-2025-${engine}.csv`, [header, ...rows.map((r) => r.map((c, i) => (i === 1 || i === 4 ? `"${c}"` : c)).join(','))].join('\n') + '\n'), { asOrg: 'unhcr' });
    await t.app.imports.run(op, desaStockImporter, DESA_STOCK, { asOrg: 'undesa' });
    for (const [o, h] of PAIRS) await t.app.situations.create(op, { name: `${o} in ${h}`, slug: slug(o, h), origins: [o], hosts: [h] });
  });
  afterAll(async () => { await t.dispose(); });

  it.each(PAIRS)('%s to %s: P at the stock\'s date, M = stock − P, the arrangement R2 gives by hand, with or without a year', async (o, h) => {
    const expected = byHand(o, h);
    for (const year of [2024, undefined]) {
      const { recommendation: r } = await t.app.recommendations.composition(slug(o, h), year);
      expect(r.referenceDate, `${o}-${h} ${year}`).toBe('2024-07-01');
      expect(r.protection, `${o}-${h} ${year}`).toBe(expected.P);
      expect(r.migrants, `${o}-${h} ${year}`).toBe(expected.M);
      expect(r.arrangement, `${o}-${h} ${year}`).toBe(expected.arrangement);
      expect(r.warnings.map((w) => w.code), `${o}-${h} ${year}`).not.toContain('dates_misaligned');
    }
  });

  it('no longer turns Syrians in Türkiye or Afghans in Iran into a co-led platform by mixing end-2025 refugees with a mid-2024 stock', async () => {
    for (const s of ['syr-tur', 'afg-irn']) {
      const { recommendation: r } = await t.app.recommendations.composition(s);
      expect(r.arrangement, s).toBe('unhcr-led');
      expect(r.share!, s).toBeGreaterThan(0.8);
    }
  });

  it('keeps UN DESA\'s method flags on the stock it used: refugees added, by birthplace or citizenship', async () => {
    const { recommendation: r } = await t.app.recommendations.composition('afg-irn', 2024);
    const stock = r.inputs.find((i) => i.role === 'inclusive-total')!;
    expect(stock.methodFlags).toEqual(expect.arrayContaining(['citizenship', 'refugees_added']));
    const ref = r.inputs.find((i) => i.type === 'REF' && i.role === 'used')!;
    expect(ref.atReference).toMatchObject({ date: '2024-07-01', method: 'interpolated', from: ['2023-12-31', '2024-12-31'] });
  });

  it('shows both agencies\' populations of concern (R4) in the summary', async () => {
    const s = await t.app.recommendations.summary('ven-col', 2024);
    expect(s.agencies.UNHCR.map((e) => e.type)).toEqual(expect.arrayContaining(['REF', 'ASY', 'OIP']));
    expect(s.agencies.IOM).toHaveLength(1);
    expect(s.agencies.IOM[0]).toMatchObject({ type: 'MIG', derived: expect.stringContaining('inclusive') });
    expect(s.series.some((p) => p.year === 2024 && p.type === 'OIP')).toBe(true);
  });
});

describeEachEngine('a recommendation that cannot align its dates says so', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(engine);
    // Only end-2024 and end-2025 refugees: nothing at or before the mid-2024 stock.
    await t.app.imports.run(op, unhcrPopulationImporter, UNHCR_2024_2025, { asOrg: 'unhcr' });
    await t.app.imports.run(op, desaStockImporter, DESA_STOCK, { asOrg: 'undesa' });
    await t.app.situations.create(op, { name: 'Nicaraguans in Costa Rica', slug: 'nic-cri', origins: ['NIC'], hosts: ['CRI'] });
  });
  afterAll(async () => { await t.dispose(); });

  it('gives no share rather than a later figure\'s, provisional, naming the stock\'s date and the protection figures\' dates', async () => {
    const { recommendation: r } = await t.app.recommendations.composition('nic-cri');
    expect(r.arrangement).toBe('insufficient-data');
    expect(r.provisional).toBe(true);
    const w = r.warnings.find((x) => x.code === 'dates_misaligned')!;
    expect(w.message).toContain('2024-07-01');
    expect(w.message).toContain('2024-12-31');
  });
});
