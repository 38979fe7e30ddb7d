import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionsKey, rround, type ModelSpec, type Proportions } from './consolidation.models.js';
import { consolidate, latestIntersector, type ConsolidatedRow, type ConsolidationOptions } from './consolidation.rules.js';
import { R4V_SOUTHERN_CONE_PARTS, type R4vRow } from './r4v.layout.js';

const row = (o: Partial<R4vRow>): R4vRow => ({
  country: 'Peru', admin1: 'Lima', admin2: null, appealingOrg: 'Org A', implementation: 'No', implementingPartner: null, month: '2024-01',
  sector: 'Health', indicator: '# of people', activityName: 'act', activityDescription: null, covid19: null, rmrpActivity: 'Yes', cva: 'No', value: null,
  deliveryMechanism: null, quantityOutput: null, totalMonthly: 10, newBeneficiaries: 10, inDestination: 10, inTransit: 0, hostCommunities: 0, pendulars: 0,
  returnees: 0, girls: 2, boys: 3, women: 3, men: 2, otherUnder: 0, otherAbove: 0, ...o,
});
const counts = { types: ['Direct Assistance'], typeOf: () => 'Direct Assistance' };
const opts = (model: ModelSpec, o: Partial<ConsolidationOptions> = {}): ConsolidationOptions => ({ counts, modelOf: () => model, ...o });
const find = (rows: ConsolidatedRow[], o: Partial<ConsolidatedRow>) => rows.find((r) => Object.entries(o).every(([k, v]) => r[k as keyof ConsolidatedRow] === v));

/** Shares giving girls, boys, women and men 10/20/30/40 % of every group. */
const even: Array<number | null> = Array.from({ length: 20 }, (_, i) => [0.1, 0.2, 0.3, 0.4][i % 4] ?? 0);
const table = (keys: Array<[string, string, string]>): Proportions => new Map(keys.map(([c, a, s]) => [proportionsKey(c, a, s), even]));

describe('R4V consolidation', () => {
  it('counts the indicator types of each row\'s year: PiN in 2022, Direct Assistance from 2023, the default for years not listed', () => {
    const typeOf = (_s: string, i: string) => (i === 'pin' ? 'PiN' : 'Direct Assistance');
    const rows = [
      row({ month: '2022-12', indicator: 'pin', newBeneficiaries: 7, inDestination: 7 }), row({ month: '2022-12', indicator: 'da', newBeneficiaries: 100, inDestination: 100 }),
      row({ month: '2023-01', indicator: 'pin', newBeneficiaries: 100, inDestination: 100 }), row({ month: '2023-01', indicator: 'da', newBeneficiaries: 11, inDestination: 11 }),
    ];
    const out = consolidate(rows, opts({ kind: 'sum' }, { counts: { types: { default: ['Direct Assistance'], byYear: { 2022: ['PiN'] } }, typeOf } }));
    expect(find(out, { admin1: 'Country level', month: '2022-12', sector: 'Intersector' })?.total).toBe(7);
    expect(find(out, { admin1: 'Country level', month: '2023-01', sector: 'Intersector' })?.total).toBe(18);
    // One list for every year, as before.
    const flat = consolidate(rows, opts({ kind: 'sum' }, { counts: { types: ['PiN'], typeOf } }));
    expect(find(flat, { admin1: 'Country level', month: '2023-01', sector: 'Intersector' })?.total).toBe(107);
  });

  it('keeps monthly figures as plain monthly sums and consolidates a sector as the running total of its new people', () => {
    const rows = [
      row({ month: '2024-01', totalMonthly: 100, newBeneficiaries: 100, inDestination: 100 }),
      row({ month: '2024-01', activityName: 'other', totalMonthly: 30, newBeneficiaries: 20, inDestination: 20 }),
      row({ month: '2024-02', totalMonthly: 120, newBeneficiaries: 15, inDestination: 15 }),
    ];
    const out = consolidate(rows, opts({ kind: 'sum' }));
    const feb = find(out, { admin1: 'Lima', month: '2024-02', sector: 'Health' });
    expect(feb?.monthlyTotal).toBe(120);
    expect(feb?.total).toBe(135);
    expect(find(out, { admin1: 'Country level', month: '2024-02', sector: 'Intersector' })?.total).toBe(135);
  });

  it('sums admin 1s into the country level, and only publishes "Country level" for countries reported without admin 1', () => {
    const rows = [row({ admin1: 'Lima' }), row({ admin1: 'Cusco', newBeneficiaries: 5, inDestination: 5 }), row({ country: 'Panama', admin1: 'Darién' })];
    const out = consolidate(rows, opts({ kind: 'sum' }));
    expect(find(out, { country: 'Peru', admin1: 'Country level', sector: 'Health' })?.total).toBe(15);
    expect(out.filter((r) => r.country === 'Peru').map((r) => r.admin1)).toContain('Cusco');
    expect(new Set(out.filter((r) => r.country === 'Panama').map((r) => r.admin1))).toEqual(new Set(['Country level']));
    expect(find(out, { country: 'Panama', sector: 'Intersector' })?.platform).toBe('Central America and Mexico');
  });

  it('maxsector splits each sector by its proportions, takes the highest sector per cell, and sets the "other" bands to 0', () => {
    const rows = [row({ sector: 'Health', newBeneficiaries: 10, inDestination: 10 }), row({ sector: 'Shelter', newBeneficiaries: 25, inDestination: 25, activityName: 's' })];
    const p = table([['Peru', 'Lima', 'Health'], ['Peru', 'Lima', 'Shelter']]);
    const inter = find(consolidate(rows, opts({ kind: 'maxsector', proportions: p })), { admin1: 'Lima', sector: 'Intersector' });
    // 25 × (0.1, 0.2, 0.3, 0.4) rounded half to even: 2 (2.5), 5, 8 (7.5), 10.
    expect([inter?.girls, inter?.boys, inter?.women, inter?.men, inter?.otherUnder]).toEqual([2, 5, 8, 10, 0]);
    expect(inter?.total).toBe(25);
    expect(inter?.monthlyTotal).toBe(20);
  });

  it('maxsector with a sector lacking proportions: R4V\'s empty maximum (0 people) or, on request, that sector left out', () => {
    const rows = [row({ sector: 'Health' }), row({ sector: 'Shelter', activityName: 's', cva: 'Yes' })];
    const p = table([['Peru', 'Lima', 'Health']]);
    const r4v = find(consolidate(rows, opts({ kind: 'maxsector', proportions: p })), { admin1: 'Lima', sector: 'Intersector' });
    expect([r4v?.total, r4v?.cva]).toEqual([0, 10]);
    const skip = find(consolidate(rows, opts({ kind: 'maxsector', proportions: p, missing: 'skip' })), { admin1: 'Lima', sector: 'Intersector' });
    expect(skip?.total).toBe(10);
  });

  it('southern-cone model: highest of its max group, plus Protection (General), plus the sum of its sum group; other sectors left out', () => {
    const sectors: Array<[string, number]> = [['Shelter', 10], ['Food Security', 20], ['Protection (General)', 5], ['Health', 7], ['Education', 3], ['Protection (GBV)', 100]];
    const rows = sectors.map(([sector, v]) => row({ sector, activityName: sector, newBeneficiaries: v, inDestination: v, girls: v, boys: 0, women: 0, men: 0 }));
    const p = table([['Peru', 'Lima', 'Shelter'], ['Peru', 'Lima', 'Food Security']]);
    const inter = find(consolidate(rows, opts({ kind: 'groups', parts: R4V_SOUTHERN_CONE_PARTS, proportions: p })), { admin1: 'Lima', sector: 'Intersector' });
    expect(inter?.total).toBe(20 + 5 + 10);
    const other = find(consolidate(rows, opts({ kind: 'groups', parts: [{ combine: 'sum', sectors: ['Protection (GBV)'] }], proportions: p })), { admin1: 'Lima', sector: 'Intersector' });
    expect(other?.total).toBe(100);
  });

  it('conservative model: the highest activity per place and group, across sectors, running over months', () => {
    const rows = [
      row({ sector: 'Health', activityName: 'h', newBeneficiaries: 40, inDestination: 40 }),
      row({ sector: 'Education', activityName: 'e', newBeneficiaries: 70, inDestination: 70 }),
      row({ sector: 'Education', activityName: 'e', month: '2024-02', newBeneficiaries: 10, inDestination: 10 }),
    ];
    const out = consolidate(rows, opts({ kind: 'conservative' }));
    expect(find(out, { admin1: 'Lima', month: '2024-01', sector: 'Intersector' })?.total).toBe(70);
    expect(find(out, { admin1: 'Lima', month: '2024-02', sector: 'Intersector' })?.total).toBe(80);
    expect(find(out, { admin1: 'Lima', month: '2024-02', sector: 'Education' })?.total).toBe(80);
  });

  it('takes each country\'s own model (a per-country override) and adds regional rows as the sum of countries', () => {
    const rows = [row({ sector: 'Health' }), row({ sector: 'Education', activityName: 'e' }), row({ country: 'Chile', admin1: 'Santiago', sector: 'Health' }), row({ country: 'Chile', admin1: 'Santiago', sector: 'Education', activityName: 'e' })];
    const out = consolidate(rows, { counts, modelOf: (c) => (c === 'Chile' ? { kind: 'conservative' } : { kind: 'sum' }), regional: true });
    const latest = latestIntersector(out);
    expect(latest.get('Peru')?.total).toBe(20);
    expect(latest.get('Chile')?.total).toBe(10);
    expect(latest.get('Regional')?.total).toBe(30);
  });

  it('rounds halves to even, as R does', () => {
    expect([0.5, 1.5, 2.5, 3.5, -1.5, 2.4, 2.6].map(rround)).toEqual([0, 2, 2, 4, -2, 2, 3]);
  });
});

const fiveWRow = fc.record({
  country: fc.constantFrom('Peru', 'Mexico'), admin1: fc.constantFrom('A', 'B'), admin2: fc.constantFrom(null, 'x', 'y'),
  month: fc.constantFrom('2024-01', '2024-02', '2024-03'), sector: fc.constantFrom('Health', 'Shelter', 'Education', 'Food Security', 'Protection (General)'),
  activityName: fc.constantFrom('a', 'b', 'c'), cva: fc.constantFrom('Yes', 'No'),
  groups: fc.array(fc.nat(50), { minLength: 5, maxLength: 5 }), total: fc.nat(200),
}).map((g) => {
  const [d = 0, t = 0, h = 0, p = 0, r = 0] = g.groups;
  const people = d + t + h + p + r;
  return row({
    country: g.country, admin1: g.admin1, admin2: g.admin2, month: g.month, sector: g.sector, activityName: g.activityName, cva: g.cva,
    totalMonthly: people + g.total, newBeneficiaries: people, inDestination: d, inTransit: t, hostCommunities: h, pendulars: p, returnees: r,
    girls: Math.floor(people / 2), boys: people - Math.floor(people / 2), women: 0, men: 0,
  });
});
const shares: Array<number | null> = [0.13, 0.27, 0.35, 0.25, 0.5, 0.5, 0, 0, 0.1, 0.1, 0.4, 0.4, 0.2, 0.2, 0.3, 0.3, null, 0.5, 0.25, 0.25];
const props: Proportions = new Map(['Health', 'Shelter', 'Food Security'].flatMap((s) => ['A', 'B'].map((a) => [proportionsKey('Peru', a, s), shares] as const)));
const MODELS: ModelSpec[] = [
  { kind: 'sum' }, { kind: 'maxsector', proportions: props }, { kind: 'maxsector', proportions: props, missing: 'skip' },
  { kind: 'groups', parts: R4V_SOUTHERN_CONE_PARTS, proportions: props }, { kind: 'conservative' },
];

describe('R4V consolidation properties', () => {
  it('gives the same report whatever the order of the 5W rows, for every model', () => {
    fc.assert(fc.property(fc.array(fiveWRow, { maxLength: 40 }), fc.nat(), (rows, seed) => {
      const shuffled = [...rows].map((r, i) => ({ r, k: (i * 7919 + seed) % 104729 })).sort((a, b) => a.k - b.k).map((x) => x.r);
      for (const model of MODELS) expect(consolidate(shuffled, opts(model))).toEqual(consolidate(rows, opts(model)));
    }), { numRuns: 150 });
  });

  it('never gives a conservative figure above the sum model\'s, at any level and month (rows whose groups add up to their new people)', () => {
    fc.assert(fc.property(fc.array(fiveWRow, { maxLength: 40 }), (rows) => {
      const sum = consolidate(rows, opts({ kind: 'sum' }));
      const cons = consolidate(rows, opts({ kind: 'conservative' }));
      expect(cons.length).toBe(sum.length);
      cons.forEach((c, i) => {
        const s = sum[i];
        expect(c.sector).toBe(s?.sector);
        expect(c.total).toBeLessThanOrEqual(s?.total ?? 0);
        expect(c.cva).toBeLessThanOrEqual(s?.cva ?? 0);
        expect(c.monthlyTotal).toBe(s?.monthlyTotal);
      });
    }), { numRuns: 150 });
  });

  it('keeps every sector row identical across models: models change only the inter-sector rows', () => {
    fc.assert(fc.property(fc.array(fiveWRow, { maxLength: 30 }), (rows) => {
      const base = consolidate(rows, opts({ kind: 'sum' })).filter((r) => r.sector !== 'Intersector');
      for (const model of MODELS) expect(consolidate(rows, opts(model)).filter((r) => r.sector !== 'Intersector')).toEqual(base);
    }), { numRuns: 60 });
  });
});
