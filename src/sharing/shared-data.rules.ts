import type { Granularity } from './sharing.rules.js';

/** An admin area as the registry knows it. */
export interface Area { pcode: string; iso3: string; level: number; parent: string | null }

/**
 * The code data at `pcode` is shown under at an agreement's granularity: the country (ISO3) for `country`,
 * the admin-1 ancestor for `admin1`, the admin-2 ancestor (or the admin-1 area itself, when the data is no
 * finer) for `admin2` and `individual`. Coarser data is never made finer. Null when the registry cannot
 * place the area: such data is left out rather than shown finer than agreed. Pure.
 */
export function coarsen(pcode: string, areas: ReadonlyMap<string, Area>, granularity: Granularity): string | null {
  let area = areas.get(pcode);
  if (!area) return null;
  if (granularity === 'country') return area.iso3;
  const level = granularity === 'admin1' ? 1 : 2;
  for (let hops = 0; area.level > level; hops++) {
    if (!area.parent || hops > 10) return null;
    const parent = areas.get(area.parent);
    if (!parent) return null;
    area = parent;
  }
  return area.pcode;
}

/**
 * The code a count is shown under: its P-code coarsened to the granularity when the registry places it;
 * otherwise its country, when it has one (coarser than any agreed granularity, never finer). Null: left out.
 */
export function placeOf(c: { pcode: string | null; iso3: string | null }, areas: ReadonlyMap<string, Area>, granularity: Granularity): string | null {
  return (c.pcode === null ? null : coarsen(c.pcode, areas, granularity)) ?? c.iso3;
}
