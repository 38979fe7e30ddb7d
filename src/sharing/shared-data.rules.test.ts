import { describe, expect, it } from 'vitest';
import { coarsen, type Area } from './shared-data.rules.js';

const areas = new Map<string, Area>([
  ['CO54', { pcode: 'CO54', iso3: 'COL', level: 1, parent: null }],
  ['CO54001', { pcode: 'CO54001', iso3: 'COL', level: 2, parent: 'CO54' }],
  ['CO54001X', { pcode: 'CO54001X', iso3: 'COL', level: 3, parent: 'CO54001' }],
  ['CO99001', { pcode: 'CO99001', iso3: 'COL', level: 2, parent: 'CO99' }],
]);

describe('coarsening shared data to the agreed granularity', () => {
  it('shows admin-2 data at admin 1 or at the country when the agreement says so', () => {
    expect(coarsen('CO54001', areas, 'admin1')).toBe('CO54');
    expect(coarsen('CO54001X', areas, 'admin1')).toBe('CO54');
    expect(coarsen('CO54001', areas, 'country')).toBe('COL');
  });
  it('never makes data finer than it is, and leaves out what the registry cannot place', () => {
    expect(coarsen('CO54', areas, 'admin2')).toBe('CO54');
    expect(coarsen('CO54001X', areas, 'admin2')).toBe('CO54001');
    expect(coarsen('CO99001', areas, 'admin1')).toBeNull();
    expect(coarsen('XX', areas, 'country')).toBeNull();
  });
});
