import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { desaStockImporter } from '../src/figures/importers/desa-stock.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';
import { DESA_STOCK, describeEachEngine, freshDb, UNHCR_2024_2025, type TestDb } from './helpers/engines.js';

const op = operatorCtx();

// The arrangements that rule R2 implies from UNHCR's end-2024 stocks and UN DESA's 2024 migrant stock.
describeEachEngine('recommendations from the real UNHCR and UN DESA files (2024)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(engine);
    await t.app.imports.run(op, unhcrPopulationImporter, UNHCR_2024_2025);
    await t.app.imports.run(op, desaStockImporter, DESA_STOCK);
    await t.app.situations.create(op, { name: 'Nicaraguans in Costa Rica', origins: ['NIC'], hosts: ['CRI'] });
    await t.app.situations.create(op, { name: 'Haitians in the Dominican Republic', origins: ['HTI'], hosts: ['DOM'] });
    await t.app.situations.create(op, { name: 'Venezuelans in Colombia', origins: ['VEN'], hosts: ['COL'] });
  });
  afterAll(async () => { await t.dispose(); });

  it('Nicaragua to Costa Rica is a mixed movement: a co-led platform', async () => {
    const { recommendation: r } = await t.app.recommendations.composition('nicaraguans-in-costa-rica', 2024);
    expect(r.arrangement).toBe('co-led-platform');
    // P = 15,327 refugees + 190,037 asylum-seekers; M = 423,401 (DESA, female + male) - P.
    expect(r.protection).toBe(205_364);
    expect(r.migrants).toBe(423_401 - 205_364);
    expect(r.share).toBeCloseTo(205_364 / 423_401, 6);
    const used = r.inputs.filter((i) => ['REF', 'ASY', 'OIP', 'MIG'].includes(i.type)).map((i) => [i.type, i.sourceDataset, i.newestDate, i.role]);
    expect(used).toEqual([
      ['ASY', 'unhcr-population-statistics', '2024-12-31', 'used'],
      ['MIG', 'undesa-international-migrant-stock-2024', '2024-07-01', 'inclusive-total'],
      ['REF', 'unhcr-population-statistics', '2024-12-31', 'used'],
    ]);
    expect(r.warnings).toEqual([]);
    expect(r.policyVersion).toBe('2019.1');
  });

  it('Haiti to the Dominican Republic is a migrant response led by IOM', async () => {
    const { recommendation: r } = await t.app.recommendations.composition('haitians-in-the-dominican-republic', 2024);
    expect(r.arrangement).toBe('iom-led');
    expect(r.protection).toBe(522);
    expect(r.share!).toBeLessThan(0.01);
  });

  it('Venezuela to Colombia is, by composition alone, a refugee response led by UNHCR', async () => {
    const { recommendation: r } = await t.app.recommendations.composition('venezuelans-in-colombia', 2024);
    expect(r.arrangement).toBe('unhcr-led');
    expect(r.protection).toBe(1_070 + 28_294 + 2_779_604);
    expect(r.share!).toBeGreaterThan(0.95);
  });

  it('shows both agencies\' populations of concern (R4) in the summary', async () => {
    const s = await t.app.recommendations.summary('venezuelans-in-colombia', 2024);
    expect(s.agencies.UNHCR.map((e) => e.type)).toEqual(expect.arrayContaining(['REF', 'ASY', 'OIP']));
    expect(s.agencies.IOM).toHaveLength(1);
    expect(s.agencies.IOM[0]).toMatchObject({ type: 'MIG', derived: expect.stringContaining('inclusive') });
    expect(s.groups.international_protection).toBe(2_808_968);
    expect(s.series.some((p) => p.year === 2024 && p.type === 'OIP')).toBe(true);
  });
});
