import { POPULATION_TYPE_INFO, type PopulationGroup, type PopulationType } from '../vocabulary/index.js';
import type { SourceTotal } from './recommendation.rules.js';

export interface GroupTotals {
  international_protection: number;
  migration: number;
  internal: number;
  other: number;
  host: number;
}

/**
 * Totals by group from the sources chosen for the composition. Migration counts explicit migrant figures;
 * an inclusive stock is reported separately by the recommendation, never added to a group total.
 */
export function groupTotals(totals: readonly SourceTotal[]): GroupTotals {
  const out: GroupTotals = { international_protection: 0, migration: 0, internal: 0, other: 0, host: 0 };
  const seen = new Set<PopulationType>();
  for (const t of totals) {
    if (t.role === 'alternative' || t.role === 'inclusive-total' || seen.has(t.type)) continue;
    seen.add(t.type);
    const group: PopulationGroup = POPULATION_TYPE_INFO[t.type].group;
    out[group] += t.value;
  }
  return out;
}

export interface AgencyPopulations {
  UNHCR: Array<{ type: PopulationType; value: number; source: string; date: string; derived?: string }>;
  IOM: Array<{ type: PopulationType; value: number; source: string; date: string; derived?: string }>;
}

/**
 * R4: whoever leads, UNHCR keeps responsibility for refugees and IOM for migrants; a situation shows both.
 * IOM's migrants may come from an inclusive stock minus the protection figures, and then say so.
 */
export function agencyPopulations(totals: readonly SourceTotal[], migrantsFromComposition: number, kind: 'cross-border' | 'internal' | 'disaster' = 'cross-border'): AgencyPopulations {
  const out: AgencyPopulations = { UNHCR: [], IOM: [] };
  for (const t of totals) {
    if (t.role !== 'used' && t.role !== 'context') continue;
    const info = POPULATION_TYPE_INFO[t.type];
    const entry = { type: t.type, value: t.value, source: t.sourceDataset, date: t.newestDate };
    if (info.group === 'internal' && kind !== 'cross-border') {
      // R8: internal displacement is the IASC cluster arrangement's, in which both agencies are engaged.
      const derived = 'internal displacement: IASC cluster arrangement, both agencies engaged';
      out.UNHCR.push({ ...entry, derived });
      out.IOM.push({ ...entry, derived });
      continue;
    }
    if (info.agency === 'UNHCR') out.UNHCR.push(entry);
    if (info.agency === 'IOM') out.IOM.push(entry);
  }
  const inclusive = totals.find((t) => t.role === 'inclusive-total');
  if (inclusive && out.IOM.length === 0) {
    out.IOM.push({
      type: 'MIG', value: migrantsFromComposition, source: inclusive.sourceDataset, date: inclusive.newestDate,
      derived: 'inclusive migrant stock minus international-protection figures',
    });
  }
  return out;
}
