import {
  INTERNAL_TYPES, POPULATION_TYPE_INFO, PROTECTION_TYPES, type PopulationType,
} from '../vocabulary/index.js';
import type { SituationKind } from '../situations/index.js';
import type { Arrangement } from './arrangements.js';
import { valueAt, type DatedValue } from './alignment.rules.js';
import { collapseSex, pickSource, SERIES_KEY, sourceTotals, type FigureFact, type SourceTotal } from './sources.rules.js';

export { collapseSex, sourceTotals, type FigureFact, type SourceTotal };
import type { Policy } from './lead-policy.js';


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
  'undifferentiated_dominates', 'sources_disagree', 'dates_misaligned', 'imputed_stock',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  /** The warning in English, with its figures. */
  message: string;
  /** The same figures by name, so that an interface can say it in its reader's language. */
  params: Record<string, string | number>;
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
  /** When migrants come from an inclusive stock: its date, at which P (and so the share) is taken. */
  referenceDate: string | null;
}

/** Types shown beside the composition but never part of it (HST never is, R1). */
const CONTEXT_TYPES: readonly PopulationType[] = ['STA', 'RET', 'OOC', 'HST'];

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
  // Displacement by conflict and by disaster are different caseloads: an internal situation reads the
  // first, a disaster situation the second (DTM tells them apart).
  const cause = input.kind === 'disaster' ? 'conflict' : 'disaster';
  const figures = input.kind === 'cross-border' ? input.figures : input.figures.filter((f) => !(f.methodFlags ?? []).includes(cause));
  const totals = sourceTotals(figures, asOf);
  const byType = new Map<PopulationType, SourceTotal[]>();
  for (const t of totals) byType.set(t.type, [...(byType.get(t.type) ?? []), t]);

  const chosen = (type: PopulationType, filter: (t: SourceTotal) => boolean = () => true): SourceTotal | undefined => {
    const all = (byType.get(type) ?? []).filter(filter);
    // A real source always wins over demo data of the same type.
    const candidates = all.some((t) => !t.demo) ? all.filter((t) => !t.demo) : all;
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
          params: { type, other: other.sourceDataset, otherValue: other.value, used: pick.sourceDataset, usedValue: pick.value },
        });
      }
    }
    return pick;
  };

  const sum = (xs: Array<SourceTotal | undefined>) => xs.reduce((s, t) => s + (t?.value ?? 0), 0);
  const protectionTotals = PROTECTION_TYPES.map((t) => chosen(t));
  let P = sum(protectionTotals);
  let referenceDate: string | null = null;
  // True when P at the stock's date cannot be known (only later figures): no share is computed then.
  let protectionUnknown = false;
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
      // One reference date: P is taken at the stock's date, never a later figure alone (alignment.rules.ts).
      referenceDate = inclusive.newestDate;
      const aligned = protectionAt(referenceDate, protectionTotals, figures, policy.alignmentMonths, warnings);
      P = aligned.value;
      protectionUnknown = aligned.unknown;
      if (inclusive.methodFlags.includes('imputed')) {
        warnings.push({
          code: 'imputed_stock',
          message: `The migrant stock (${inclusive.sourceDataset}, ${inclusive.newestDate}) is imputed for at least one origin: its publisher estimated it without a count, so migrants derived from it are uncertain.`,
          params: { dataset: inclusive.sourceDataset, date: inclusive.newestDate },
        });
      }
      M = Math.max(0, inclusive.value - P);
      if (inclusive.value < P) {
        warnings.push({
          code: 'inclusive_total_below_protection',
          message:
            `The inclusive migrant stock (${inclusive.sourceDataset}, ${fmt(inclusive.value)}) is smaller than the ` +
            `international-protection figures (${fmt(P)}); migrants counted as zero.`,
          params: { dataset: inclusive.sourceDataset, stock: inclusive.value, protection: P },
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
      params: { months: policy.staleMonths, asOf, figures: stale.map((t) => `${t.type} ${t.sourceDataset} ${t.oldestDate}`).join('; ') },
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
    referenceDate,
  };

  if (internalOnly) {
    if (internal === 0) warnings.push({ code: 'no_figures', message: 'No internal displacement figures found.', params: {} });
    return {
      ...base, arrangement: 'cluster', share: null, provisional: warnings.length > 0,
      lead: { lead: null, support: null, coLeads: ['IOM', 'UNHCR'] },
    };
  }

  if (!migrantSource) {
    warnings.push({
      code: 'missing_migrant_source',
      message: 'No migrant figure (MIG) or inclusive migrant stock for this situation: the share assumes no migrants.', params: {},
    });
  }
  if (protectionTotals.every((t) => t === undefined)) {
    warnings.push({
      code: 'missing_protection_source',
      message: 'No refugee, asylum-seeker or other international-protection figure from UNHCR or an asylum authority.', params: {},
    });
  }
  if (undifferentiated > P + M) {
    warnings.push({
      code: 'undifferentiated_dominates',
      message:
        `Undifferentiated "refugees and migrants" (${fmt(undifferentiated)}) outnumber the differentiated figures ` +
        `(${fmt(P + M)}): the composition is uncertain.`,
      params: { undifferentiated, differentiated: P + M },
    });
  }

  if (protectionUnknown) {
    return { ...base, arrangement: 'insufficient-data', share: null, provisional: true, lead: { lead: null, support: null, coLeads: [] } };
  }

  if (P + M === 0) {
    if (warnings.every((w) => w.code !== 'undifferentiated_dominates')) {
      warnings.push({ code: 'no_figures', message: 'No international-protection or migrant figures to compute a share.', params: {} });
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

/**
 * P at date t: each chosen protection source's series (origin, host, area) taken at t (alignment.rules.ts),
 * summed. A series with nothing within the window of t makes the result provisional, naming both dates.
 */
function protectionAt(t: string, chosenTotals: ReadonlyArray<SourceTotal | undefined>, figures: readonly FigureFact[], windowMonths: number, warnings: Warning[]) {
  const used = chosenTotals.filter((x): x is SourceTotal => x !== undefined);
  const seriesOf = (total: SourceTotal) => {
    const series = new Map<string, DatedValue[]>();
    for (const f of collapseSex(figures.filter((x) => x.sourceDataset === total.sourceDataset && x.type === total.type && !x.includesProtection))) {
      const k = SERIES_KEY(f).split('|').slice(2).join('|');
      series.set(k, [...(series.get(k) ?? []), { date: f.refDate, value: f.value }]);
    }
    return series;
  };
  const all = used.map((total) => ({ total, series: seriesOf(total) }));
  // A place (origin, host, area) is covered at t when some protection type has a figure at or before t
  // within the window: a type absent there then is absent (0), not unknown. A place with only later
  // figures is unknown at t.
  const covered = new Set<string>();
  for (const { series } of all) {
    for (const [k, points] of series) if (points.some((p) => p.date <= t && valueAt([p], t, windowMonths).method !== 'misaligned')) covered.add(k);
  }
  let P = 0;
  let unknown = false;
  const off: string[] = [];
  for (const { total, series } of all) {
    let value = 0;
    const methods = new Set<string>();
    const from = new Set<string>();
    for (const [k, points] of series) {
      const v = valueAt(points, t, windowMonths);
      const method = v.method === 'missing' && covered.has(k) ? 'absent' : v.method;
      value += v.value;
      methods.add(method);
      for (const d of v.from) from.add(d);
      if (method === 'misaligned' || method === 'missing') off.push(`${total.type} from ${total.sourceDataset} (${v.from.join(', ') || 'none'}${method === 'missing' ? ', after it' : ''})`);
      if (method === 'missing') unknown = true;
    }
    total.atReference = { date: t, value, method: [...methods].sort().join('+'), from: [...from].sort() };
    P += value;
  }
  if (off.length) {
    warnings.push({
      code: 'dates_misaligned',
      message: `The migrant stock is dated ${t}, but no international-protection figure lies within ${windowMonths} months of it for ` +
        `${[...new Set(off)].join('; ')}: ${unknown ? `P at ${t} is unknown (a later figure alone is never used), so no share is computed` : `P at ${t} is carried from an older figure, so M and the share are uncertain`}.`,
      params: { date: t, months: windowMonths, figures: [...new Set(off)].join('; '), unknown: unknown ? 'yes' : 'no' },
    });
  }
  return { value: P, unknown };
}

function isInternal(input: RecommendationInput): boolean {
  return input.hosts.length > 0 && input.hosts.every((h) => input.origins.includes(h)) &&
    input.origins.every((o) => input.hosts.includes(o));
}
