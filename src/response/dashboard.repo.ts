import { sql, type Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { Counting } from '../coordination/index.js';
import type { Include } from './response.schemas.js';

const statuses = (include: Include) => (include === 'submitted' ? ['validated', 'submitted'] : ['validated']);

/** The dashboard's queries: the heavy grouping happens here, over the per-report totals kept on write. */
export const dashboardRepo = {
  /**
   * Each PiN activity's new people per group up to `until` (rule 2), summed over sex, age and months.
   * Everything after it (rules 3 and 4) is the pure rules over a few rows per activity.
   */
  consolidated: (db: Kysely<DB>, planId: string, until: string, include: Include) =>
    db.selectFrom('report_totals')
      .innerJoin('activities', 'activities.id', 'report_totals.activity_id')
      .select(['activities.id as activityId', 'activities.sector_id as sectorId', 'activities.pcode as area', 'report_totals.pop_group as grp',
        sql<number>`sum(report_totals.new_reached)`.as('value')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1).where('report_totals.pop_group', '<>', 'in_transit')
      .where('report_totals.month', '<=', until).where('report_totals.status', 'in', statuses(include))
      .groupBy(['activities.id', 'activities.sector_id', 'activities.pcode', 'report_totals.pop_group'])
      .execute(),

  /**
   * Per month, sector, area and group: the activities' monthly totals combined by rule 3 (highest, or sum
   * where declared disjoint), PiN activities only; in_transit rows are times assisted.
   */
  monthlyCells: (db: Kysely<DB>, planId: string, until: string, include: Include, counting: Counting) => {
    // A report_totals row is one activity, month and group already: rule 3 is one grouping over them.
    const combine = counting === 'sum' ? sql<number>`sum(report_totals.reached)` : sql<number>`max(report_totals.reached)`;
    return db.selectFrom('report_totals')
      .innerJoin('activities', 'activities.id', 'report_totals.activity_id')
      .select(['report_totals.month', 'activities.sector_id as sectorId', 'activities.pcode as area', 'report_totals.pop_group as grp',
        combine.as('v'), sql<number>`sum(report_totals.reached)`.as('total')])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1)
      .where('report_totals.month', '<=', until).where('report_totals.status', 'in', statuses(include))
      .groupBy(['report_totals.month', 'activities.sector_id', 'activities.pcode', 'report_totals.pop_group'])
      .execute();
  },

  activities: (db: Kysely<DB>, planId: string) =>
    db.selectFrom('activities').innerJoin('organisations', 'organisations.id', 'activities.partner_org_id')
      .select(['activities.id', 'activities.sector_id', 'activities.pcode', 'organisations.slug as partner', 'activities.counts_pin', 'activities.requirements_usd', 'activities.funding_usd'])
      .where('plan_id', '=', planId).execute(),

  targets: (db: Kysely<DB>, planId: string) =>
    db.selectFrom('activity_targets').innerJoin('activities', 'activities.id', 'activity_targets.activity_id')
      .select(['activities.id as activityId', 'activities.sector_id as sectorId', 'activities.pcode as area', 'activity_targets.pop_group as grp', 'activity_targets.target as value'])
      .where('activities.plan_id', '=', planId).where('activities.counts_pin', '=', 1).execute(),
};
