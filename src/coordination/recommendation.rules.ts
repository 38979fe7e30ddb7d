import {
  INTERNAL_TYPES, POPULATION_TYPE_INFO, PROTECTION_TYPES, type PopulationType,
} from '../vocabulary/index.js';
import type { SituationKind } from '../situations/index.js';
import type { Arrangement } from './arrangements.js';
import type { Policy } from './lead-policy.js';

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
}

export interface RecommendationInput {
  kind: SituationKind;
  origins: readonly string[];
  hosts: readonly string[];
  figures: readonly FigureFact[];
  policy: Policy;
  /** Reference date (YYYY-MM-DD): figures after it are ignored, staleness is measured from it. */
  asOf: string;
}

export const WARNING_CODES = [
  'no_figures', 'stale_figures', 'missing_migrant_source', 'missing_protection_source', 'inclusive_total_below_protection',
  'undifferentiated_dominates', 'sources_disagree',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
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
  /**
   * How the value enters the composition: used as is, as an inclusive total (M = total - P), an alternative
   * source not used, or context (a type outside the composition, such as stateless or host community).
   */
  role: 'used' | 'inclusive-total' | 'alternative' | 'context';
}

export interface Recommendation {
  arrangement: Arrangement;
  provisional: boolean;
  /** P / (P + M), or null when it cannot be computed. */
  share: number | null;
  threshold: number;
  protection: number;
  migrants: number;
  internal: number;
  undifferentiated: number;
  /** Disaster or climate displacement: flagged for the Platform on Disaster Displacement. */
  disasterPlatformFlag: boolean;
  lead: { lead: 'UNHCR' | 'IOM' | null; support: 'UNHCR' | 'IOM' | null; coLeads: Array<'UNHCR' | 'IOM'> };
  inputs: SourceTotal[];
  warnings: Warning[];
  policyVersion: string;
  asOf: string;
}

/** Types shown beside the composition but never part of it (HST never is, R1). */
const CONTEXT_TYPES: readonly PopulationType[] = ['STA', 'RET', 'OOC', 'HST'];

const SEX_TOTAL_KEY = (f: FigureFact) =>
  [f.sourceDataset, f.type, f.origin ?? '', f.host, f.area ?? '', f.refDate, f.includesProtection ? 1 : 0].join('|');
const SERIES_KEY = (f: FigureFact) => [f.sourceDataset, f.type, f.origin ?? '', f.host, f.area ?? ''].join('|');

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
        figureIds: f.id.split('+'), role: 'alternative',
      });
    } else {
      t.value += f.value;
      if (f.refDate < t.oldestDate) t.oldestDate = f.refDate;
      if (f.refDate > t.newestDate) t.newestDate = f.refDate;
      t.figureIds.push(...f.id.split('+'));
    }
  }
  return [...totals.values()].sort(
    (a, b) => a.type.localeCompare(b.type) || a.sourceDataset.localeCompare(b.sourceDataset),
  );
}

/** The preferred source among several for one type: newest first, then UNHCR (protection) or IOM (migration). */
function pickSource(candidates: SourceTotal[]): SourceTotal {
  const preferred = (t: SourceTotal) =>
    POPULATION_TYPE_INFO[t.type].agency === 'UNHCR' ? t.sourceOrg === 'unhcr' : t.sourceOrg === 'iom';
  return [...candidates].sort(
    (a, b) =>
      b.oldestDate.localeCompare(a.oldestDate) ||
      Number(preferred(b)) - Number(preferred(a)) ||
      a.sourceDataset.localeCompare(b.sourceDataset),
  )[0]!;
}

function disagree(a: number, b: number, ratio: number): boolean {
  const hi = Math.max(a, b);
  return hi > 0 && Math.abs(a - b) / hi > ratio;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  return (ty - fy) * 12 + (tm - fm);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * R2: the lead recommendation from a situation's composition.
 * share = P/(P+M) with P = REF+ASY+OIP and M = explicit migrants, or an inclusive total minus P.
 * share >= θ: UNHCR leads; share <= 1-θ: IOM leads; otherwise a co-led platform. Internal displacement
 * goes to the IASC cluster arrangement. Every doubt becomes a warning and makes the result provisional.
 */
export function recommend(input: RecommendationInput): Recommendation {
  const { policy, asOf } = input;
  const warnings: Warning[] = [];
  const totals = sourceTotals(input.figures, asOf);
  const byType = new Map<PopulationType, SourceTotal[]>();
  for (const t of totals) byType.set(t.type, [...(byType.get(t.type) ?? []), t]);

  const chosen = (type: PopulationType, filter: (t: SourceTotal) => boolean = () => true): SourceTotal | undefined => {
    const candidates = (byType.get(type) ?? []).filter(filter);
    if (candidates.length === 0) return undefined;
    const pick = pickSource(candidates);
    pick.role = 'used';
    for (const other of candidates) {
      if (other !== pick && disagree(other.value, pick.value, policy.disagreementRatio)) {
        warnings.push({
          code: 'sources_disagree',
          message:
            `${POPULATION_TYPE_INFO[type].names.en}: ${other.sourceDataset} gives ${fmt(other.value)} ` +
            `but ${pick.sourceDataset} (used) gives ${fmt(pick.value)}.`,
        });
      }
    }
    return pick;
  };

  const sum = (xs: Array<SourceTotal | undefined>) => xs.reduce((s, t) => s + (t?.value ?? 0), 0);
  const protectionTotals = PROTECTION_TYPES.map((t) => chosen(t));
  const P = sum(protectionTotals);
  const internal = sum(INTERNAL_TYPES.map((t) => chosen(t)));
  const undifferentiated = chosen('RMG')?.value ?? 0;
  for (const t of totals) if (CONTEXT_TYPES.includes(t.type)) t.role = 'context';

  let M = 0;
  let migrantSource = false;
  const explicit = chosen('MIG', (t) => !t.includesProtection);
  if (explicit) {
    M = explicit.value;
    migrantSource = true;
  } else {
    const inclusive = chosen('MIG', (t) => t.includesProtection);
    if (inclusive) {
      inclusive.role = 'inclusive-total';
      migrantSource = true;
      M = Math.max(0, inclusive.value - P);
      if (inclusive.value < P) {
        warnings.push({
          code: 'inclusive_total_below_protection',
          message:
            `The inclusive migrant stock (${inclusive.sourceDataset}, ${fmt(inclusive.value)}) is smaller than the ` +
            `international-protection figures (${fmt(P)}); migrants counted as zero.`,
        });
      }
    }
  }

  const used = totals.filter((t) => t.role === 'used' || t.role === 'inclusive-total');
  const stale = used.filter((t) => monthsBetween(t.oldestDate, asOf) > policy.staleMonths);
  if (stale.length > 0) {
    warnings.push({
      code: 'stale_figures',
      message:
        `Figures older than ${policy.staleMonths} months before ${asOf}: ` +
        stale.map((t) => `${t.type} from ${t.sourceDataset} (${t.oldestDate})`).join('; ') + '.',
    });
  }

  const internalOnly = input.kind === 'internal' || (input.kind === 'disaster' && isInternal(input));
  const base = {
    threshold: policy.theta,
    protection: P,
    migrants: M,
    internal,
    undifferentiated,
    disasterPlatformFlag: input.kind === 'disaster',
    inputs: totals,
    warnings,
    policyVersion: policy.version,
    asOf,
  };

  if (internalOnly) {
    if (internal === 0) warnings.push({ code: 'no_figures', message: 'No internal displacement figures found.' });
    return {
      ...base, arrangement: 'cluster', share: null, provisional: warnings.length > 0,
      lead: { lead: null, support: null, coLeads: ['IOM', 'UNHCR'] },
    };
  }

  if (!migrantSource) {
    warnings.push({
      code: 'missing_migrant_source',
      message: 'No migrant figure (MIG) or inclusive migrant stock for this situation: the share assumes no migrants.',
    });
  }
  if (protectionTotals.every((t) => t === undefined)) {
    warnings.push({
      code: 'missing_protection_source',
      message: 'No refugee, asylum-seeker or other international-protection figure from UNHCR or an asylum authority.',
    });
  }
  if (undifferentiated > P + M) {
    warnings.push({
      code: 'undifferentiated_dominates',
      message:
        `Undifferentiated "refugees and migrants" (${fmt(undifferentiated)}) outnumber the differentiated figures ` +
        `(${fmt(P + M)}): the composition is uncertain.`,
    });
  }

  if (P + M === 0) {
    if (warnings.every((w) => w.code !== 'undifferentiated_dominates')) {
      warnings.push({ code: 'no_figures', message: 'No international-protection or migrant figures to compute a share.' });
    }
    return { ...base, arrangement: 'insufficient-data', share: null, provisional: true, lead: { lead: null, support: null, coLeads: [] } };
  }

  const share = P / (P + M);
  const EPS = 1e-12;
  let arrangement: Arrangement;
  let lead: Recommendation['lead'];
  if (share >= policy.theta - EPS) {
    arrangement = 'unhcr-led';
    lead = { lead: 'UNHCR', support: 'IOM', coLeads: [] };
  } else if (share <= 1 - policy.theta + EPS) {
    arrangement = 'iom-led';
    lead = { lead: 'IOM', support: 'UNHCR', coLeads: [] };
  } else {
    arrangement = 'co-led-platform';
    lead = { lead: null, support: null, coLeads: ['IOM', 'UNHCR'] };
  }
  return { ...base, arrangement, share, provisional: warnings.length > 0, lead };
}

function isInternal(input: RecommendationInput): boolean {
  return input.hosts.length > 0 && input.hosts.every((h) => input.origins.includes(h)) &&
    input.origins.every((o) => input.hosts.includes(o));
}
