import { POPULATION_TYPE_INFO } from '../vocabulary/index.js';
import type { MethodFlag } from '../figures/index.js';
import type { PopulationType } from '../vocabulary/index.js';

/**
 * Sources of figures as the recommendation reads them: totals by sex collapsed, the latest figure of every
 * series, summed per source and type, and the preferred source among several.
 */

/** One stored figure as the rules see it. */
export interface FigureFact {
  id: string;
  type: PopulationType;
  value: number;
  refDate: string;
  sex: 'total' | 'female' | 'male';
  origin: string | null;
  host: string;
  area: string | null;
  sourceOrg: string;
  sourceDataset: string;
  /** An inclusive total: a migrant stock that also counts refugees. */
  includesProtection: boolean;
  /** The source's method flags: imputed, refugees added, by birthplace or citizenship; conflict or disaster. */
  methodFlags?: readonly MethodFlag[];
  /** Demo data: a real source of the same type always wins over it. */
  demo?: boolean;
  /** The figure's version, so that a kept recommendation names exactly the values it used. */
  version?: number;
}

/** A source's total for one population type over the situation's origin-host pairs. */
export interface SourceTotal {
  type: PopulationType;
  sourceOrg: string;
  sourceDataset: string;
  value: number;
  /** Oldest and newest reference dates among the figures summed. */
  oldestDate: string;
  newestDate: string;
  includesProtection: boolean;
  figureIds: string[];
  /** The figures' versions, in the order of `figureIds`. */
  figureVersions: number[];
  /** The method flags of any of its figures. */
  methodFlags: MethodFlag[];
  /** Demo data: left out wherever a real source of the type exists. */
  demo: boolean;
  /** Where P is taken at an inclusive stock's date: this source's value then, and how it was found. */
  atReference?: { date: string; value: number; method: string; from: string[] };
  /**
   * How the value enters the composition: used as is, as an inclusive total (M = total - P), an alternative
   * source not used, or context (a type outside the composition, such as stateless or host community).
   */
  role: 'used' | 'inclusive-total' | 'alternative' | 'context';
}

export const SEX_TOTAL_KEY = (f: FigureFact) =>
  [f.sourceDataset, f.type, f.origin ?? '', f.host, f.area ?? '', f.refDate, f.includesProtection ? 1 : 0].join('|');
export const SERIES_KEY = (f: FigureFact) => [f.sourceDataset, f.type, f.origin ?? '', f.host, f.area ?? ''].join('|');

/**
 * Totals by sex: where a source gives a total it is used; where it gives only female and male
 * (UN DESA) the total is their sum. Never adds a total to its own parts.
 */
export function collapseSex(figures: readonly FigureFact[]): FigureFact[] {
  const groups = new Map<string, FigureFact[]>();
  for (const f of figures) {
    const k = SEX_TOTAL_KEY(f);
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  const out: FigureFact[] = [];
  for (const g of groups.values()) {
    const total = g.find((f) => f.sex === 'total');
    if (total) out.push(total);
    else {
      const first = g[0]!;
      out.push({ ...first, sex: 'total', id: g.map((f) => f.id).join('+'), value: g.reduce((s, f) => s + f.value, 0) });
    }
  }
  return out;
}

/** A collapsed figure's versions, one per stored figure it stands for. */
const versionsOf = (f: FigureFact) => f.id.split('+').map(() => f.version ?? 1);

/** For each source and type: the latest figure of every origin-host pair (at or before `asOf`), summed. */
export function sourceTotals(figures: readonly FigureFact[], asOf: string): SourceTotal[] {
  const latest = new Map<string, FigureFact>();
  for (const f of collapseSex(figures.filter((x) => x.refDate <= asOf))) {
    const k = SERIES_KEY(f);
    const cur = latest.get(k);
    if (!cur || f.refDate > cur.refDate) latest.set(k, f);
  }
  const totals = new Map<string, SourceTotal>();
  for (const f of latest.values()) {
    const k = [f.sourceDataset, f.type, f.includesProtection ? 1 : 0].join('|');
    const t = totals.get(k);
    if (!t) {
      totals.set(k, {
        type: f.type, sourceOrg: f.sourceOrg, sourceDataset: f.sourceDataset, value: f.value,
        oldestDate: f.refDate, newestDate: f.refDate, includesProtection: f.includesProtection,
        figureIds: f.id.split('+'), figureVersions: versionsOf(f), methodFlags: [...(f.methodFlags ?? [])], demo: f.demo === true, role: 'alternative',
      });
    } else {
      t.value += f.value;
      if (f.refDate < t.oldestDate) t.oldestDate = f.refDate;
      if (f.refDate > t.newestDate) t.newestDate = f.refDate;
      t.figureIds.push(...f.id.split('+'));
      t.figureVersions.push(...versionsOf(f));
      for (const flag of f.methodFlags ?? []) if (!t.methodFlags.includes(flag)) t.methodFlags.push(flag);
      t.demo = t.demo && f.demo === true;
    }
  }
  return [...totals.values()].sort(
    (a, b) => a.type.localeCompare(b.type) || a.sourceDataset.localeCompare(b.sourceDataset),
  );
}

/** The preferred source among several for one type: newest first, then UNHCR (protection) or IOM (migration). */
export function pickSource(candidates: SourceTotal[]): SourceTotal {
  const preferred = (t: SourceTotal) =>
    POPULATION_TYPE_INFO[t.type].agency === 'UNHCR' ? t.sourceOrg === 'unhcr' : t.sourceOrg === 'iom';
  return [...candidates].sort(
    (a, b) =>
      b.oldestDate.localeCompare(a.oldestDate) ||
      Number(preferred(b)) - Number(preferred(a)) ||
      a.sourceDataset.localeCompare(b.sourceDataset),
  )[0]!;
}

