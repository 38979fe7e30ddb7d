import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkReportedCell, consolidateActivities, countPeople, monthActivities, monthsBetween, POP_GROUPS, timesAssistedInTransit, TRANSIT_COUNTINGS,
  type ReportedRow, type TransitCounting,
} from './counting.rules.js';
import {
  AGE_BANDS, cellsOf, checkDisaggregation, convertCells, DISAGGREGATIONS, SEXES, unconvertible, type BandCell,
} from './counting.rules.bands.js';

const row = (o: Partial<ReportedRow>): ReportedRow => ({
  activityId: 'a1', sectorId: 'protection', area: 'CO11', group: 'in_destination', month: '2025-01', reached: 10, newReached: 10, pin: true, ...o,
});

describe('counting people reached', () => {
  it('consolidates an activity as the sum of its new people over the months, not of its monthly totals', () => {
    const rows = [row({ month: '2025-01', reached: 100, newReached: 100 }), row({ month: '2025-02', reached: 120, newReached: 30 }), row({ month: '2025-03', reached: 90, newReached: 5 })];
    expect(consolidateActivities(rows, undefined, 'persons')[0]!.value).toBe(135);
    expect(consolidateActivities(rows, '2025-02', 'persons')[0]!.value).toBe(130);
    expect(monthActivities(rows, '2025-02', 'persons')[0]!.value).toBe(120);
  });

  it('takes the highest activity within a sector, area and group, or the sum when activities are declared disjoint', () => {
    const rows = [row({ activityId: 'a1', newReached: 40, reached: 40 }), row({ activityId: 'a2', newReached: 70, reached: 70 })];
    expect(countPeople(consolidateActivities(rows, undefined, 'persons'), 'max', 'persons').interSector).toBe(70);
    expect(countPeople(consolidateActivities(rows, undefined, 'persons'), 'sum', 'persons').interSector).toBe(110);
  });

  it('sums a sector over areas, and takes the highest sector per area for the inter-sector figure', () => {
    const rows = [
      row({ activityId: 'p1', sectorId: 'protection', area: 'CO11', newReached: 50, reached: 50 }),
      row({ activityId: 'p2', sectorId: 'protection', area: 'CO54', newReached: 20, reached: 20 }),
      row({ activityId: 'h1', sectorId: 'health', area: 'CO11', newReached: 80, reached: 80 }),
      row({ activityId: 'h2', sectorId: 'health', area: 'CO54', newReached: 5, reached: 5 }),
    ];
    const c = countPeople(consolidateActivities(rows, undefined, 'persons'), 'max', 'persons');
    expect(c.bySector).toEqual({ health: 85, protection: 70 });
    expect(c.byArea).toEqual({ CO11: 80, CO54: 20 });
    expect(c.interSector).toBe(100);
  });

  const transitRows = () => [
    row({ group: 'in_transit', reached: 300, newReached: 300, month: '2025-01' }), row({ group: 'in_transit', reached: 200, newReached: 0, month: '2025-02' }),
    row({ activityId: 'nopin', pin: false, newReached: 999, reached: 999 }), row({ activityId: 'a9', newReached: 7, reached: 7 }),
  ];

  it('counts people in transit as persons, like every other group, by default (R4V\'s way); leaves out activities without the PiN flag', () => {
    const c = countPeople(consolidateActivities(transitRows(), undefined, 'persons'), 'max', 'persons');
    expect(c.byGroup).toEqual({ in_destination: 7, in_transit: 300 });
    expect(c.interSector).toBe(307);
    expect(timesAssistedInTransit(transitRows(), undefined, 'persons')).toBe(0);
  });

  it('counts people in transit as times assisted, apart, and never among persons, where the platform asks for it', () => {
    expect(timesAssistedInTransit(transitRows(), undefined, 'times-assisted')).toBe(500);
    expect(countPeople(consolidateActivities(transitRows(), undefined, 'times-assisted'), 'max', 'times-assisted').interSector).toBe(7);
  });

  it('refuses new people above the month\'s people, and negative or fractional counts', () => {
    expect(checkReportedCell({ reached: 5, newReached: 6 })).toEqual([{ field: 'newReached', message: expect.stringContaining('cannot exceed') }]);
    expect(checkReportedCell({ reached: -1, newReached: 0 }).map((p) => p.field)).toEqual(['reached']);
    expect(checkReportedCell({ reached: 2.5, newReached: 0, services: -3 }).map((p) => p.field)).toEqual(['reached', 'services']);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  const rowsArb = fc.array(fc.record({
    activityId: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5'),
    sectorId: fc.constantFrom('protection', 'health', 'wash'),
    area: fc.constantFrom('CO11', 'CO54', 'CO44'),
    group: fc.constantFrom(...POP_GROUPS),
    month: fc.constantFrom('2025-01', '2025-02', '2025-03', '2025-04'),
    reached: fc.nat(10_000),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    pin: fc.boolean(),
  }).map(({ share, ...r }) => ({ ...r, newReached: Math.floor(r.reached * share) })), { maxLength: 80 });
  const transitArb = fc.constantFrom<TransitCounting>(...TRANSIT_COUNTINGS);
  // An activity is in one sector and one area: derive them from its id so that generated rows are consistent.
  const consistent = (rows: ReportedRow[]) => rows.map((r) => {
    const n = Number(r.activityId.slice(1));
    return { ...r, sectorId: ['protection', 'health', 'wash'][n % 3]!, area: ['CO11', 'CO54', 'CO44'][n % 3 === 0 ? 0 : n % 2]!, pin: n !== 5 || r.pin };
  });

  it('never reports more consolidated people than the sum of the monthly totals (property)', () => {
    fc.assert(fc.property(rowsArb, fc.constantFrom<'max' | 'sum'>('max', 'sum'), transitArb, (raw, counting, transit) => {
      const rows = consistent(raw);
      const monthly = rows.filter((r) => r.pin && (transit === 'persons' || r.group !== 'in_transit')).reduce((s, r) => s + r.reached, 0);
      const c = countPeople(consolidateActivities(rows, undefined, transit), counting, transit);
      expect(c.interSector).toBeLessThanOrEqual(monthly);
      for (const v of Object.values(c.bySector)) expect(v).toBeLessThanOrEqual(monthly);
    }));
  });

  it('never reports an inter-sector figure above the sum of the sectors (property)', () => {
    fc.assert(fc.property(rowsArb, fc.constantFrom<'max' | 'sum'>('max', 'sum'), transitArb, (raw, counting, transit) => {
      const c = countPeople(consolidateActivities(consistent(raw), undefined, transit), counting, transit);
      expect(c.interSector).toBeLessThanOrEqual(Object.values(c.bySector).reduce((s, v) => s + v, 0));
      expect(Object.values(c.byArea).reduce((s, v) => s + v, 0)).toBe(c.interSector);
      expect(Object.values(c.byGroup).reduce((s, v) => s + v, 0)).toBe(c.interSector);
    }));
  });

  it('gives the same result whatever order months and rows arrive in (property)', () => {
    fc.assert(fc.property(rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
      fc.constantFrom('2025-02', '2025-04'), transitArb, ([a, b], until, transit) => {
        const [x, y] = [consistent(a), consistent(b)];
        expect(countPeople(consolidateActivities(y, until, transit), 'max', transit)).toEqual(countPeople(consolidateActivities(x, until, transit), 'max', transit));
        expect(countPeople(monthActivities(y, until, transit), 'sum', transit)).toEqual(countPeople(monthActivities(x, until, transit), 'sum', transit));
        expect(timesAssistedInTransit(y, until, transit)).toBe(timesAssistedInTransit(x, until, transit));
      }));
  });

  it('never counts fewer persons with transit as persons than with transit as times assisted (property)', () => {
    fc.assert(fc.property(rowsArb, fc.constantFrom<'max' | 'sum'>('max', 'sum'), fc.constantFrom('2025-02', '2025-04'), (raw, counting, until) => {
      const rows = consistent(raw);
      const persons = countPeople(consolidateActivities(rows, until, 'persons'), counting, 'persons');
      const apart = countPeople(consolidateActivities(rows, until, 'times-assisted'), counting, 'times-assisted');
      expect(persons.interSector).toBeGreaterThanOrEqual(apart.interSector);
      for (const [sector, v] of Object.entries(apart.bySector)) expect(persons.bySector[sector]).toBeGreaterThanOrEqual(v);
      // What transit adds is at most its own consolidated people.
      const transitPeople = consolidateActivities(rows.filter((r) => r.group === 'in_transit'), until, 'persons').reduce((s, f) => s + f.value, 0);
      expect(persons.interSector - apart.interSector).toBeLessThanOrEqual(transitPeople);
    }));
  });
});

describe('disaggregation declared per platform', () => {
  it('accepts Tandem\'s and R4V\'s declarations, and refuses bands that leave a gap, overlap or stop short', () => {
    expect(checkDisaggregation(DISAGGREGATIONS.tandem)).toEqual([]);
    expect(checkDisaggregation(DISAGGREGATIONS.r4v)).toEqual([]);
    expect(checkDisaggregation({ sexes: ['female'], ages: ['0-17', '18-59'] })).toEqual([{ field: 'ages', message: expect.stringContaining('open-ended') }]);
    expect(checkDisaggregation({ sexes: ['female'], ages: ['0-17', '18-59', '18+'] })[0]).toMatchObject({ field: 'ages', message: expect.stringContaining('"18+"') });
    expect(checkDisaggregation({ sexes: ['female'], ages: ['18+'] })[0]).toMatchObject({ field: 'ages', message: expect.stringContaining('from 0') });
    expect(checkDisaggregation({ sexes: [], ages: ['0-17', '18+'] })).toEqual([{ field: 'sexes', message: expect.any(String) }]);
  });

  it('converts Tandem\'s bands to R4V\'s by adding 18-59 and 60+ into 18+, and names what cannot go back', () => {
    const cells: BandCell[] = [
      { pop_group: 'in_destination', sex: 'female', age: '18-59', reached: 10, new_reached: 4, services: null, converted: 0 },
      { pop_group: 'in_destination', sex: 'female', age: '60+', reached: 3, new_reached: 1, services: null, converted: 0 },
      { pop_group: 'in_destination', sex: 'male', age: '0-17', reached: 5, new_reached: 5, services: null, converted: 0 },
    ];
    expect(unconvertible(cells, DISAGGREGATIONS.r4v)).toEqual([]);
    expect(convertCells(cells, DISAGGREGATIONS.r4v)).toEqual([
      { pop_group: 'in_destination', sex: 'female', age: '18+', reached: 13, new_reached: 5, services: null, converted: 0 },
      { pop_group: 'in_destination', sex: 'male', age: '0-17', reached: 5, new_reached: 5, services: null, converted: 0 },
    ]);
    expect(unconvertible([{ sex: 'other', age: '18+' }], DISAGGREGATIONS.tandem)).toEqual(['age band "18+"', 'sex "other"']);
  });

  const cellArb = fc.record({
    pop_group: fc.constantFrom(...POP_GROUPS), sex: fc.constantFrom(...SEXES), age: fc.constantFrom(...AGE_BANDS.filter((a) => a !== '18+')),
    reached: fc.nat(1000), new_reached: fc.nat(1000), services: fc.option(fc.nat(1000)), converted: fc.constantFrom(0, 1),
  });
  it('keeps every group\'s totals when cells are converted to a coarser declaration (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(cellArb, { selector: (c) => `${c.pop_group}|${c.sex}|${c.age}`, maxLength: 40 }), (cells) => {
      const to = DISAGGREGATIONS.r4v;
      const out = convertCells(cells, to);
      const sums = (cs: readonly BandCell[], g: string) => cs.filter((c) => c.pop_group === g)
        .reduce((s, c) => [s[0]! + c.reached, s[1]! + c.new_reached, s[2]! + (c.services ?? 0)], [0, 0, 0]);
      for (const g of POP_GROUPS) expect(sums(out, g)).toEqual(sums(cells, g));
      const allowed = new Set(cellsOf(to).map((c) => `${c.sex}|${c.age}`));
      for (const c of out) expect(allowed.has(`${c.sex}|${c.age}`)).toBe(true);
      expect(new Set(out.map((c) => `${c.pop_group}|${c.sex}|${c.age}`)).size).toBe(out.length);
    }));
  });
});
