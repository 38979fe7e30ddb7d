import type { Kysely } from 'kysely';

/**
 * Coordination platforms and partner reporting (5W): platforms in tiers, their co-leads and partners,
 * sectors with their leads, the admin areas activities take place in, response plans with activities and
 * targets, monthly reports with their rows, partners' service-to-people formulas, and closed months.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('admin_areas')
    .addColumn('pcode', 'text', (c) => c.primaryKey())
    .addColumn('iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_pcode', 'text')
    .execute();

  await db.schema.createTable('platforms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('platforms.id'))
    .addColumn('situation_id', 'text', (c) => c.references('situations.id'))
    .addColumn('country_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('counting', 'text', (c) => c.notNull().defaultTo('max'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('platform_orgs')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('appealing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('partner_type', 'text')
    .addPrimaryKeyConstraint('platform_orgs_pk', ['platform_id', 'org_id', 'role'])
    .execute();

  await db.schema.createTable('sectors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('sectors.id'))
    .addUniqueConstraint('sectors_code', ['platform_id', 'code'])
    .execute();

  await db.schema.createTable('sector_leads')
    .addColumn('sector_id', 'text', (c) => c.notNull().references('sectors.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('sector_leads_pk', ['sector_id', 'org_id'])
    .execute();

  await db.schema.createTable('indicators')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('sector_code', 'text')
    .execute();

  await db.schema.createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_month', 'text', (c) => c.notNull())
    .addColumn('end_month', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('partner_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('sector_id', 'text', (c) => c.notNull().references('sectors.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull().references('indicators.code'))
    .addColumn('pcode', 'text', (c) => c.notNull().references('admin_areas.pcode'))
    .addColumn('counts_pin', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('requirements_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('funding_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_plan').on('activities').columns(['plan_id', 'partner_org_id']).execute();

  await db.schema.createTable('activity_targets')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('pop_group', 'text', (c) => c.notNull())
    .addColumn('target', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_targets_pk', ['activity_id', 'pop_group'])
    .execute();

  await db.schema.createTable('service_formulas')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull().references('indicators.code'))
    .addColumn('people_per_service', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_formulas_pk', ['platform_id', 'org_id', 'indicator_code'])
    .execute();

  await db.schema.createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reviewer_note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addUniqueConstraint('reports_activity_month', ['activity_id', 'month'])
    .execute();
  await db.schema.createIndex('reports_status').on('reports').columns(['status', 'month']).execute();

  await db.schema.createTable('report_rows')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('pop_group', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('age', 'text', (c) => c.notNull())
    .addColumn('reached', 'bigint', (c) => c.notNull())
    .addColumn('new_reached', 'bigint', (c) => c.notNull())
    .addColumn('services', 'bigint')
    .addColumn('converted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('report_rows_pk', ['report_id', 'pop_group', 'sex', 'age'])
    .execute();

  await db.schema.createTable('month_locks')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('month_locks_pk', ['platform_id', 'month'])
    .execute();
}
