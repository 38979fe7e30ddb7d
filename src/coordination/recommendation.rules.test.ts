import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PopulationType } from '../vocabulary/index.js';
import { policyFromRow, DEFAULT_POLICY } from './lead-policy.js';
import { collapseSex, recommend, type FigureFact, type RecommendationInput } from './recommendation.rules.js';

const policy = policyFromRow(DEFAULT_POLICY);
let seq = 0;

function fig(type: PopulationType, value: number, over: Partial<FigureFact> = {}): FigureFact {
  const inclusive = over.includesProtection ?? false;
  return {
    id: `f${++seq}`, type, value, refDate: '2024-12-31', sex: 'total', origin: 'NIC', host: 'CRI', area: null,
    sourceOrg: type === 'MIG' ? (inclusive ? 'undesa' : 'iom') : 'unhcr',
    sourceDataset: type === 'MIG' ? (inclusive ? 'desa' : 'iom-dtm') : 'unhcr-stats',
    includesProtection: inclusive, ...over,
  };
}

function makeInput(figures: FigureFact[], over: Partial<RecommendationInput> = {}): RecommendationInput {
  return { kind: 'cross-border', origins: ['NIC'], hosts: ['CRI'], figures, policy, asOf: '2024-12-31', ...over };
}

const codes = (r: { warnings: Array<{ code: string }> }) => r.warnings.map((w) => w.code);

describe('the lead recommendation (R2)', () => {
  it('recommends a UNHCR-led refugee response when international protection reaches two thirds', () => {
    const r = recommend(makeInput([fig('REF', 200), fig('MIG', 100)]));
    expect(r.arrangement).toBe('unhcr-led');
    expect(r.share).toBeCloseTo(2 / 3);
    expect(r.lead).toEqual({ lead: 'UNHCR', support: 'IOM', coLeads: [] });
    expect(r.provisional).toBe(false);
  });

  it('recommends an IOM-led migrant response when protection is at most one third', () => {
    const r = recommend(makeInput([fig('ASY', 100), fig('MIG', 200)]));
    expect(r.arrangement).toBe('iom-led');
    expect(r.lead.lead).toBe('IOM');
  });

  it('recommends a co-led platform when neither group reaches two thirds', () => {
    const r = recommend(makeInput([fig('REF', 150), fig('MIG', 100)]));
    expect(r.arrangement).toBe('co-led-platform');
    expect(r.lead.coLeads).toEqual(['IOM', 'UNHCR']);
  });

  it('counts refugees, asylum-seekers and other people in need of protection together as P', () => {
    const r = recommend(makeInput([fig('REF', 10), fig('ASY', 20), fig('OIP', 30), fig('MIG', 40)]));
    expect(r.protection).toBe(60);
    expect(r.migrants).toBe(40);
    expect(r.share).toBeCloseTo(0.6);
  });

  it('takes the threshold from the policy and names its version', () => {
    const r = recommend(makeInput([fig('REF', 150), fig('MIG', 100)], { policy: { ...policy, theta: 0.55, version: 'test-9' } }));
    expect(r.arrangement).toBe('unhcr-led');
    expect(r.threshold).toBe(0.55);
    expect(r.policyVersion).toBe('test-9');
  });

  it('derives migrants from an inclusive stock minus the protection figures', () => {
    const r = recommend(makeInput([fig('REF', 100), fig('MIG', 400, { includesProtection: true })]));
    expect(r.migrants).toBe(300);
    expect(r.inputs.find((t) => t.type === 'MIG')?.role).toBe('inclusive-total');
    expect(r.arrangement).toBe('iom-led');
  });

  it('never lets derived migrants fall below zero, and warns when the inclusive stock is smaller than P', () => {
    const r = recommend(makeInput([fig('REF', 500), fig('MIG', 400, { includesProtection: true })]));
    expect(r.migrants).toBe(0);
    expect(r.share).toBe(1);
    expect(codes(r)).toContain('inclusive_total_below_protection');
    expect(r.provisional).toBe(true);
  });

  it('prefers an explicit migrant figure over an inclusive stock', () => {
    const r = recommend(makeInput([fig('REF', 100), fig('MIG', 50), fig('MIG', 1000, { includesProtection: true })]));
    expect(r.migrants).toBe(50);
  });

  it('warns when there is no migrant source at all, and says so rather than guessing', () => {
    const r = recommend(makeInput([fig('REF', 100)]));
    expect(r.arrangement).toBe('unhcr-led');
    expect(codes(r)).toContain('missing_migrant_source');
    expect(r.provisional).toBe(true);
  });

  it('answers insufficient-data when there are no figures', () => {
    const r = recommend(makeInput([]));
    expect(r.arrangement).toBe('insufficient-data');
    expect(r.share).toBeNull();
    expect(codes(r)).toEqual(expect.arrayContaining(['missing_migrant_source', 'no_figures']));
  });

  it('answers insufficient-data when only undifferentiated refugees-and-migrants figures exist', () => {
    const r = recommend(makeInput([fig('RMG', 1000, { sourceOrg: 'r4v', sourceDataset: 'r4v' })]));
    expect(r.arrangement).toBe('insufficient-data');
    expect(codes(r)).toContain('undifferentiated_dominates');
  });

  it('flags a provisional result when undifferentiated figures outnumber the differentiated ones', () => {
    const r = recommend(makeInput([fig('REF', 100), fig('MIG', 100), fig('RMG', 500, { sourceOrg: 'r4v', sourceDataset: 'r4v' })]));
    expect(r.arrangement).toBe('co-led-platform');
    expect(r.undifferentiated).toBe(500);
    expect(codes(r)).toContain('undifferentiated_dominates');
    expect(r.provisional).toBe(true);
  });

  it('warns about figures older than the staleness limit', () => {
    const r = recommend(makeInput([fig('REF', 100, { refDate: '2020-12-31' }), fig('MIG', 10)]));
    expect(codes(r)).toContain('stale_figures');
    expect(r.warnings.find((w) => w.code === 'stale_figures')?.message).toContain('2020-12-31');
  });

  it('uses the latest figure of each source and type, ignoring older ones and figures after the reference date', () => {
    const r = recommend(makeInput([
      fig('REF', 999, { refDate: '2022-12-31' }),
      fig('REF', 100, { refDate: '2024-12-31' }),
      fig('REF', 5000, { refDate: '2025-12-31' }),
      fig('MIG', 100),
    ]));
    expect(r.protection).toBe(100);
  });

  it('sums the latest figure of every origin-host pair of a multi-country situation', () => {
    const r = recommend(makeInput(
      [fig('REF', 100, { host: 'CRI' }), fig('REF', 50, { host: 'PAN' }), fig('MIG', 300, { host: 'PAN' })],
      { hosts: ['CRI', 'PAN'] },
    ));
    expect(r.protection).toBe(150);
    expect(r.inputs.find((t) => t.type === 'REF')?.figureIds).toHaveLength(2);
  });

  it('warns when two sources of the same type disagree, and uses the newest (UNHCR on a tie)', () => {
    const r = recommend(makeInput([
      fig('REF', 100), fig('REF', 160, { sourceOrg: 'cri-dgme', sourceDataset: 'gov' }), fig('MIG', 10),
    ]));
    expect(r.protection).toBe(100);
    expect(codes(r)).toContain('sources_disagree');
    expect(r.inputs.find((t) => t.sourceDataset === 'gov')?.role).toBe('alternative');
  });

  it('never counts the host community in the composition', () => {
    const r = recommend(makeInput([fig('REF', 100), fig('MIG', 100), fig('HST', 1_000_000)]));
    expect(r.share).toBeCloseTo(0.5);
    expect(r.inputs.find((t) => t.type === 'HST')?.role).toBe('context');
  });

  it('recommends the IASC cluster arrangement for internal displacement', () => {
    const r = recommend(makeInput([fig('IDP', 1000, { origin: 'HTI', host: 'HTI' })], { kind: 'internal', origins: ['HTI'], hosts: ['HTI'] }));
    expect(r.arrangement).toBe('cluster');
    expect(r.internal).toBe(1000);
    expect(r.lead.coLeads).toEqual(['IOM', 'UNHCR']);
  });

  it('flags disaster displacement for the Platform on Disaster Displacement', () => {
    const internal = recommend(makeInput([fig('IDP', 10, { origin: 'MOZ', host: 'MOZ' })], { kind: 'disaster', origins: ['MOZ'], hosts: ['MOZ'] }));
    expect(internal.arrangement).toBe('cluster');
    expect(internal.disasterPlatformFlag).toBe(true);
    const crossBorder = recommend(makeInput([fig('REF', 10), fig('MIG', 90)], { kind: 'disaster' }));
    expect(crossBorder.arrangement).toBe('iom-led');
    expect(crossBorder.disasterPlatformFlag).toBe(true);
  });

  it('lists every figure it used with its source and date', () => {
    const r = recommend(makeInput([fig('REF', 100), fig('MIG', 300, { includesProtection: true, refDate: '2024-07-01' })]));
    expect(r.inputs.map((t) => [t.type, t.sourceDataset, t.newestDate, t.role])).toEqual([
      ['MIG', 'desa', '2024-07-01', 'inclusive-total'],
      ['REF', 'unhcr-stats', '2024-12-31', 'used'],
    ]);
  });
});

describe('totals by sex', () => {
  it('adds female and male when a source gives no total', () => {
    const out = collapseSex([fig('MIG', 40, { sex: 'female' }), fig('MIG', 60, { sex: 'male' })]);
    expect(out).toHaveLength(1);
    expect(out[0]!.value).toBe(100);
  });

  it('uses the total and never adds it to its own parts', () => {
    const out = collapseSex([fig('MIG', 40, { sex: 'female' }), fig('MIG', 60, { sex: 'male' }), fig('MIG', 100)]);
    expect(out.map((f) => f.value)).toEqual([100]);
  });
});

describe('properties of the recommendation', () => {
  const counts = fc.record({ ref: fc.nat(10_000_000), asy: fc.nat(10_000_000), mig: fc.nat(10_000_000) });

  it('keeps the share between 0 and 1 and picks the arrangement the threshold implies', () => {
    fc.assert(fc.property(counts, ({ ref, asy, mig }) => {
      const r = recommend(makeInput([fig('REF', ref), fig('ASY', asy), fig('MIG', mig)]));
      if (ref + asy + mig === 0) return r.arrangement === 'insufficient-data';
      const share = (ref + asy) / (ref + asy + mig);
      expect(r.share).toBeCloseTo(share, 12);
      const expected = share >= 2 / 3 - 1e-12 ? 'unhcr-led' : share <= 1 / 3 + 1e-12 ? 'iom-led' : 'co-led-platform';
      return r.arrangement === expected;
    }));
  });

  it('never moves from a UNHCR lead towards an IOM lead when more refugees are counted', () => {
    const rank = { 'iom-led': 0, 'co-led-platform': 1, 'unhcr-led': 2 } as Record<string, number>;
    fc.assert(fc.property(counts, fc.nat(1_000_000), ({ ref, asy, mig }, extra) => {
      fc.pre(ref + asy + mig > 0);
      const before = recommend(makeInput([fig('REF', ref), fig('ASY', asy), fig('MIG', mig)]));
      const after = recommend(makeInput([fig('REF', ref + extra), fig('ASY', asy), fig('MIG', mig)]));
      return rank[after.arrangement]! >= rank[before.arrangement]!;
    }));
  });

  it('gives the same result whatever order the figures arrive in', () => {
    const figures = [
      fig('REF', 120, { refDate: '2023-12-31' }), fig('REF', 130), fig('ASY', 40), fig('MIG', 200, { includesProtection: true }),
      fig('MIG', 90, { sex: 'female', includesProtection: true, sourceDataset: 'desa2' }),
      fig('MIG', 80, { sex: 'male', includesProtection: true, sourceDataset: 'desa2' }), fig('RMG', 30, { sourceOrg: 'r4v', sourceDataset: 'r4v' }),
    ];
    const base = recommend(makeInput(figures));
    fc.assert(fc.property(fc.shuffledSubarray(figures, { minLength: figures.length, maxLength: figures.length }), (shuffled) => {
      const r = recommend(makeInput(shuffled));
      expect(r.arrangement).toBe(base.arrangement);
      expect(r.share).toBe(base.share);
      expect(r.migrants).toBe(base.migrants);
      expect(codes(r).sort()).toEqual(codes(base).sort());
    }));
  });
});

describe('one reference date for P and M (R2)', () => {
  const stock = (value: number, over: Partial<FigureFact> = {}) => fig('MIG', value, { includesProtection: true, refDate: '2024-07-01', ...over });

  it('takes P at the inclusive stock\'s date, interpolating between the figures around it', () => {
    const r = recommend(makeInput([fig('REF', 1000, { refDate: '2023-12-31' }), fig('REF', 3000, { refDate: '2024-12-31' }), stock(5000)], { asOf: '2025-12-31' }));
    expect(r.referenceDate).toBe('2024-07-01');
    expect(r.protection).toBe(2000);
    expect(r.migrants).toBe(3000);
    expect(r.share).toBeCloseTo(0.4);
    expect(r.inputs.find((i) => i.type === 'REF')!.atReference).toEqual({ date: '2024-07-01', value: 2000, method: 'interpolated', from: ['2023-12-31', '2024-12-31'] });
    expect(codes(r)).toEqual([]);
  });

  it('never turns refugees who left after the stock\'s date into migrants: a later figure alone is never used', () => {
    // The review's case: refugees fell between two dates; the stock (counting refugees) predates the fall.
    const r = recommend(makeInput([fig('REF', 3_000_000, { refDate: '2024-12-31' }), fig('REF', 2_000_000, { refDate: '2025-12-31' }), stock(3_100_000)], { asOf: '2026-06-30' }));
    expect(r.arrangement).toBe('insufficient-data');
    expect(r.provisional).toBe(true);
    const w = r.warnings.find((x) => x.code === 'dates_misaligned')!;
    expect(w.message).toContain('2024-07-01');
    expect(w.message).toContain('2024-12-31');
  });

  it('carries an older figure beyond the window, provisionally, naming both dates', () => {
    const r = recommend(makeInput([fig('REF', 1000, { refDate: '2021-12-31' }), stock(4000)], { asOf: '2024-12-31' }));
    expect(r.protection).toBe(1000);
    expect(r.migrants).toBe(3000);
    expect(r.provisional).toBe(true);
    expect(r.warnings.find((x) => x.code === 'dates_misaligned')!.message).toMatch(/2024-07-01.*2021-12-31/);
  });

  it('makes a result from an imputed stock provisional, with its own warning', () => {
    const r = recommend(makeInput([fig('REF', 1000, { refDate: '2024-07-01' }), stock(4000, { methodFlags: ['imputed'] })]));
    expect(codes(r)).toEqual(['imputed_stock']);
    expect(r.provisional).toBe(true);
  });

  it('is never moved by a protection figure dated after the stock beyond the window', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(5_000_000), fc.integer({ min: 13, max: 60 }), fc.nat(10_000_000), (before, after, s, later, value) => {
      const base = [fig('REF', before, { refDate: '2023-12-31' }), fig('REF', after, { refDate: '2024-12-31' }), stock(s)];
      const far = new Date(Date.UTC(2024, 6 + later, 1)).toISOString().slice(0, 10);
      const asOf = far > '2030-01-01' ? far : '2030-01-01';
      const a = recommend(makeInput(base, { asOf }));
      const b = recommend(makeInput([...base, fig('REF', value, { refDate: far })], { asOf }));
      expect(b.migrants).toBe(a.migrants);
      expect(b.share).toBe(a.share);
    }));
  });

  it('gives the same aligned result whatever order figures of several dates arrive in', () => {
    const figures = [
      fig('REF', 1000, { refDate: '2023-12-31' }), fig('REF', 3000, { refDate: '2024-12-31' }), fig('REF', 9000, { refDate: '2025-12-31' }),
      fig('ASY', 50, { refDate: '2024-06-30' }), fig('ASY', 70, { refDate: '2024-12-31' }), stock(6000),
      fig('REF', 10, { refDate: '2024-12-31', origin: 'HND' }), fig('REF', 30, { refDate: '2023-12-31', origin: 'HND' }),
    ];
    const input = (xs: FigureFact[]) => makeInput(xs, { origins: ['NIC', 'HND'], asOf: '2026-01-31' });
    const base = recommend(input(figures));
    fc.assert(fc.property(fc.shuffledSubarray(figures, { minLength: figures.length, maxLength: figures.length }), (shuffled) => {
      const r = recommend(input(shuffled));
      expect([r.protection, r.migrants, r.share, r.arrangement]).toEqual([base.protection, base.migrants, base.share, base.arrangement]);
    }));
  });
});

describe('sources the recommendation trusts', () => {
  it('lets a real figure win over demo data of the same type', () => {
    const r = recommend(makeInput([
      fig('REF', 190_000, { sourceDataset: 'demo-global-trends', demo: true }), fig('REF', 190_037, { sourceDataset: 'unhcr-population-statistics' }), fig('MIG', 100_000),
    ]));
    expect(r.protection).toBe(190_037);
    expect(r.inputs.find((i) => i.demo)!.role).toBe('alternative');
    expect(codes(r)).toEqual([]);
  });

  it('counts conflict displacement for an internal situation and disaster displacement for a disaster one, never together', () => {
    const figures = [
      fig('IDP', 1000, { origin: 'HTI', host: 'HTI', sourceOrg: 'iom', sourceDataset: 'iom-dtm:HTI:conflict', methodFlags: ['conflict'] }),
      fig('IDP', 50_000, { origin: 'HTI', host: 'HTI', sourceOrg: 'iom', sourceDataset: 'iom-dtm:HTI:disaster', methodFlags: ['disaster'] }),
    ];
    const internal = recommend(makeInput(figures, { kind: 'internal', origins: ['HTI'], hosts: ['HTI'] }));
    const disaster = recommend(makeInput(figures, { kind: 'disaster', origins: ['HTI'], hosts: ['HTI'] }));
    expect(internal.internal).toBe(1000);
    expect(disaster.internal).toBe(50_000);
    expect(codes(internal)).toEqual([]);
  });
});
