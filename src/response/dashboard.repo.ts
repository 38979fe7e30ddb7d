import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../core/tables.js';
import type { Counting } from '../coordination/index.js';
import type { TransitCounting } from './counting.rules.js';
import type { Include } from './response.schemas.js';

const statuses = (include: Include) => (include === 'submitted' ? ['validated', 'submitted'] : ['validated']);

/** The activities a dashboard is narrowed to: some sectors (a sector and its sub-sectors), one area, one partner. */
export interface ActivityFilter { sectorIds?: readonly string[]; pcode?: string; orgId?: string }

/** Rule 5 as a `where` clause: transit groups are left out of persons only where the platform counts them as times assisted. */
const personsOnly = (transit: TransitCounting, column: 'report_totals.pop_group' | 'report_rows.pop_group'): Expression<SqlBool> =>
  transit === 'persons' ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.ref(column)} <> ${'in_transit'}`;

/** The filter as a `where` clause on activities (nothing narrowed: every activity). */
function narrowed(f: ActivityFilter) {
  return (eb: ExpressionBuilder<DB, 'activities'>): Expression<SqlBool> => {
    const ands: Array<Expression<SqlBool>> = [];
    if (f.sectorIds) ands.push(eb('activities.sector_id', 'in', f.sectorIds.length ? [...f.sectorIds] : ['']));
    if (f.pcode) ands.push(eb('activities.pcode', '=', f.pcode));
    if (f.orgId) ands.push(eb('activities.partner_org_id', '=', f.orgId));
    return ands.length ? eb.and(ands) : sql<SqlBool>`1 = 1`;
  };
}

/** The dashboard's queries: the heavy grouping happens here, over the per-report totals kept on write. */
export const dashboardRepo = {
  /**
   * Each PiN activity's new people per group up to `until` (rule 2), summed over sex, age and months; transit as the platform counts it.
   * Everything after it (rules 3 and 4) is the pure rules over a few rows per activity.
   */
  consolidated: (db: Kysely<DB>, planId: string, until: string, include: Include, transit: TransitCounting, filter: ActivityFilter = {}) =>
    db.selectFrom('report_totals')
      .innerJoin('activities', 'activities.id', 'report_totals.activity_id')
      .select(['activities.id as activityId', 'activities.sector_id as sectorId', 'activities.pcode as area', 'report_totals.pop_group as grp',
        sql<number>`sum(report_totals.new_reached)`.as('value')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1).where(personsOnly(transit, 'report_totals.pop_group'))
      .where('report_totals.month', '<=', until).where('report_totals.status', 'in', statuses(include)).where(narrowed(filter))
      .groupBy(['activities.id', 'activities.sector_id', 'activities.pcode', 'report_totals.pop_group'])
      .execute(),

  /**
   * Per month, sector, area and group: the activities' monthly totals combined by rule 3 (highest, or sum
   * where declared disjoint), PiN activities only; in_transit rows are persons or times assisted, as the platform counts them.
   */
  monthlyCells: (db: Kysely<DB>, planId: string, until: string, include: Include, counting: Counting, filter: ActivityFilter = {}) => {
    // A report_totals row is one activity, month and group already: rule 3 is one grouping over them.
    const combine = counting === 'sum' ? sql<number>`sum(report_totals.reached)` : sql<number>`max(report_totals.reached)`;
    return db.selectFrom('report_totals')
      .innerJoin('activities', 'activities.id', 'report_totals.activity_id')
      .select(['report_totals.month', 'activities.sector_id as sectorId', 'activities.pcode as area', 'report_totals.pop_group as grp',
        combine.as('v'), sql<number>`sum(report_totals.reached)`.as('total')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1)
      .where('report_totals.month', '<=', until).where('report_totals.status', 'in', statuses(include)).where(narrowed(filter))
      .groupBy(['report_totals.month', 'activities.sector_id', 'activities.pcode', 'report_totals.pop_group'])
      .execute();
  },

  /** Every activity of the plan with the names it is shown by (its partner's, its area's): the filters' choices and the funding. */
  activities: (db: Kysely<DB>, planId: string) =>
    db.selectFrom('activities').innerJoin('organisations', 'organisations.id', 'activities.partner_org_id')
      .leftJoin('admin_areas', 'admin_areas.pcode', 'activities.pcode')
      .select(['activities.id', 'activities.sector_id', 'activities.pcode', 'activities.partner_org_id', 'organisations.slug as partner', 'organisations.name as partner_name',
        'admin_areas.name as area_name', 'activities.counts_pin', 'activities.requirements_usd', 'activities.funding_usd'])
      .where('plan_id', '=', planId).execute(),

  targets: (db: Kysely<DB>, planId: string, filter: ActivityFilter = {}) =>
    db.selectFrom('activity_targets').innerJoin('activities', 'activities.id', 'activity_targets.activity_id')
      .select(['activities.id as activityId', 'activities.sector_id as sectorId', 'activities.pcode as area', 'activity_targets.pop_group as grp', 'activity_targets.target as value'])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1).where(narrowed(filter)).execute(),

  /**
   * New people by sex and age up to `until`, summed over the PiN activities' cells (transit apart where counted as times assisted): how the
   * people reached divide, not a count of persons (an activity-level sum may count someone twice).
   */
  bySexAndAge: (db: Kysely<DB>, planId: string, until: string, include: Include, transit: TransitCounting, filter: ActivityFilter = {}) =>
    db.selectFrom('report_rows')
      .innerJoin('reports', 'reports.id', 'report_rows.report_id')
      .innerJoin('activities', 'activities.id', 'reports.activity_id')
      .select(['report_rows.sex', 'report_rows.age', sql<number>`sum(report_rows.new_reached)`.as('value')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1).where(personsOnly(transit, 'report_rows.pop_group'))
      .where('reports.month', '<=', until).where('reports.status', 'in', statuses(include)).where(narrowed(filter))
      .groupBy(['report_rows.sex', 'report_rows.age'])
      .execute(),
};
