/**
 * Disclosure control of R4V's consolidated report as the public reads it (R6: aggregates are published with
 * disclosure control), pure: the report's rows in, the same rows with hidden figures as `null` out. The same
 * rows feed the JSON, XLSX and HXL exports, so every format hides the same cells.
 *
 * - Primary: every figure (monthly, running total, group, sex/age band, CVA) with 0 < value < k, in every row:
 *   admin 1, "Country level", inter-sector and "Regional" alike (a country reported without admin 1 publishes
 *   only its country level, which is then the only place its small numbers are).
 * - Secondary, on the report's published equations ("lines", each a total and the cells that add up to it):
 *   the admin 1s of a country for one month, sector and figure, whose total is the "Country level" row; the
 *   countries' "Country level" rows for one month, sector and figure, whose total is the "Regional" row; in
 *   each row, the five population groups and the six sex/age bands, whose total is Consolidated Total; the
 *   sectors of one admin 1 and month, whose total is the inter-sector row (for the monthly figures always, for
 *   the running figures where the country's model adds sectors). While a line whose total is published holds
 *   exactly one hidden cell, its smallest published non-zero cell is hidden too (else its total, else a zero),
 *   as src/figures/small-areas.rules.ts does for admin areas, until no line needs it.
 * This is the "lines" guarantee of the disclosure kit: no single line recovers a hidden figure. Not covered:
 * combinations of several lines, and the running totals of consecutive months (their difference is a month's
 * new people, which the report does not publish).
 */
import type { ConsolidatedRow } from './consolidation.rules.js';
import { COUNTRY_LEVEL, INTERSECTOR } from './r4v.layout.js';

/** The report's figures, in R4V's column order. */
export const FIGURES = [
  'monthlyTotal', 'monthlyCva', 'total', 'inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees',
  'girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove', 'cva',
] as const;
export type Figure = (typeof FIGURES)[number];
/** A consolidated row as published: a hidden figure is null. */
export type ShownRow = Omit<ConsolidatedRow, Figure> & { [F in Figure]: number | null };

export const REGIONAL = 'Regional';
const F = FIGURES.length;
const COL = new Map<Figure, number>(FIGURES.map((f, i) => [f, i]));
const col = (f: Figure) => COL.get(f) ?? 0;
const GROUPS: readonly Figure[] = ['inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees'];
const SEX_AGE: readonly Figure[] = ['girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove'];
const MONTHLY: readonly Figure[] = ['monthlyTotal', 'monthlyCva'];

/** A published equation: the cells (row × figure, as `row * F + figure`) that add up to the total. */
export interface Line { cells: number[]; total: number }

export interface DisclosureOptions {
  /** Whether a country's inter-sector running figures are the sum of its sectors (the `sum` model); "Regional" is asked too. */
  sumOfSectors?: (country: string) => boolean;
}

/** The report's published equations over its rows (cells numbered `row * FIGURES.length + figure`). */
export function linesOf(rows: readonly ConsolidatedRow[], opts: DisclosureOptions = {}): Line[] {
  const sep = '\u0000';
  const at = new Map<string, number>();
  rows.forEach((r, i) => at.set([r.country, r.admin1, r.month, r.sector].join(sep), i));
  const groupBy = (keyOf: (r: ConsolidatedRow) => string | null) => {
    const out = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const key = keyOf(r);
      if (key === null) return;
      const list = out.get(key);
      if (list) list.push(i); else out.set(key, [i]);
    });
    return out;
  };
  const lines: Line[] = [];
  const addLines = (members: readonly number[], total: number | undefined, figures: readonly Figure[]) => {
    if (total === undefined || members.length === 0) return;
    for (const f of figures) {
      const j = col(f);
      lines.push({ cells: members.map((i) => i * F + j), total: total * F + j });
    }
  };
  // The admin 1s of a country, whose total is its "Country level" row.
  for (const [key, members] of groupBy((r) => (r.admin1 === COUNTRY_LEVEL ? null : [r.country, r.month, r.sector].join(sep)))) {
    const [country = '', month = '', sector = ''] = key.split(sep);
    addLines(members, at.get([country, COUNTRY_LEVEL, month, sector].join(sep)), FIGURES);
  }
  // The countries, whose total is the "Regional" row.
  for (const [key, members] of groupBy((r) => (r.admin1 !== COUNTRY_LEVEL || r.country === REGIONAL ? null : [r.month, r.sector].join(sep)))) {
    const [month = '', sector = ''] = key.split(sep);
    addLines(members, at.get([REGIONAL, COUNTRY_LEVEL, month, sector].join(sep)), FIGURES);
  }
  // The sectors of an admin 1 and month, whose total is the inter-sector row.
  for (const [key, members] of groupBy((r) => (r.sector === INTERSECTOR ? null : [r.country, r.admin1, r.month].join(sep)))) {
    const [country = '', admin1 = '', month = ''] = key.split(sep);
    const figures = opts.sumOfSectors?.(country) ? FIGURES : MONTHLY;
    addLines(members, at.get([country, admin1, month, INTERSECTOR].join(sep)), figures);
  }
  // Within each row, the population groups and the sex/age bands, whose total is Consolidated Total.
  rows.forEach((_, i) => {
    lines.push({ cells: GROUPS.map((f) => i * F + col(f)), total: i * F + col('total') });
    lines.push({ cells: SEX_AGE.map((f) => i * F + col(f)), total: i * F + col('total') });
  });
  return lines;
}

/** The cells to hide (primary and secondary), as a flag per cell. Depends on the rows' values and keys, never on their order. */
export function hiddenCells(rows: readonly ConsolidatedRow[], k: number, opts: DisclosureOptions = {}): Uint8Array {
  const values = new Float64Array(rows.length * F);
  rows.forEach((r, i) => FIGURES.forEach((f, j) => { values[i * F + j] = r[f]; }));
  // A cell's rank in the canonical order of rows (by country, admin 1, month, sector): ties broken by it.
  const order = rows.map((r, i) => ({ i, key: [r.country, r.admin1, r.month, r.sector].join('\u0000') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rank = new Int32Array(rows.length);
  order.forEach((o, n) => { rank[o.i] = n; });
  const tie = (c: number) => rank[Math.floor(c / F)]! * F + (c % F);
  const before = (a: number, b: number) => values[a]! - values[b]! || tie(a) - tie(b);

  const hidden = new Uint8Array(values.length);
  for (let c = 0; c < values.length; c++) if (values[c]! > 0 && values[c]! < k) hidden[c] = 1;
  const lines = linesOf(rows, opts);
  for (const line of lines) line.cells.sort(before);
  lines.sort((a, b) => before(a.cells[0]!, b.cells[0]!) || before(a.total, b.total));
  // The lines each cell is on (as a cell or as the total), to visit again those a newly hidden cell is on.
  const degree = new Int32Array(values.length + 1);
  for (const l of lines) { for (const c of l.cells) degree[c + 1]!++; degree[l.total + 1]!++; }
  for (let c = 0; c < values.length; c++) degree[c + 1]! += degree[c]!;
  const on = new Int32Array(degree[values.length]!);
  const fill = degree.slice(0, values.length);
  lines.forEach((l, n) => { for (const c of l.cells) on[fill[c]!++] = n; on[fill[l.total]!++] = n; });
  // Lines visited in canonical order, then as their cells are hidden (first in, first out), as the kit does.
  const queue: number[] = lines.map((_, n) => n);
  const queued = new Uint8Array(lines.length).fill(1);
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    queued[n] = 0;
    const { cells, total } = lines[n]!;
    if (hidden[total]) continue;
    let count = 0;
    for (const c of cells) if (hidden[c]) count++;
    if (count !== 1) continue;
    const next = cells.find((c) => !hidden[c] && values[c]! > 0) ?? (values[total]! > 0 ? total : cells.find((c) => !hidden[c]));
    if (next === undefined) continue;
    hidden[next] = 1;
    for (let e = degree[next]!; e < degree[next + 1]!; e++) {
      const m = on[e]!;
      if (!queued[m]) { queued[m] = 1; queue.push(m); }
    }
  }
  return hidden;
}

/** The report as published to a reader outside the platform: hidden figures null, and how many are hidden. */
export function discloseConsolidated(rows: readonly ConsolidatedRow[], k: number, opts: DisclosureOptions = {}): { rows: ShownRow[]; hidden: number } {
  const hide = hiddenCells(rows, k, opts);
  let hidden = 0;
  const shown = rows.map((r, i) => {
    const out: ShownRow = { ...r };
    FIGURES.forEach((f, j) => { if (hide[i * F + j]) { out[f] = null; hidden++; } });
    return out;
  });
  return { rows: shown, hidden };
}
