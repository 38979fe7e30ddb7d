/**
 * The inter-sector models, per admin 1 and month, over the sector cells of one country (pure functions).
 * Whatever the model, the inter-sector monthly figures are the plain sums over sectors.
 */
import type { R4vRow } from './r4v.layout.js';
import { INTERSECTOR } from './r4v.layout.js';

export type Vec = Float64Array;
/** Positions in a figure vector (see consolidation.rules.ts `V`). */
const MONTHLY = 0, MONTHLY_CVA = 1, TOTAL = 2, GROUPS = 3, SEX_AGE = 8, CVA = 14, SIZE = 15;

/**
 * Sex/age shares within each population group for one country, admin 1 and sector: 20 numbers, girls,
 * boys, women and men of destination, transit, host community, pendular and returnees (null where the table is empty).
 */
export type Shares = ReadonlyArray<number | null>;
/** A proportions table (R4V's pinproportions or targetproportions sheet), by country, admin 1 and sector. */
export type Proportions = ReadonlyMap<string, Shares>;
export const proportionsKey = (country: string, admin1: string, sector: string) => `${country}\u0000${admin1}\u0000${sector}`;

/**
 * How a missing proportions row (or an empty share) acts. `r4v`: as R4V's code does, the cell is empty
 * and an empty cell makes that cell's maximum empty for the whole admin 1 and month (R's `max` without
 * `na.rm`), which then counts 0 — the fault visible in R4V's 8ed96cf Mexico output. `skip`: the sector
 * without proportions is left out of that cell's maximum.
 */
export type MissingProportions = 'r4v' | 'skip';

/** A group of sectors of the southern-cone (`groups`) model: their highest, or their sum. */
export interface SectorPart { combine: 'max' | 'sum'; sectors: readonly string[] }

/** An inter-sector model, as a platform (or a country's override) declares it. */
export type ModelSpec =
  | { kind: 'sum' }
  | { kind: 'maxsector'; proportions: Proportions; missing?: MissingProportions; countryLevelFallback?: boolean }
  | { kind: 'groups'; parts: readonly SectorPart[]; proportions: Proportions; missing?: MissingProportions; countryLevelFallback?: boolean }
  | { kind: 'conservative' };

/** R's `round(x, 0)`: halves to even (IEC 60559), on the double as computed. */
export function rround(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

interface Cell { admin1: string; month: string; sector: string; v: Vec }

/**
 * The maxsector step over some sector cells of one admin 1 and month: each sector's five groups split by
 * sex and age with its proportions (rounded), the highest sector per group × sex/age cell, and CVA's
 * highest sector; totals are the sums of the cells, the "other" bands 0.
 */
export function maxCells(country: string, cells: readonly Cell[], proportions: Proportions, missing: MissingProportions = 'r4v', countryLevelFallback = false): Vec {
  const best: Array<number | null | undefined> = new Array(20).fill(undefined);
  let cva = -Infinity;
  for (const c of cells) {
    // R4V looks proportions up by the row's own admin 1 only; `countryLevelFallback` (Tandem's option, off by
    // default) uses the country's "Country level" shares where the admin 1 has none.
    const shares = proportions.get(proportionsKey(country, c.admin1, c.sector))
      ?? (countryLevelFallback ? proportions.get(proportionsKey(country, 'Country level', c.sector)) : undefined);
    for (let g = 0; g < 5; g++) {
      const people = c.v[GROUPS + g] ?? 0;
      for (let s = 0; s < 4; s++) {
        const i = g * 4 + s;
        const share = shares?.[i];
        const value = share === null || share === undefined ? null : rround(people * share);
        const cur = best[i];
        if (value === null) { if (missing === 'r4v') best[i] = null; continue; }
        if (cur === null) continue;
        best[i] = cur === undefined ? value : Math.max(cur, value);
      }
    }
    cva = Math.max(cva, c.v[CVA] ?? 0);
  }
  const v = new Float64Array(SIZE);
  for (let i = 0; i < 20; i++) {
    const x = best[i] ?? 0;
    v[GROUPS + Math.floor(i / 4)] = (v[GROUPS + Math.floor(i / 4)] ?? 0) + x;
    v[SEX_AGE + (i % 4)] = (v[SEX_AGE + (i % 4)] ?? 0) + x;
  }
  v[TOTAL] = (v[GROUPS] ?? 0) + (v[GROUPS + 1] ?? 0) + (v[GROUPS + 2] ?? 0) + (v[GROUPS + 3] ?? 0) + (v[GROUPS + 4] ?? 0);
  v[CVA] = cells.length ? cva : 0;
  return v;
}

function addInto(a: Vec, b: Vec, from = 0) { for (let i = from; i < SIZE; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0); }

/** Per admin 1 and month, the inter-sector row by the model (monthly figures: plain sums over sectors). */
export function intersector(country: string, cells: readonly Cell[], rows: readonly R4vRow[], model: ModelSpec): Cell[] {
  const byPlace = new Map<string, Cell[]>();
  for (const c of cells) {
    const key = `${c.admin1}\u0000${c.month}`;
    const list = byPlace.get(key);
    if (list) list.push(c);
    else byPlace.set(key, [c]);
  }
  const conservative = model.kind === 'conservative' ? conservativeIncrements(rows) : undefined;
  const out: Cell[] = [];
  for (const [key, list] of byPlace) {
    const first = list[0];
    if (!first) continue;
    let v: Vec;
    if (model.kind === 'sum') {
      v = new Float64Array(SIZE);
      for (const c of list) addInto(v, c.v);
    } else if (model.kind === 'maxsector') {
      v = maxCells(country, list, model.proportions, model.missing, model.countryLevelFallback);
    } else if (model.kind === 'groups') {
      v = new Float64Array(SIZE);
      for (const part of model.parts) {
        const inPart = list.filter((c) => part.sectors.includes(c.sector));
        if (!inPart.length) continue;
        if (part.combine === 'max') addInto(v, maxCells(country, inPart, model.proportions, model.missing, model.countryLevelFallback), TOTAL);
        else for (const c of inPart) addInto(v, c.v, TOTAL);
      }
    } else {
      v = Float64Array.from(conservative?.get(key) ?? new Float64Array(SIZE));
    }
    v[MONTHLY] = 0; v[MONTHLY_CVA] = 0;
    for (const c of list) { v[MONTHLY] = (v[MONTHLY] ?? 0) + (c.v[MONTHLY] ?? 0); v[MONTHLY_CVA] = (v[MONTHLY_CVA] ?? 0) + (c.v[MONTHLY_CVA] ?? 0); }
    out.push({ admin1: first.admin1, month: first.month, sector: INTERSECTOR, v });
  }
  return out;
}

/** The twelve figures the conservative model maximises: five groups, six sex/age bands, CVA new. */
const DIMS = 12;
/** Adds a row's twelve figures into `a` at `base`, without allocating (a million rows). */
function addDims(a: Float64Array, base: number, r: R4vRow) {
  a[base] = (a[base] ?? 0) + (r.inDestination ?? 0); a[base + 1] = (a[base + 1] ?? 0) + (r.inTransit ?? 0);
  a[base + 2] = (a[base + 2] ?? 0) + (r.hostCommunities ?? 0); a[base + 3] = (a[base + 3] ?? 0) + (r.pendulars ?? 0);
  a[base + 4] = (a[base + 4] ?? 0) + (r.returnees ?? 0); a[base + 5] = (a[base + 5] ?? 0) + (r.girls ?? 0);
  a[base + 6] = (a[base + 6] ?? 0) + (r.boys ?? 0); a[base + 7] = (a[base + 7] ?? 0) + (r.women ?? 0);
  a[base + 8] = (a[base + 8] ?? 0) + (r.men ?? 0); a[base + 9] = (a[base + 9] ?? 0) + (r.otherUnder ?? 0);
  a[base + 10] = (a[base + 10] ?? 0) + (r.otherAbove ?? 0);
  if (r.cva === 'Yes') a[base + 11] = (a[base + 11] ?? 0) + (r.newBeneficiaries ?? 0);
}

/**
 * Tandem's conservative model (its counting rules 2–4 on R4V's rows): each activity's new people summed over
 * months; per place (admin 2 where given, else admin 1) and figure, the highest activity of any sector;
 * places summed within admin 1; population groups added (transit counted as persons, as R4V does). As
 * running figures turned into monthly increments, so that the report's running totals give them back.
 * Never above `sum` when rows' groups add up to their new people (R4V's PopTypeBreakdown check).
 */
export function conservativeIncrements(rows: readonly R4vRow[]): Map<string, Vec> {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  // place → activity → per month figures
  const places = new Map<string, Map<string, { admin1: string; acts: Map<string, Float64Array> }>>();
  for (const r of rows) {
    let byPlace = places.get(r.admin1);
    if (!byPlace) places.set(r.admin1, (byPlace = new Map()));
    let p = byPlace.get(r.admin2 ?? '');
    if (!p) byPlace.set(r.admin2 ?? '', (p = { admin1: r.admin1, acts: new Map() }));
    const actKey = `${r.appealingOrg}\u0000${r.implementingPartner ?? ''}\u0000${r.sector}\u0000${r.indicator}\u0000${r.activityName}`;
    let a = p.acts.get(actKey);
    if (!a) p.acts.set(actKey, (a = new Float64Array(months.length * DIMS)));
    addDims(a, (monthIndex.get(r.month) ?? 0) * DIMS, r);
  }
  // per admin 1 and month, the conservative running figure (sum over places of the highest activity)
  const running = new Map<string, Float64Array>();
  for (const p of [...places.values()].flatMap((m) => [...m.values()])) {
    const acts = [...p.acts.values()];
    const cum = acts.map(() => new Float64Array(DIMS));
    let fig = running.get(p.admin1);
    if (!fig) running.set(p.admin1, (fig = new Float64Array(months.length * DIMS)));
    for (let m = 0; m < months.length; m++) {
      for (let i = 0; i < DIMS; i++) {
        let best = 0;
        for (let k = 0; k < acts.length; k++) {
          const c = cum[k];
          const a = acts[k];
          if (!c || !a) continue;
          c[i] = (c[i] ?? 0) + (a[m * DIMS + i] ?? 0);
          best = k === 0 ? (c[i] ?? 0) : Math.max(best, c[i] ?? 0);
        }
        fig[m * DIMS + i] = (fig[m * DIMS + i] ?? 0) + best;
      }
    }
  }
  const out = new Map<string, Vec>();
  for (const [admin1, fig] of running) {
    for (let m = 0; m < months.length; m++) {
      const v = new Float64Array(SIZE);
      for (let i = 0; i < DIMS; i++) {
        const inc = (fig[m * DIMS + i] ?? 0) - (m ? fig[(m - 1) * DIMS + i] ?? 0 : 0);
        if (i < 5) v[GROUPS + i] = inc;
        else if (i < 11) v[SEX_AGE + i - 5] = inc;
        else v[CVA] = inc;
      }
      v[TOTAL] = (v[GROUPS] ?? 0) + (v[GROUPS + 1] ?? 0) + (v[GROUPS + 2] ?? 0) + (v[GROUPS + 3] ?? 0) + (v[GROUPS + 4] ?? 0);
      out.set(`${admin1}\u0000${months[m]}`, v);
    }
  }
  return out;
}
