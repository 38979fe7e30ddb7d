import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { Area } from './shared-data.rules.js';

type Q = Kysely<DB>;

/** One provider's count in one place and category: what every kind of shared data is read as. */
export interface SharedCount { provider: string; pcode: string | null; iso3: string | null; category: string; value: number }

/** The first day of the month after `month` (YYYY-MM), for half-open ranges over ISO instants. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Reads of the data an agreement shares: other modules' tables, read only (their owners write them). */
export const sharedDataRepo = {
  /** People reached in one month by the providers' validated 5W reports, by organisation, place and indicator. */
  fiveW: async (q: Q, providerOrgIds: readonly string[], month: string) => {
    if (providerOrgIds.length === 0) return [];
    return q.selectFrom('report_rows').innerJoin('reports', 'reports.id', 'report_rows.report_id').innerJoin('activities', 'activities.id', 'reports.activity_id')
      .select((eb) => ['activities.partner_org_id', 'activities.pcode', 'activities.indicator_code', eb.fn.sum<number | string>('report_rows.reached').as('reached')])
      .where('reports.status', '=', 'validated').where('reports.month', '=', month).where('activities.partner_org_id', 'in', [...providerOrgIds])
      .groupBy(['activities.partner_org_id', 'activities.pcode', 'activities.indicator_code']).execute();
  },

  /**
   * Referrals the providers sent in one month, by provider, country and pathway (their non-personal facts
   * only: referrals carry no place finer than the country they are made in).
   */
  referralAggregates: async (q: Q, providerOrgIds: readonly string[], month: string): Promise<SharedCount[]> => {
    if (providerOrgIds.length === 0) return [];
    const rows = await q.selectFrom('protection_referrals')
      .select((eb) => ['from_org_id', 'country', 'pathway', eb.fn.countAll<number | string>().as('n')])
      .where('from_org_id', 'in', [...providerOrgIds]).where('sent_at', '>=', `${month}-01`).where('sent_at', '<', `${nextMonth(month)}-01`)
      .groupBy(['from_org_id', 'country', 'pathway']).execute();
    return rows.map((r) => ({ provider: r.from_org_id, pcode: null, iso3: r.country, category: r.pathway, value: Number(r.n) }));
  },

  /**
   * People the providers counted passing their monitoring points in one month, by provider, point and
   * measure (flows, never stocks). A point's code is its place when the registry knows it; otherwise the
   * count is placed in the point's country.
   */
  flowCounts: async (q: Q, providerOrgIds: readonly string[], month: string): Promise<SharedCount[]> => {
    if (providerOrgIds.length === 0) return [];
    const rows = await q.selectFrom('movement_counts').innerJoin('movement_points', 'movement_points.id', 'movement_counts.point_id')
      .select((eb) => ['movement_counts.org_id', 'movement_points.code', 'movement_points.country', 'movement_counts.measure', eb.fn.sum<number | string>('movement_counts.value').as('value')])
      .where('movement_counts.org_id', 'in', [...providerOrgIds]).where('movement_counts.month', '=', month)
      .groupBy(['movement_counts.org_id', 'movement_points.code', 'movement_points.country', 'movement_counts.measure']).execute();
    return rows.map((r) => ({ provider: r.org_id, pcode: r.code, iso3: r.country, category: r.measure, value: Number(r.value) }));
  },

  /** These admin areas and all their ancestors. */
  areasWithAncestors: async (q: Q, pcodes: readonly string[]): Promise<Map<string, Area>> => {
    const out = new Map<string, Area>();
    let wanted = [...new Set(pcodes)];
    for (let depth = 0; wanted.length && depth < 6; depth++) {
      const rows = await q.selectFrom('admin_areas').select(['pcode', 'iso3', 'level', 'parent_pcode']).where('pcode', 'in', wanted).execute();
      for (const r of rows) out.set(r.pcode, { pcode: r.pcode, iso3: r.iso3, level: Number(r.level), parent: r.parent_pcode });
      wanted = [...new Set(rows.flatMap((r) => (r.parent_pcode && !out.has(r.parent_pcode) ? [r.parent_pcode] : [])))];
    }
    return out;
  },

  /** The cells the last release of this table suppressed (keys), none before its first release. */
  previousRelease: async (q: Q, tableKey: string): Promise<string[][]> => {
    const r = await q.selectFrom('sharing_releases').select('suppressed').where('table_key', '=', tableKey).executeTakeFirst();
    return r ? (JSON.parse(r.suppressed) as string[][]) : [];
  },

  /** Keeps this release's suppressed cells (which include the last release's) for the next one. */
  keepRelease: (q: Q, tableKey: string, suppressed: readonly string[][], at: string) =>
    q.insertInto('sharing_releases').values({ table_key: tableKey, suppressed: JSON.stringify(suppressed), released_at: at })
      .onConflict((oc) => oc.column('table_key').doUpdateSet({ suppressed: JSON.stringify(suppressed), released_at: at })).execute(),
};
