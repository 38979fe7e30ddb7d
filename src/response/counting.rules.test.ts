import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkReportedCell, consolidateActivities, countPeople, monthActivities, monthsBetween, POP_GROUPS, timesAssistedInTransit,
  type ReportedRow,
} from './counting.rules.js';

const row = (o: Partial<ReportedRow>): ReportedRow => ({
  activityId: 'a1', sectorId: 'protection', area: 'CO11', group: 'in_destination', month: '2025-01', reached: 10, newReached: 10, pin: true, ...o,
});

describe('counting people reached', () => {
  it('consolidates an activity as the sum of its new people over the months, not of its monthly totals', () => {
    const rows = [row({ month: '2025-01', reached: 100, newReached: 100 }), row({ month: '2025-02', reached: 120, newReached: 30 }), row({ month: '2025-03', reached: 90, newReached: 5 })];
    expect(consolidateActivities(rows)[0]!.value).toBe(135);
    expect(consolidateActivities(rows, '2025-02')[0]!.value).toBe(130);
    expect(monthActivities(rows, '2025-02')[0]!.value).toBe(120);
  });

  it('takes the highest activity within a sector, area and group, or the sum when activities are declared disjoint', () => {
    const rows = [row({ activityId: 'a1', newReached: 40, reached: 40 }), row({ activityId: 'a2', newReached: 70, reached: 70 })];
    expect(countPeople(consolidateActivities(rows), 'max').interSector).toBe(70);
    expect(countPeople(consolidateActivities(rows), 'sum').interSector).toBe(110);
  });

  it('sums a sector over areas, and takes the highest sector per area for the inter-sector figure', () => {
    const rows = [
      row({ activityId: 'p1', sectorId: 'protection', area: 'CO11', newReached: 50, reached: 50 }),
      row({ activityId: 'p2', sectorId: 'protection', area: 'CO54', newReached: 20, reached: 20 }),
      row({ activityId: 'h1', sectorId: 'health', area: 'CO11', newReached: 80, reached: 80 }),
      row({ activityId: 'h2', sectorId: 'health', area: 'CO54', newReached: 5, reached: 5 }),
    ];
    const c = countPeople(consolidateActivities(rows), 'max');
    expect(c.bySector).toEqual({ health: 85, protection: 70 });
    expect(c.byArea).toEqual({ CO11: 80, CO54: 20 });
    expect(c.interSector).toBe(100);
  });

  it('counts people in transit as times assisted, apart, and never among persons; leaves out activities without the PiN flag', () => {
    const rows = [
      row({ group: 'in_transit', reached: 300, newReached: 300, month: '2025-01' }), row({ group: 'in_transit', reached: 200, newReached: 0, month: '2025-02' }),
      row({ activityId: 'nopin', pin: false, newReached: 999, reached: 999 }), row({ activityId: 'a9', newReached: 7, reached: 7 }),
    ];
    expect(timesAssistedInTransit(rows)).toBe(500);
    expect(countPeople(consolidateActivities(rows), 'max').interSector).toBe(7);
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
  // An activity is in one sector and one area: derive them from its id so that generated rows are consistent.
  const consistent = (rows: ReportedRow[]) => rows.map((r) => {
    const n = Number(r.activityId.slice(1));
    return { ...r, sectorId: ['protection', 'health', 'wash'][n % 3]!, area: ['CO11', 'CO54', 'CO44'][n % 3 === 0 ? 0 : n % 2]!, pin: n !== 5 || r.pin };
  });

  it('never reports more consolidated people than the sum of the monthly totals (property)', () => {
    fc.assert(fc.property(rowsArb, fc.constantFrom<'max' | 'sum'>('max', 'sum'), (raw, counting) => {
      const rows = consistent(raw);
      const monthly = rows.filter((r) => r.pin && r.group !== 'in_transit').reduce((s, r) => s + r.reached, 0);
      const c = countPeople(consolidateActivities(rows), counting);
      expect(c.interSector).toBeLessThanOrEqual(monthly);
      for (const v of Object.values(c.bySector)) expect(v).toBeLessThanOrEqual(monthly);
    }));
  });

  it('never reports an inter-sector figure above the sum of the sectors (property)', () => {
    fc.assert(fc.property(rowsArb, fc.constantFrom<'max' | 'sum'>('max', 'sum'), (raw, counting) => {
      const c = countPeople(consolidateActivities(consistent(raw)), counting);
      expect(c.interSector).toBeLessThanOrEqual(Object.values(c.bySector).reduce((s, v) => s + v, 0));
      expect(Object.values(c.byArea).reduce((s, v) => s + v, 0)).toBe(c.interSector);
      expect(Object.values(c.byGroup).reduce((s, v) => s + v, 0)).toBe(c.interSector);
    }));
  });

  it('gives the same result whatever order months and rows arrive in (property)', () => {
    fc.assert(fc.property(rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
      fc.constantFrom('2025-02', '2025-04'), ([a, b], until) => {
        const [x, y] = [consistent(a), consistent(b)];
        expect(countPeople(consolidateActivities(y, until), 'max')).toEqual(countPeople(consolidateActivities(x, until), 'max'));
        expect(countPeople(monthActivities(y, until), 'sum')).toEqual(countPeople(monthActivities(x, until), 'sum'));
        expect(timesAssistedInTransit(y, until)).toBe(timesAssistedInTransit(x, until));
      }));
  });
});
