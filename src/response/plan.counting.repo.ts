import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { PlatformCountingTable } from './response.tables.js';

/** The reports of a platform, as a subquery of report ids. */
const reportsOf = (db: Kysely<DB>, platformId: string) =>
  db.selectFrom('reports').innerJoin('activities', 'activities.id', 'reports.activity_id').innerJoin('plans', 'plans.id', 'activities.plan_id')
    .select('reports.id').where('plans.platform_id', '=', platformId);

/** Queries of a platform's way of counting (transit, sexes and age bands) and of the report cells a change converts. */
export const countingRepo = {
  counting: (db: Kysely<DB>, platformId: string) => db.selectFrom('platform_counting').selectAll().where('platform_id', '=', platformId).executeTakeFirst(),
  save: (db: Kysely<DB>, row: PlatformCountingTable) =>
    db.insertInto('platform_counting').values(row)
      .onConflict((oc) => oc.column('platform_id').doUpdateSet({ transit: row.transit, sexes: row.sexes, ages: row.ages, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute(),

  /** Every sex and age the platform's stored cells use. */
  storedBands: (db: Kysely<DB>, platformId: string) =>
    db.selectFrom('report_rows').select(['sex', 'age']).distinct().where('report_id', 'in', reportsOf(db, platformId)).execute(),

  /** The platform's reports holding a cell outside the given sexes or ages: the ones a change converts. */
  reportsToConvert: async (db: Kysely<DB>, platformId: string, sexes: readonly string[], ages: readonly string[]) =>
    (await db.selectFrom('report_rows').select('report_id').distinct().where('report_id', 'in', reportsOf(db, platformId))
      .where((eb) => eb.or([eb('sex', 'not in', [...sexes]), eb('age', 'not in', [...ages])])).orderBy('report_id').execute()).map((r) => r.report_id),
};
