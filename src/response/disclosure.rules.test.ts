import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { releaseSet } from '../core/disclosure/index.js';
import { disclose, discloseMonth, discloseR4v, type PeopleFigures } from './disclosure.rules.js';

const SECTORS = ['EDU', 'HEA', 'PRO', 'SHE'];
const AREAS = ['CO05', 'CO08', 'CO11'];
const GROUPS = ['in_destination', 'pendular', 'returnees'];

/** A dashboard's people figures built the way the counting rules build them from sector × area × group cells. */
function figures(values: number[]): PeopleFigures {
  const cells = SECTORS.flatMap((sector, i) => AREAS.flatMap((area, j) => GROUPS.map((group, l) => ({ sector, area, group, value: values[(i * 9 + j * 3 + l) % values.length]! }))));
  const bySector: Record<string, number> = {};
  const inter = new Map<string, number>();
  for (const c of cells) {
    bySector[c.sector] = (bySector[c.sector] ?? 0) + c.value;
    inter.set(`${c.area}|${c.group}`, Math.max(inter.get(`${c.area}|${c.group}`) ?? 0, c.value));
  }
  const byArea: Record<string, number> = {};
  const byGroup: Record<string, number> = {};
  for (const [key, v] of inter) {
    const [area, group] = key.split('|') as [string, string];
    byArea[area] = (byArea[area] ?? 0) + v;
    byGroup[group] = (byGroup[group] ?? 0) + v;
  }
  const interSector = [...inter.values()].reduce((s, v) => s + v, 0);
  return {
    peopleReached: { interSector, bySector, byArea, byGroup, cells },
    timesAssistedInTransit: values[0]!,
    byMonth: [{ month: '2026-01', people: values[1] ?? 0, bySector: { EDU: values[2] ?? 0, HEA: values[3] ?? 0 }, timesAssistedInTransit: 0 }],
    bySexAndAge: [{ sex: 'female', age: '0-17', newReached: values[0]! }, { sex: 'male', age: '0-17', newReached: values[1] ?? 0 }, { sex: 'female', age: '18-59', newReached: 40 }],
  };
}

const published = (d: ReturnType<typeof disclose<PeopleFigures>>) => [
  d.peopleReached.interSector, d.timesAssistedInTransit, ...Object.values(d.peopleReached.bySector), ...Object.values(d.peopleReached.byArea),
  ...Object.values(d.peopleReached.byGroup), ...d.peopleReached.cells.map((c) => c.value), ...d.byMonth.flatMap((m) => [m.people, ...Object.values(m.bySector)]),
  ...d.bySexAndAge.map((r) => r.newReached),
];

describe('disclosure control of a dashboard (R6)', () => {
  it('publishes no non-zero count below k, whatever the figures and whatever k the policy sets', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 36 }), fc.integer({ min: 2, max: 12 }), (values, k) => {
      const d = disclose(figures(values), k);
      for (const v of published(d)) if (v !== null) expect(v === 0 || v >= k).toBe(true);
      expect(d.disclosure).toEqual({ k, hidden: published(d).filter((v) => v === null).length, applied: true });
    }));
  });

  it('never leaves one hidden value alone in a breakdown whose total is published: it would be the total less the others', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 36 }), (values) => {
      const d = disclose(figures(values), 5);
      const { interSector } = d.peopleReached;
      for (const line of [d.peopleReached.bySector, d.peopleReached.byArea, d.peopleReached.byGroup]) {
        if (interSector !== null) expect(Object.values(line).filter((v) => v === null).length).not.toBe(1);
      }
      expect(d.bySexAndAge.filter((r) => r.newReached === null).length).not.toBe(1);
      // Each sector's cells with its (published) sector figure: a line of the sector × area × group table.
      for (const s of SECTORS) {
        if (d.peopleReached.bySector[s] === null) continue;
        const line = d.peopleReached.cells.filter((c) => c.sector === s);
        expect(line.filter((c) => c.value === null).length).not.toBe(1);
      }
    }));
  });

  it('hides the same cells whatever order the cells arrive in', () => {
    const f = figures([3, 12, 7, 0, 1, 25, 9, 4, 30, 2]);
    const a = disclose(f, 5);
    const b = disclose({ ...f, peopleReached: { ...f.peopleReached, cells: [...f.peopleReached.cells].reverse() } }, 5);
    const hidden = (d: typeof a) => d.peopleReached.cells.filter((c) => c.value === null).map((c) => `${c.sector}|${c.area}|${c.group}`).sort();
    expect(hidden(b)).toEqual(hidden(a));
    expect(b.peopleReached.bySector).toEqual(a.peopleReached.bySector);
  });

  it('hides a month figure, and one month\'s breakdowns, below k', () => {
    const m = discloseMonth({ month: '2026-02', people: 3, bySector: { EDU: 3, HEA: 40 }, byArea: { CO05: 43 }, byGroup: { pendular: 2, returnees: 41 }, timesAssistedInTransit: 12 }, 5);
    expect(m.people).toBeNull();
    expect(m.bySector).toEqual({ EDU: null, HEA: null });
    expect(m.byGroup).toEqual({ pendular: null, returnees: null });
    expect(m.timesAssistedInTransit).toBe(12);
    expect(m.disclosure).toEqual({ k: 5, hidden: 5, applied: true });
  });

  it('keeps hidden in every later release what an earlier release hid, whatever the values become', () => {
    const positive = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 6, maxLength: 12 });
    fc.assert(fc.property(positive, positive, (first, later) => {
      const release = releaseSet([]);
      const a = disclose(figures(first), 5, release);
      // The next release starts from what the first kept (as the store hands it back).
      const next = releaseSet(release.union());
      const b = disclose(figures(later), 5, next);
      const hidden = (d: typeof a) => d.peopleReached.cells.filter((c) => c.value === null).map((c) => `${c.sector}|${c.area}|${c.group}`);
      for (const key of hidden(a)) expect(hidden(b)).toContain(key);
      for (const [area, v] of Object.entries(a.peopleReached.byArea)) if (v === null) expect(b.peopleReached.byArea[area]).toBeNull();
      for (const [i, r] of a.bySexAndAge.entries()) if (r.newReached === null) expect(b.bySexAndAge[i]!.newReached).toBeNull();
      // Still no published value below k, and no breakdown line with exactly one value hidden.
      for (const v of published(b)) if (v !== null) expect(v === 0 || v >= 5).toBe(true);
      for (const line of [b.peopleReached.byArea, b.peopleReached.byGroup]) expect(Object.values(line).filter((v) => v === null).length).not.toBe(1);
      expect(next.union().length).toBeGreaterThanOrEqual(release.union().length);
    }), { numRuns: 150 });
  });

  it('carries a month\'s hidden figures to the month\'s next release', () => {
    const release = releaseSet([]);
    discloseMonth({ month: '2026-02', people: 3, bySector: { EDU: 3, HEA: 40 }, byArea: { CO05: 43 }, byGroup: { pendular: 2, returnees: 41 }, timesAssistedInTransit: 12 }, 5, release);
    const later = discloseMonth({ month: '2026-02', people: 30, bySector: { EDU: 30, HEA: 40 }, byArea: { CO05: 70 }, byGroup: { pendular: 20, returnees: 50 }, timesAssistedInTransit: 12 }, 5, releaseSet(release.union()));
    expect([later.people, later.bySector.EDU, later.bySector.HEA, later.byGroup.pendular, later.byGroup.returnees]).toEqual([null, null, null, null, null]);
    expect(later.byArea.CO05).toBe(70);
  });

  it('hides a small country of R4V\'s headline figures with another, keeps the total, and keeps them hidden in the next release', () => {
    const figures = {
      model: { name: 'sum', people: 543, assumes: '' }, conservative: { people: 300, assumes: '' },
      byCountry: [{ country: 'Aruba', people: 3, conservative: 2 }, { country: 'Colombia', people: 500, conservative: 250 }, { country: 'Peru', people: 40, conservative: 48 }],
    };
    const release = releaseSet([]);
    const first = discloseR4v(figures, 5, release);
    expect(first.figures.byCountry.map((c) => [c.people, c.conservative])).toEqual([[null, null], [500, 250], [null, null]]);
    expect([first.figures.model.people, first.figures.conservative.people]).toEqual([543, 300]);
    expect(first.hidden).toBe(4);
    const later = discloseR4v({ ...figures, byCountry: figures.byCountry.map((c) => ({ ...c, people: c.people + 100, conservative: c.conservative + 100 })) }, 5, releaseSet(release.union()));
    expect(later.figures.byCountry.map((c) => c.people)).toEqual([null, 600, null]);
  });
});

