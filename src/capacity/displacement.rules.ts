/**
 * R8, pure: which arrangement a situation can record, and which agency takes part in which cluster. The
 * arrangement itself is recorded per situation, never hard-coded (in conflicts UNHCR usually leads
 * protection, shelter and CCCM; in disasters IOM leads CCCM: that is data the agencies enter).
 */
import { CLUSTERS, type Cluster } from './capacity.vocabulary.js';

export type SituationKindLike = 'cross-border' | 'internal' | 'disaster';

/**
 * Internal displacement is coordinated through the IASC clusters; so is displacement by a disaster inside
 * a country, which is also flagged for the Platform on Disaster Displacement. A cross-border situation has
 * neither (its arrangement is R2's: a lead agency or a co-led platform).
 */
export function arrangementsAllowed(kind: SituationKindLike): { clusters: boolean; disaster: boolean } {
  return { clusters: kind === 'internal' || kind === 'disaster', disaster: kind === 'disaster' };
}

export interface ClusterEntry { cluster: Cluster; leadSlug: string; coLeadSlug: string | null; engaged: readonly ('iom' | 'unhcr')[] }

/** The agencies taking part in a cluster: those named, and IOM or UNHCR whenever it leads or co-leads it. */
export function engagedIn(e: Pick<ClusterEntry, 'leadSlug' | 'coLeadSlug' | 'engaged'>): Array<'iom' | 'unhcr'> {
  const set = new Set(e.engaged);
  for (const s of [e.leadSlug, e.coLeadSlug]) if (s === 'iom' || s === 'unhcr') set.add(s);
  return (['iom', 'unhcr'] as const).filter((a) => set.has(a));
}

/** The clusters each agency takes part in, in the vocabulary's order: "which agency is engaged in what". */
export function engagementByAgency(entries: readonly ClusterEntry[]): { iom: Cluster[]; unhcr: Cluster[] } {
  const sorted = [...entries].sort((a, b) => CLUSTERS.indexOf(a.cluster) - CLUSTERS.indexOf(b.cluster));
  return {
    iom: sorted.filter((e) => engagedIn(e).includes('iom')).map((e) => e.cluster),
    unhcr: sorted.filter((e) => engagedIn(e).includes('unhcr')).map((e) => e.cluster),
  };
}

/** A calendar date that exists (`2025-02-30` does not): the check every schema's `date` format uses. */
export { isCalendarDay as isRealDate } from '../core/validate.js';
