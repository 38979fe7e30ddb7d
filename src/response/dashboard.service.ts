import type { Kysely } from 'kysely';
import type { PlatformService } from '../coordination/index.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { answerCache } from '../core/cache.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { countPeople, isMonth, POP_GROUPS, type ActivityFigure, type Counting, type PopGroup } from './counting.rules.js';
import { dashboardRepo as repo } from './dashboard.repo.js';
import { planRepo } from './plan.repo.js';
import type { Include } from './response.schemas.js';

const COUNTINGS = ['max', 'sum'] as const;

/** One dashboard as a long table: what is counted, along which dimension, for which key, and the value. */
export interface DashboardRow { measure: string; dimension: string; key: string; value: number }

/** Rule 4 for one month over its cells (already combined by rule 3), and the month's times assisted in transit. */
function monthFromCells(cells: Array<{ sectorId: string; area: string; group: PopGroup; value: number; total: number }>) {
  const c = countPeople(cells.map((x) => ({ activityId: `${x.sectorId}|${x.area}|${x.group}`, ...x })), 'max');
  const transit = cells.filter((x) => x.group === 'in_transit').reduce((s, x) => s + x.total, 0);
  return { count: c, transit };
}

/**
 * What a plan's dashboard shows, by the counting rules: people reached (consolidated) and targets by sector,
 * area and group and inter-sector; times people in transit were assisted; each month's figures on their
 * own; per partner the sum of its activities (labelled: the same people may be counted in several);
 * requirements and funding by sector and partner.
 */
export function createDashboardService(deps: { db: Kysely<DB>; platforms: Pick<PlatformService, 'byRef' | 'sectors'> }) {
  const { db } = deps;
  // A dashboard is public and read far more often than reports change: kept until a report, an activity
  // or a closed month changes (`invalidate`), or five seconds (another server's change).
  const answers = answerCache<Awaited<ReturnType<typeof dashboard>>>({ ttlMs: 5_000 });

  async function planAndPlatform(planId: string) {
    const plan = await planRepo.plan(db, planId);
    if (!plan) throw new NotFoundError('plan', planId);
    const platform = await deps.platforms.byRef(plan.platform_id);
    const sectors = await deps.platforms.sectors(platform.id);
    return { plan, platform, counting: member(COUNTINGS, platform.counting), code: new Map(sectors.map((s) => [s.id, s.code])) };
  }

  /** The heavy step in the database: each PiN activity's new people per group up to `until` (rule 2). */
  async function consolidated(planId: string, until: string, include: Include): Promise<ActivityFigure[]> {
    const rows = await repo.consolidated(db, planId, until, include);
    return rows.map((r) => ({ activityId: r.activityId, sectorId: r.sectorId, area: r.area, group: member(POP_GROUPS, r.grp), value: Number(r.value) }));
  }

  async function monthly(planId: string, until: string, include: Include, counting: Counting) {
    const rows = await repo.monthlyCells(db, planId, until, include, counting);
    return rows.map((r) => ({ month: r.month, sectorId: r.sectorId, area: r.area, group: member(POP_GROUPS, r.grp), value: Number(r.v), total: Number(r.total) }));
  }

  async function dashboard(planId: string, opts: { until?: string; include?: Include } = {}) {
    const { plan, platform, counting, code } = await planAndPlatform(planId);
    const include = opts.include ?? 'validated';
    const until = opts.until ?? plan.end_month;
    if (!isMonth(until)) throw new ValidationError('not a month', [{ field: 'until', message: 'YYYY-MM' }]);
    const [figures, cells, acts, targets] = await Promise.all([
      consolidated(plan.id, until, include), monthly(plan.id, until, include, counting), repo.activities(db, plan.id), repo.targets(db, plan.id),
    ]);
    const bySectorCode = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [code.get(k) ?? k, v]));
    const people = countPeople(figures, counting);
    const target = countPeople(targets.map((t) => ({ ...t, group: member(POP_GROUPS, t.grp), value: Number(t.value) })), counting);

    const months = [...new Set(cells.map((m) => m.month))].sort();
    const byMonth = months.map((month) => {
      const { count, transit } = monthFromCells(cells.filter((m) => m.month === month));
      return { month, people: count.interSector, bySector: bySectorCode(count.bySector), timesAssistedInTransit: transit };
    });
    const partnerTotals = new Map<string, { activitySum: number; requirementsUsd: number; fundingUsd: number }>();
    const funding = new Map<string, { requirementsUsd: number; fundingUsd: number }>();
    for (const a of acts) {
      const p = partnerTotals.get(a.partner) ?? { activitySum: 0, requirementsUsd: 0, fundingUsd: 0 };
      p.requirementsUsd += Number(a.requirements_usd);
      p.fundingUsd += Number(a.funding_usd);
      partnerTotals.set(a.partner, p);
      const k = code.get(a.sector_id) ?? a.sector_id;
      const f = funding.get(k) ?? { requirementsUsd: 0, fundingUsd: 0 };
      f.requirementsUsd += Number(a.requirements_usd);
      f.fundingUsd += Number(a.funding_usd);
      funding.set(k, f);
    }
    const partnerOf = new Map(acts.map((a) => [a.id, a.partner]));
    for (const f of figures) {
      const p = partnerTotals.get(partnerOf.get(f.activityId) ?? '');
      if (p) p.activitySum += f.value;
    }
    return {
      plan: { id: plan.id, name: plan.name, startMonth: plan.start_month, endMonth: plan.end_month },
      platform: { slug: platform.slug, name: platform.name, counting },
      until, include,
      peopleReached: {
        interSector: people.interSector, bySector: bySectorCode(people.bySector), byArea: people.byArea, byGroup: people.byGroup,
        cells: people.cells.map((c) => ({ sector: code.get(c.sectorId) ?? c.sectorId, area: c.area, group: c.group, value: c.value })),
      },
      targets: { interSector: target.interSector, bySector: bySectorCode(target.bySector), byArea: target.byArea, byGroup: target.byGroup },
      timesAssistedInTransit: byMonth.reduce((s, m) => s + m.timesAssistedInTransit, 0),
      byMonth,
      byPartner: [...partnerTotals].map(([partner, v]) => ({ partner, ...v })).sort((a, b) => a.partner.localeCompare(b.partner)),
      funding: [...funding].map(([sector, v]) => ({ sector, ...v })).sort((a, b) => a.sector.localeCompare(b.sector)),
      notes: [
        'People reached are consolidated: each activity\'s new people summed over months, the highest activity per sector, area and group (or their sum where the platform declares activities disjoint), sectors summed over areas, and the highest sector per area and group for the inter-sector figure.',
        'Monthly figures (byMonth) stand alone: they are never added across months.',
        'People in transit are counted as times assisted and never added to persons.',
        'byPartner.activitySum adds a partner\'s activities together: the same people may be counted in more than one of them.',
      ],
    };
  }

  return {
    dashboard,
    consolidated,

    /** The dashboard as kept (with its ETag), for public reads. */
    cached: (planId: string, opts: { until?: string; include?: Include } = {}) =>
      answers.get(`${planId}|${opts.until ?? ''}|${opts.include ?? 'validated'}`, async () => ({ value: await dashboard(planId, opts), lastModified: new Date() })),

    /** Forgets kept dashboards: a report, an activity or a closed month changed. */
    invalidate: () => answers.invalidate(),

    /** The dashboard as a long table, for HXL and spreadsheet exports. */
    async dashboardRows(planId: string, opts: { until?: string; include?: Include } = {}): Promise<DashboardRow[]> {
      const d = await dashboard(planId, opts);
      const rows: DashboardRow[] = [];
      const add = (measure: string, dimension: string, r: Record<string, number>) => { for (const [key, value] of Object.entries(r)) rows.push({ measure, dimension, key, value }); };
      rows.push({ measure: 'people reached', dimension: 'inter-sector', key: 'all', value: d.peopleReached.interSector });
      add('people reached', 'sector', d.peopleReached.bySector); add('people reached', 'area', d.peopleReached.byArea); add('people reached', 'group', d.peopleReached.byGroup);
      rows.push({ measure: 'target', dimension: 'inter-sector', key: 'all', value: d.targets.interSector });
      add('target', 'sector', d.targets.bySector); add('target', 'area', d.targets.byArea); add('target', 'group', d.targets.byGroup);
      rows.push({ measure: 'times assisted in transit (not persons)', dimension: 'all', key: 'all', value: d.timesAssistedInTransit });
      for (const m of d.byMonth) rows.push({ measure: 'people reached in the month (not to be summed across months)', dimension: 'month', key: m.month, value: m.people });
      for (const b of d.byPartner) rows.push({ measure: 'sum of the partner\'s activities (may count people twice)', dimension: 'partner', key: b.partner, value: b.activitySum });
      for (const f of d.funding) {
        rows.push({ measure: 'requirements USD', dimension: 'sector', key: f.sector, value: f.requirementsUsd });
        rows.push({ measure: 'funding USD', dimension: 'sector', key: f.sector, value: f.fundingUsd });
      }
      return rows;
    },

    /** One month's figures, by the same rules; there is no total of monthly figures across months. */
    async monthFigures(planId: string, month: string | undefined, include: Include = 'validated') {
      if (!month) {
        throw new ValidationError('monthly totals are never summed across months: ask for one month, or for consolidated people reached (the dashboard)', [{ field: 'month', message: 'required (YYYY-MM)' }]);
      }
      if (!isMonth(month)) throw new ValidationError('not a month', [{ field: 'month', message: 'YYYY-MM' }]);
      const { plan, counting, code } = await planAndPlatform(planId);
      const cells = (await monthly(plan.id, month, include, counting)).filter((m) => m.month === month);
      const { count: c, transit } = monthFromCells(cells);
      return {
        month, include, people: c.interSector,
        bySector: Object.fromEntries(Object.entries(c.bySector).map(([k, v]) => [code.get(k) ?? k, v])), byArea: c.byArea, byGroup: c.byGroup,
        timesAssistedInTransit: transit,
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
