import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consolidate, type ConsolidatedRow } from './consolidation.rules.js';
import { discloseConsolidated, FIGURES, hiddenCells, linesOf } from './r4v.disclosure.js';
import type { R4vRow } from './r4v.layout.js';

const row = (o: Partial<R4vRow>): R4vRow => ({
  country: 'Peru', admin1: 'Lima', admin2: null, appealingOrg: 'Org A', implementation: 'No', implementingPartner: null, month: '2024-01',
  sector: 'Health', indicator: '# of people', activityName: 'act', activityDescription: null, covid19: null, rmrpActivity: 'Yes', cva: 'No', value: null,
  deliveryMechanism: null, quantityOutput: null, totalMonthly: 40, newBeneficiaries: 40, inDestination: 40, inTransit: 0, hostCommunities: 0, pendulars: 0,
  returnees: 0, girls: 10, boys: 10, women: 10, men: 10, otherUnder: 0, otherAbove: 0, ...o,
});
const report = (rows: R4vRow[], regional = false) =>
  consolidate(rows, { counts: { types: ['Direct Assistance'], typeOf: () => 'Direct Assistance' }, modelOf: () => ({ kind: 'sum' }), noAdmin1: [], regional });
const sum = { sumOfSectors: () => true };

/** Every published line (its total shown) holds no hidden cell or at least two. */
function lonelyLines(rows: readonly ConsolidatedRow[], hidden: Uint8Array) {
  return linesOf(rows, sum).filter((l) => !hidden[l.total] && l.cells.filter((c) => hidden[c]).length === 1);
}

describe('disclosure control of R4V\'s consolidated report', () => {
  it('hides a figure below k and one more beside it in each line whose total is shown', () => {
    const rows = report([row({ admin1: 'Lima' }), row({ admin1: 'Cusco', totalMonthly: 3, newBeneficiaries: 3, inDestination: 3, girls: 3, boys: 0, women: 0, men: 0 })]);
    const { rows: shown, hidden } = discloseConsolidated(rows, 5, sum);
    const cusco = shown.find((r) => r.admin1 === 'Cusco' && r.sector === 'Health');
    expect(cusco).toMatchObject({ total: null, monthlyTotal: null, inDestination: null, girls: null, boys: 0, women: 0, men: 0 });
    // Country level = Lima + Cusco: Lima is hidden too, else Cusco is the country less Lima.
    const lima = shown.find((r) => r.admin1 === 'Lima' && r.sector === 'Health');
    expect(lima?.total).toBeNull();
    expect(shown.find((r) => r.admin1 === 'Country level' && r.sector === 'Health')?.total).toBe(43);
    expect(hidden).toBe(shown.reduce((n, r) => n + FIGURES.filter((f) => r[f] === null).length, 0));
    expect(lonelyLines(rows, hiddenCells(rows, 5, sum))).toEqual([]);
  });

  it('hides a country-level figure below k (a country reported without admin 1 has no other)', () => {
    const rows = report([row({ country: 'Panama', admin1: 'Darién', totalMonthly: 2, newBeneficiaries: 2, inDestination: 2, girls: 2, boys: 0, women: 0, men: 0 })])
      .filter((r) => r.admin1 === 'Country level');
    const { rows: shown } = discloseConsolidated(rows, 5, sum);
    expect(shown.find((r) => r.sector === 'Health')?.total).toBeNull();
    expect(shown.find((r) => r.sector === 'Education')?.total).toBe(0);
  });

  it('with k = 1 hides nothing', () => {
    const rows = report([row({}), row({ admin1: 'Cusco', newBeneficiaries: 1, inDestination: 1 })]);
    expect(discloseConsolidated(rows, 1, sum).hidden).toBe(0);
  });

  it('leaves no published line with exactly one hidden cell, and hides the same cells whatever the rows\' order (property)', () => {
    const admin1s = ['Lima', 'Cusco', 'Tumbes'];
    const sectors = ['Health', 'WASH', 'Education'];
    const arb = fc.array(fc.record({ a: fc.integer({ min: 0, max: 2 }), s: fc.integer({ min: 0, max: 2 }), m: fc.integer({ min: 1, max: 2 }), d: fc.integer({ min: 0, max: 12 }), t: fc.integer({ min: 0, max: 6 }), g: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(arb, fc.integer({ min: 2, max: 10 }), (specs, k) => {
      const rows = report(specs.map(({ a, s, m, d, t, g }) => row({
        country: a === 2 ? 'Chile' : 'Peru', admin1: admin1s[a], sector: sectors[s], month: `2024-0${m}`, totalMonthly: d + t, newBeneficiaries: d + t,
        inDestination: d, inTransit: t, girls: g, boys: d + t - g, women: 0, men: 0,
      })), true);
      const hidden = hiddenCells(rows, k, sum);
      expect(lonelyLines(rows, hidden)).toEqual([]);
      const reversed = [...rows].reverse();
      const again = hiddenCells(reversed, k, sum);
      const key = (r: ConsolidatedRow) => [r.country, r.admin1, r.month, r.sector].join('|');
      const flags = (rs: readonly ConsolidatedRow[], h: Uint8Array) => new Map(rs.map((r, i) => [key(r), FIGURES.map((_, j) => h[i * FIGURES.length + j]).join('')]));
      expect(flags(reversed, again)).toEqual(flags(rows, hidden));
      // Primary: every figure between 1 and k - 1 is hidden.
      rows.forEach((r, i) => FIGURES.forEach((f, j) => { if (r[f] > 0 && r[f] < k) expect(hidden[i * FIGURES.length + j]).toBe(1); }));
    }), { numRuns: 60 });
  });
});
