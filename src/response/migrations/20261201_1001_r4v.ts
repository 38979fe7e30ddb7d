import type { Kysely } from 'kysely';

/**
 * R4V's way of counting (issue 19): a platform's consolidation settings with per-country model overrides,
 * its indicator types, its sex/age proportions table, and the 5W rows as R4V's export lays them out (each
 * linked to the activity and the monthly report it was matched to or created for).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('r4v_settings')
    .addColumn('platform_id', 'text', (c) => c.primaryKey().references('platforms.id'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('count_types', 'text', (c) => c.notNull())
    .addColumn('require_rmrp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('no_admin1', 'text', (c) => c.notNull())
    .addColumn('proportions_basis', 'text', (c) => c.notNull().defaultTo('pin'))
    .addColumn('missing_proportions', 'text', (c) => c.notNull().defaultTo('r4v'))
    .addColumn('country_level_fallback', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sector_parts', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('r4v_country_models')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('r4v_country_models_pk', ['platform_id', 'country'])
    .execute();

  await db.schema.createTable('r4v_indicator_types')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('r4v_indicator_types_pk', ['platform_id', 'sector', 'indicator'])
    .execute();

  await db.schema.createTable('r4v_proportions')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('platforms.id'))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('admin1', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('shares', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('r4v_proportions_pk', ['platform_id', 'basis', 'country', 'admin1', 'sector'])
    .execute();

  let t = db.schema.createTable('r4v_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer', (c) => c.notNull());
  for (const col of ['country', 'admin1', 'appealing_org', 'month', 'sector', 'indicator', 'activity_name']) t = t.addColumn(col, 'text', (c) => c.notNull());
  for (const col of ['admin2', 'implementation', 'implementing_partner', 'activity_description', 'covid19', 'rmrp_activity', 'cva', 'delivery_mechanism']) t = t.addColumn(col, 'text');
  for (const col of ['value', 'quantity_output', 'total_monthly', 'new_beneficiaries', 'in_destination', 'in_transit', 'host_communities', 'pendulars', 'returnees',
    'girls', 'boys', 'women', 'men', 'other_under', 'other_above']) t = t.addColumn(col, 'double precision');
  await t.addUniqueConstraint('r4v_rows_key', ['plan_id', 'row_key']).execute();
  await db.schema.createIndex('r4v_rows_plan').on('r4v_rows').columns(['plan_id', 'country', 'month']).execute();
  await db.schema.createIndex('r4v_rows_report').on('r4v_rows').columns(['report_id']).execute();
}
