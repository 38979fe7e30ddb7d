import type { Kysely } from 'kysely';
import type { Scope } from '../access/index.js';
import type { Engine } from '../core/db.js';
import type { DB } from '../core/tables.js';
import type { ActivityTable, PlanTable } from './response.tables.js';
import { visibleActivities } from './scope.sql.js';

/** Queries of plans, activities with their targets, service formulas and closed months. */
export const planRepo = {
  plan: (db: Kysely<DB>, id: string) => db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst(),
  plansOf: (db: Kysely<DB>, platformId: string) => db.selectFrom('plans').selectAll().where('platform_id', '=', platformId).orderBy('start_month').execute(),
  insertPlan: (db: Kysely<DB>, row: PlanTable) => db.insertInto('plans').values(row).execute(),

  /**
   * Holds a platform's row until the transaction ends, on PostgreSQL (SQLite writes one transaction at a
   * time): `update` by a change of its way of counting, `share` by report writes, which then read the
   * counting and the closed months they were checked against and see any change committed meanwhile.
   */
  hold: async (db: Kysely<DB>, engine: Engine, platformId: string, mode: 'share' | 'update') => {
    if (engine !== 'postgres') return;
    const q = db.selectFrom('platforms').select('id').where('id', '=', platformId);
    await (mode === 'update' ? q.forUpdate() : q.forShare()).execute();
  },

  lockedMonths: async (db: Kysely<DB>, platformId: string) =>
    new Set((await db.selectFrom('month_locks').select('month').where('platform_id', '=', platformId).execute()).map((r) => r.month)),
  lock: (db: Kysely<DB>, row: { platform_id: string; month: string; locked_at: string; locked_by: string }) =>
    db.insertInto('month_locks').values(row).onConflict((oc) => oc.columns(['platform_id', 'month']).doNothing()).execute(),

  /** The formula in force (approved by a co-lead) for a partner's indicator on a platform. */
  formula: async (db: Kysely<DB>, platformId: string, orgId: string, indicator: string) => {
    const row = await db.selectFrom('service_formulas').select('approved_people_per_service').where('platform_id', '=', platformId)
      .where('org_id', '=', orgId).where('indicator_code', '=', indicator).executeTakeFirst();
    return row?.approved_people_per_service == null ? undefined : { people_per_service: Number(row.approved_people_per_service) };
  },
  declaredFormula: (db: Kysely<DB>, platformId: string, orgId: string, indicator: string) =>
    db.selectFrom('service_formulas').selectAll().where('platform_id', '=', platformId)
      .where('org_id', '=', orgId).where('indicator_code', '=', indicator).executeTakeFirst(),
  formulasOf: (db: Kysely<DB>, platformId: string) =>
    db.selectFrom('service_formulas').innerJoin('organisations', 'organisations.id', 'service_formulas.org_id')
      .select(['service_formulas.org_id', 'organisations.slug as organisation', 'service_formulas.indicator_code', 'service_formulas.people_per_service',
        'service_formulas.approved_people_per_service', 'service_formulas.approved_by', 'service_formulas.approved_at'])
      .where('service_formulas.platform_id', '=', platformId).orderBy('organisations.slug').orderBy('service_formulas.indicator_code').execute(),
  /** Declares a formula; `approve` puts it in force at once (a co-lead declaring it). */
  declareFormula: (db: Kysely<DB>, row: { platform_id: string; org_id: string; indicator_code: string; people_per_service: number }, approve: { by: string; at: string } | null) => {
    const approved = approve ? { approved_people_per_service: row.people_per_service, approved_by: approve.by, approved_at: approve.at } : {};
    return db.insertInto('service_formulas').values({ approved_people_per_service: null, approved_by: null, approved_at: null, ...row, ...approved })
      .onConflict((oc) => oc.columns(['platform_id', 'org_id', 'indicator_code']).doUpdateSet({ people_per_service: row.people_per_service, ...approved })).execute();
  },
  approveFormula: (db: Kysely<DB>, key: { platform_id: string; org_id: string; indicator_code: string }, value: number, by: string, at: string) =>
    db.updateTable('service_formulas').set({ approved_people_per_service: value, approved_by: by, approved_at: at })
      .where('platform_id', '=', key.platform_id).where('org_id', '=', key.org_id).where('indicator_code', '=', key.indicator_code).execute(),

  insertActivity: (db: Kysely<DB>, row: ActivityTable) => db.insertInto('activities').values(row).execute(),
  insertTargets: (db: Kysely<DB>, rows: Array<{ activity_id: string; pop_group: string; target: number }>) =>
    rows.length ? db.insertInto('activity_targets').values(rows).execute() : Promise.resolve([]),
  targetsOf: (db: Kysely<DB>, activityIds: readonly string[]) =>
    activityIds.length ? db.selectFrom('activity_targets').selectAll().where('activity_id', 'in', [...activityIds]).execute() : Promise.resolve([]),

  /** An activity with what reporting on it needs: its indicator's unit, its plan's platform and months. */
  activityForReport: (db: Kysely<DB>, activityId: string) =>
    db.selectFrom('activities').innerJoin('indicators', 'indicators.code', 'activities.indicator_code')
      .innerJoin('plans', 'plans.id', 'activities.plan_id')
      .selectAll('activities').select(['indicators.unit', 'plans.platform_id', 'plans.start_month', 'plans.end_month'])
      .where('activities.id', '=', activityId).executeTakeFirst(),

  /** The activities of a plan the scope lets through, with the names they are shown by. */
  activities: (db: Kysely<DB>, planId: string, scope: Scope, filter: { id?: string } = {}) => {
    let q = db.selectFrom('activities')
      .innerJoin('organisations', 'organisations.id', 'activities.partner_org_id')
      .innerJoin('sectors', 'sectors.id', 'activities.sector_id')
      .innerJoin('indicators', 'indicators.code', 'activities.indicator_code')
      .innerJoin('admin_areas', 'admin_areas.pcode', 'activities.pcode')
      .select(['activities.id', 'activities.partner_org_id', 'activities.sector_id', 'activities.plan_id', 'activities.description', 'activities.counts_pin',
        'activities.requirements_usd', 'activities.funding_usd', 'activities.pcode', 'activities.indicator_code',
        'organisations.slug as partner', 'organisations.name as partner_name', 'sectors.code as sector', 'sectors.name as sector_name',
        'indicators.unit', 'indicators.name as indicator_name', 'admin_areas.name as area_name'])
      .where('activities.plan_id', '=', planId)
      .where(visibleActivities(scope))
      .orderBy('organisations.slug').orderBy('sectors.code').orderBy('activities.pcode').orderBy('activities.id');
    if (filter.id) q = q.where('activities.id', '=', filter.id);
    return q.execute();
  },
};

export type ActivityForReport = NonNullable<Awaited<ReturnType<typeof planRepo.activityForReport>>>;
