import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hiddenSmallAreas, type AreaFigure } from './small-areas.rules.js';

/**
 * A random table as an import would hold it: a country, two or three admin 1 areas, some with admin 2 areas
 * under them, each area with a female and a male count, and the totals (both sexes; each parent) as figures
 * that add up, some of them missing (not every source publishes every total).
 */
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }) }, { weight: 2, arbitrary: fc.integer({ min: 10, max: 300 }) });
const tableArb = fc.record({
  admin1: fc.array(fc.record({ female: count, male: count, admin2: fc.array(fc.record({ female: count, male: count }), { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
  dropTotals: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
}).map(({ admin1, dropTotals }) => {
  const figures: AreaFigure[] = [];
  let n = 0;
  const keep = () => !dropTotals[n++ % dropTotals.length];
  const add = (area: string | null, parent: string | null, sex: string, value: number) =>
    figures.push({ id: `${area ?? 'country'}-${sex}`, table: 't', area, parent, sex, value });
  const country = { female: 0, male: 0 };
  admin1.forEach((a1, i) => {
    const code = `A${i}`;
    // An admin 1 with admin 2 areas is their sum; without, its own counts.
    const own = a1.admin2.length > 0
      ? a1.admin2.reduce((s, a2) => ({ female: s.female + a2.female, male: s.male + a2.male }), { female: 0, male: 0 })
      : { female: a1.female, male: a1.male };
    a1.admin2.forEach((a2, j) => {
      add(`${code}${j}`, code, 'female', a2.female);
      add(`${code}${j}`, code, 'male', a2.male);
      if (keep()) add(`${code}${j}`, code, 'total', a2.female + a2.male);
    });
    add(code, null, 'female', own.female);
    add(code, null, 'male', own.male);
    if (keep()) add(code, null, 'total', own.female + own.male);
    country.female += own.female;
    country.male += own.male;
  });
  add(null, null, 'female', country.female);
  add(null, null, 'male', country.male);
  if (keep()) add(null, null, 'total', country.female + country.male);
  return figures;
});

/** The published lines of a table as the rules define them: cells and their total. */
function lines(figures: readonly AreaFigure[]) {
  const at = new Map(figures.map((f) => [`${f.area ?? ''}|${f.sex}`, f]));
  const out: Array<{ cells: AreaFigure[]; total: AreaFigure | undefined }> = [];
  const sub = figures.filter((f) => f.area !== null);
  for (const key of new Set(sub.map((f) => `${f.parent ?? ''}|${f.sex}`))) {
    out.push({ cells: sub.filter((f) => `${f.parent ?? ''}|${f.sex}` === key), total: at.get(key) });
  }
  for (const area of new Set(sub.map((f) => f.area!))) {
    out.push({ cells: sub.filter((f) => f.area === area && f.sex !== 'total'), total: at.get(`${area}|total`) });
  }
  return out;
}

describe('disclosure control on figures below country level', () => {
  it('publishes no sub-national count between 1 and k-1, and never hides a country figure', () => {
    fc.assert(fc.property(tableArb, fc.integer({ min: 2, max: 12 }), (figures, k) => {
      const hidden = hiddenSmallAreas(figures, k);
      for (const f of figures) {
        if (f.area === null) expect(hidden.has(f.id)).toBe(false);
        else if (f.value > 0 && f.value < k) expect(hidden.has(f.id)).toBe(true);
      }
    }));
  });

  it('leaves no line whose total is published with exactly one hidden count (unless the line is the country itself)', () => {
    fc.assert(fc.property(tableArb, fc.integer({ min: 2, max: 12 }), (figures, k) => {
      const hidden = hiddenSmallAreas(figures, k);
      for (const { cells, total } of lines(figures)) {
        if (!total || (total.area !== null && hidden.has(total.id))) continue;
        const hiddenCells = cells.filter((c) => hidden.has(c.id));
        // A lone area under the country equals the country figure, which is always published: nothing to hide it behind.
        if (cells.length === 1 && total.area === null) continue;
        expect(hiddenCells.length).not.toBe(1);
      }
    }));
  });

  it('hides the same figures whatever the order they are given in', () => {
    fc.assert(fc.property(tableArb.chain((f) => fc.tuple(fc.constant(f), fc.shuffledSubarray(f, { minLength: f.length, maxLength: f.length }))), fc.integer({ min: 2, max: 12 }), ([figures, shuffled], k) => {
      expect([...hiddenSmallAreas(shuffled, k)].sort()).toEqual([...hiddenSmallAreas(figures, k)].sort());
    }));
  });

  it('hides a second area so that a small one is not the total less the others', () => {
    const f = (id: string, area: string | null, value: number, sex = 'total'): AreaFigure => ({ id, table: 't', area, parent: null, sex, value });
    const hidden = hiddenSmallAreas([f('country', null, 103), f('a', 'A', 3), f('b', 'B', 40), f('c', 'C', 60)], 5);
    expect([...hidden].sort()).toEqual(['a', 'b']);
    // The same areas with no published total: only the small one.
    expect([...hiddenSmallAreas([f('a', 'A', 3), f('b', 'B', 40), f('c', 'C', 60)], 5)]).toEqual(['a']);
    // Tables do not mix: another dataset's figures are another table.
    expect(hiddenSmallAreas([{ ...f('x', 'A', 3), table: 'u' }, f('b', 'B', 40), f('country', null, 43)], 5)).toEqual(new Set(['x']));
  });
});
