/**
 * Counting people reached the way R4V's information-management team does (its published R code; see
 * shared/reference/r4v-consolidation.md), as pure functions: 5W rows in, consolidated report rows out.
 *
 * - Which rows count: by indicator type (a platform's table), optionally only RMRP activities (R4V before 2022-10).
 * - Monthly figures are plain sums per country, admin 1, month and sector; the inter-sector monthly figure is
 *   the plain sum over sectors, whatever the model.
 * - A sector's consolidated figure is the running total over months of its new people per admin 1.
 * - The inter-sector consolidated figure is chosen per country: `sum`, `maxsector`, the southern-cone
 *   `groups` model, or Tandem's `conservative` model (see consolidation.models.ts).
 * - Country = sum of admin 1; regional = sum of countries. Countries reported without admin 1 publish only
 *   their "Country level" rows (computed, as R4V does, as the sum of their admin-1 rows).
 */
import { intersector, type ModelSpec, type Vec } from './consolidation.models.js';
import { COUNTRY_LEVEL, INTERSECTOR, R4V_NO_ADMIN1, R4V_PLATFORMS, R4V_SECTORS, type R4vRow } from './r4v.layout.js';

export { rround, type ModelSpec } from './consolidation.models.js';

/** Positions in a figure vector: monthly total, monthly CVA, new (total), five groups, six sex/age bands, CVA new. */
export const V = { monthly: 0, monthlyCva: 1, total: 2, groups: 3, sexAge: 8, cva: 14, size: 15 } as const;

/**
 * The indicator types that count, per year of a row's Month: R4V counted "PiN" indicators in 2022 and
 * "Direct Assistance" ones from 2023. `byYear` lists the years that have their own types ("2022"); every
 * other year (and a row without a month) takes `default`.
 */
export interface CountTypes { default: readonly string[]; byYear?: Readonly<Record<string, readonly string[]>> }

/** The types that count in a month's year: one list for every year, or the year's own list, else the default. */
export function typesOfYear(types: readonly string[] | CountTypes, month: string): readonly string[] {
  if (Array.isArray(types)) return types;
  const t = types as CountTypes;
  return t.byYear?.[month.slice(0, 4)] ?? t.default;
}

/** Which 5W rows count towards people reached. */
export interface CountRule {
  /** The indicator types that count: one list for every year, or a list per year of the row's Month. */
  types: readonly string[] | CountTypes;
  /** The type of an indicator (by sector and indicator); undefined where the platform's table lacks it (R4V drops such rows). */
  typeOf: (sector: string, indicator: string) => string | undefined;
  /** R4V before October 2022 also required RMRPActivity = "Yes". */
  requireRmrpActivity?: boolean;
}

/** What a consolidation is asked for. */
export interface ConsolidationOptions {
  /** One country (R4V's `countryname`), or every country in the rows. */
  country?: string;
  counts: CountRule;
  /** The inter-sector model of a country (a platform's model with its per-country overrides). */
  modelOf: (country: string) => ModelSpec;
  /** Sectors in the template's order (default R4V's 13). */
  sectors?: readonly string[];
  /** Platform of each country (default R4V's); a country without one has an empty Platform cell. */
  platformOf?: Readonly<Record<string, string>>;
  /**
   * Countries reported without admin 1 (default R4V's eight). Applied whether one country or all are asked
   * for: R4V's code applies it only to a selected country, so its "All" report also lists those countries'
   * admin-1 rows (without a platform, outside its template) — a difference in rows shown, not in figures.
   */
  noAdmin1?: readonly string[];
  /** Add "Regional" rows: per month and sector, the sum of the countries' "Country level" rows. */
  regional?: boolean;
}

/** One row of the consolidated report, in R4V's 23 columns. */
export interface ConsolidatedRow {
  platform: string | null; country: string; admin1: string; month: string; sector: string;
  monthlyTotal: number; monthlyCva: number; total: number;
  inDestination: number; inTransit: number; hostCommunities: number; pendulars: number; returnees: number;
  girls: number; boys: number; women: number; men: number; otherUnder: number; otherAbove: number; cva: number;
  checkPopType: string; checkAgd: string; checkCva: string;
}

const n = (x: number | null) => x ?? 0;

/** The rows that count under a rule (R4V's indicator-type join and filter); each type looked up once. */
export function countingRows(rows: Iterable<R4vRow>, rule: CountRule, country?: string): R4vRow[] {
  // The types of each month's year, and each indicator's type, looked up once (a million rows, a few months).
  const byMonth = new Map<string, ReadonlySet<string>>();
  const memo = new Map<string, Map<string, string | undefined>>();
  const out: R4vRow[] = [];
  for (const r of rows) {
    if (country !== undefined && r.country !== country) continue;
    if (rule.requireRmrpActivity && r.rmrpActivity !== 'Yes') continue;
    let types = byMonth.get(r.month);
    if (!types) byMonth.set(r.month, (types = new Set(typesOfYear(rule.types, r.month))));
    let bySector = memo.get(r.sector);
    if (!bySector) memo.set(r.sector, (bySector = new Map()));
    let type = bySector.get(r.indicator);
    if (type === undefined && !bySector.has(r.indicator)) bySector.set(r.indicator, (type = rule.typeOf(r.sector, r.indicator)));
    if (type !== undefined && types.has(type)) out.push(r);
  }
  return out;
}

/** A 5W row's figures as a vector (empty numbers are 0, as R4V's `replace_na`). */
export function rowVector(r: R4vRow, into: Vec = new Float64Array(V.size)): Vec {
  const cva = r.cva === 'Yes';
  into[V.monthly] = n(r.totalMonthly); into[V.monthlyCva] = cva ? n(r.totalMonthly) : 0; into[V.total] = n(r.newBeneficiaries);
  into[V.groups] = n(r.inDestination); into[V.groups + 1] = n(r.inTransit); into[V.groups + 2] = n(r.hostCommunities);
  into[V.groups + 3] = n(r.pendulars); into[V.groups + 4] = n(r.returnees);
  into[V.sexAge] = n(r.girls); into[V.sexAge + 1] = n(r.boys); into[V.sexAge + 2] = n(r.women); into[V.sexAge + 3] = n(r.men);
  into[V.sexAge + 4] = n(r.otherUnder); into[V.sexAge + 5] = n(r.otherAbove);
  into[V.cva] = cva ? n(r.newBeneficiaries) : 0;
  return into;
}

const add = (a: Vec, b: Vec) => { for (let i = 0; i < V.size; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0); };
const SEP = '\u0000';

/** One admin 1's sector figures for one month. */
export interface SectorCell { admin1: string; month: string; sector: string; v: Vec }

/** Sums counted rows per admin 1, month and sector (R4V's monthly and sector tables). */
export function sectorCells(rows: readonly R4vRow[]): SectorCell[] {
  // Nested maps rather than one joined key: a million rows, no string built per row.
  const cells = new Map<string, Map<string, Map<string, SectorCell>>>();
  const out: SectorCell[] = [];
  for (const r of rows) {
    let byMonth = cells.get(r.admin1);
    if (!byMonth) cells.set(r.admin1, (byMonth = new Map()));
    let bySector = byMonth.get(r.month);
    if (!bySector) byMonth.set(r.month, (bySector = new Map()));
    let c = bySector.get(r.sector);
    if (!c) { bySector.set(r.sector, (c = { admin1: r.admin1, month: r.month, sector: r.sector, v: new Float64Array(V.size) })); out.push(c); }
    const v = c.v;
    const cva = r.cva === 'Yes';
    const total = r.totalMonthly ?? 0;
    const fresh = r.newBeneficiaries ?? 0;
    v[0] = (v[0] ?? 0) + total;
    v[2] = (v[2] ?? 0) + fresh;
    if (cva) { v[1] = (v[1] ?? 0) + total; v[14] = (v[14] ?? 0) + fresh; }
    v[3] = (v[3] ?? 0) + (r.inDestination ?? 0); v[4] = (v[4] ?? 0) + (r.inTransit ?? 0); v[5] = (v[5] ?? 0) + (r.hostCommunities ?? 0);
    v[6] = (v[6] ?? 0) + (r.pendulars ?? 0); v[7] = (v[7] ?? 0) + (r.returnees ?? 0);
    v[8] = (v[8] ?? 0) + (r.girls ?? 0); v[9] = (v[9] ?? 0) + (r.boys ?? 0); v[10] = (v[10] ?? 0) + (r.women ?? 0); v[11] = (v[11] ?? 0) + (r.men ?? 0);
    v[12] = (v[12] ?? 0) + (r.otherUnder ?? 0); v[13] = (v[13] ?? 0) + (r.otherAbove ?? 0);
  }
  return out;
}

/** C-locale order (R's `arrange`, dplyr ≥ 1.1): by UTF-16 code units. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** R4V's three checks on a row's running totals. */
export function outputChecks(r: Pick<ConsolidatedRow, 'total' | 'inDestination' | 'inTransit' | 'hostCommunities' | 'pendulars' | 'returnees' | 'girls' | 'boys' | 'women' | 'men' | 'otherUnder' | 'otherAbove' | 'cva'>) {
  const groups = r.inDestination + r.inTransit + r.hostCommunities + r.pendulars + r.returnees;
  const sexAge = r.girls + r.boys + r.women + r.men + r.otherUnder + r.otherAbove;
  const ok = (sum: number) => r.total === 0 || (r.total > 0 && r.total === sum);
  return {
    checkPopType: ok(groups) ? 'Ok' : 'Check Population Type breakdown',
    checkAgd: ok(sexAge) ? 'Ok' : 'Check AGD breakdown',
    checkCva: r.cva > r.total ? 'CVA Value higher than total' : 'ok',
  };
}

function toRow(platform: string | null, country: string, admin1: string, month: string, sector: string, monthly: Vec, cum: Vec): ConsolidatedRow {
  const g = (i: number) => cum[i] ?? 0;
  const base = {
    platform, country, admin1, month, sector, monthlyTotal: monthly[V.monthly] ?? 0, monthlyCva: monthly[V.monthlyCva] ?? 0, total: g(V.total),
    inDestination: g(V.groups), inTransit: g(V.groups + 1), hostCommunities: g(V.groups + 2), pendulars: g(V.groups + 3), returnees: g(V.groups + 4),
    girls: g(V.sexAge), boys: g(V.sexAge + 1), women: g(V.sexAge + 2), men: g(V.sexAge + 3), otherUnder: g(V.sexAge + 4), otherAbove: g(V.sexAge + 5), cva: g(V.cva),
  };
  return { ...base, ...outputChecks(base) };
}

/** One country's consolidated rows (admin 1 and "Country level"), before the running totals. */
function countryFigures(country: string, rows: readonly R4vRow[], model: ModelSpec) {
  const cells = sectorCells(rows);
  const inter = intersector(country, cells, rows, model);
  const figures = new Map<string, { admin1: string; month: string; sector: string; v: Vec }>();
  const put = (admin1: string, month: string, sector: string, v: Vec) => {
    const key = admin1 + SEP + month + SEP + sector;
    const cur = figures.get(key);
    if (cur) add(cur.v, v);
    else figures.set(key, { admin1, month, sector, v: Float64Array.from(v) });
  };
  for (const c of [...cells, ...inter]) {
    put(c.admin1, c.month, c.sector, c.v);
    // The country level is the sum of the admin-1 rows, sector by sector and for the inter-sector row.
    put(COUNTRY_LEVEL, c.month, c.sector, c.v);
  }
  return figures;
}

/**
 * The consolidated report: every template row (platform, country, admin 1, month, sector and the
 * inter-sector row) with its monthly figures and running totals, in R4V's order (country, admin 1, month,
 * then the template's sector order; rows outside the template after them, with no platform).
 */
export function consolidate(all: Iterable<R4vRow>, opts: ConsolidationOptions): ConsolidatedRow[] {
  const sectors = opts.sectors ?? R4V_SECTORS;
  const platformOf = opts.platformOf ?? R4V_PLATFORMS;
  const noAdmin1 = new Set(opts.noAdmin1 ?? R4V_NO_ADMIN1);
  const byCountry = new Map<string, R4vRow[]>();
  for (const r of countingRows(all, opts.counts, opts.country)) {
    const list = byCountry.get(r.country);
    if (list) list.push(r);
    else byCountry.set(r.country, [r]);
  }
  const out: ConsolidatedRow[] = [];
  for (const country of [...byCountry.keys()].sort(cmp)) {
    const rows = byCountry.get(country) ?? [];
    const figures = countryFigures(country, rows, opts.modelOf(country));
    // The template: the months the country reported, its admin 1s (only "Country level" where it reports
    // without admin 1), every sector and the inter-sector row.
    const months = [...new Set(rows.map((r) => r.month))].sort(cmp);
    const admin1s = noAdmin1.has(country) ? [COUNTRY_LEVEL] : [...new Set([...rows.map((r) => r.admin1), COUNTRY_LEVEL])].sort(cmp);
    const platform = platformOf[country] ?? null;
    const seq: Array<{ admin1: string; month: string; sector: string; platform: string | null; v: Vec }> = [];
    const zero = new Float64Array(V.size);
    const used = new Set<string>();
    for (const admin1 of admin1s) {
      for (const month of months) {
        for (const sector of [...sectors, INTERSECTOR]) {
          const key = admin1 + SEP + month + SEP + sector;
          used.add(key);
          seq.push({ admin1, month, sector, platform, v: figures.get(key)?.v ?? zero });
        }
      }
    }
    // Figures outside the template (a sector it does not list) follow, as R4V's full join leaves them.
    for (const [key, f] of figures) {
      if (used.has(key) || (noAdmin1.has(country) && f.admin1 !== COUNTRY_LEVEL)) continue;
      seq.push({ ...f, platform: null });
    }
    const order = seq.map((s, i) => ({ s, i })).sort((a, b) => cmp(a.s.admin1, b.s.admin1) || cmp(a.s.month, b.s.month) || a.i - b.i);
    const running = new Map<string, Vec>();
    for (const { s } of order) {
      const key = s.admin1 + SEP + s.sector;
      let cum = running.get(key);
      if (!cum) running.set(key, (cum = new Float64Array(V.size)));
      add(cum, s.v);
      out.push(toRow(s.platform, country, s.admin1, s.month, s.sector, s.v, cum));
    }
  }
  return opts.regional ? [...out, ...regionalRows(out)] : out;
}

const SUMMED = ['monthlyTotal', 'monthlyCva', 'total', 'inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees',
  'girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove', 'cva'] as const;

/** Regional rows: per month and sector, the sum of the countries' "Country level" rows (running totals included). */
export function regionalRows(rows: readonly ConsolidatedRow[]): ConsolidatedRow[] {
  const acc = new Map<string, ConsolidatedRow>();
  for (const r of rows) {
    if (r.admin1 !== COUNTRY_LEVEL || r.country === 'Regional') continue;
    const key = r.month + SEP + r.sector;
    let a = acc.get(key);
    if (!a) {
      a = { ...r, platform: 'Regional', country: 'Regional', admin1: COUNTRY_LEVEL };
      for (const k of SUMMED) a[k] = 0;
      acc.set(key, a);
    }
    for (const k of SUMMED) a[k] += r[k];
  }
  return [...acc.values()].map((a) => ({ ...a, ...outputChecks(a) }));
}

/** The inter-sector "Country level" figure of the last month of each country: what a dashboard shows. */
export function latestIntersector(rows: readonly ConsolidatedRow[]): Map<string, ConsolidatedRow> {
  const out = new Map<string, ConsolidatedRow>();
  for (const r of rows) {
    if (r.admin1 !== COUNTRY_LEVEL || r.sector !== INTERSECTOR) continue;
    const cur = out.get(r.country);
    if (!cur || r.month > cur.month) out.set(r.country, r);
  }
  return out;
}
