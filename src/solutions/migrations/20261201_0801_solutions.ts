import type { Kysely } from 'kysely';

/** Solutions (R5, R10): return operations, AVRR cases, the pathways strategy, UNHCR's solutions figures and the case pipeline. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('return_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('origin_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('host_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('lead_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('support_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('monitoring_plan', 'text')
    .addColumn('approved_by', 'text').addColumn('approved_at', 'text')
    .addColumn('countersigned_by', 'text').addColumn('countersigned_at', 'text')
    .addColumn('completed_by', 'text').addColumn('completed_at', 'text')
    .addColumn('figures_batch_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('return_operations_lead').on('return_operations').columns(['lead_org_id', 'created_at']).execute();
  await db.schema.createIndex('return_operations_support').on('return_operations').columns(['support_org_id', 'created_at']).execute();

  await db.schema.createTable('return_caseloads')
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('pop_type', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('return_caseloads_pk', ['operation_id', 'pop_type'])
    .execute();

  await db.schema.createTable('return_safeguards')
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('safeguard', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('framework_kind', 'text').addColumn('framework_parties', 'text').addColumn('framework_signed_on', 'text').addColumn('framework_document', 'text')
    .addColumn('staying', 'integer')
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .addColumn('verified_org_id', 'text')
    .addColumn('verified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('return_safeguards_pk', ['operation_id', 'safeguard'])
    .execute();

  await db.schema.createTable('return_declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('free', 'integer', (c) => c.notNull())
    .addColumn('informed', 'integer', (c) => c.notNull())
    .addColumn('express', 'integer', (c) => c.notNull())
    .addColumn('declared_on', 'text', (c) => c.notNull())
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .addColumn('verified_org_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text').addColumn('withdrawn_by', 'text')
    .addColumn('departed_movement_id', 'text')
    .addUniqueConstraint('return_declarations_ref', ['operation_id', 'reference'])
    .execute();

  await db.schema.createTable('return_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_objections_op').on('return_objections').columns(['operation_id']).execute();

  await db.schema.createTable('return_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('departed_on', 'text', (c) => c.notNull())
    .addColumn('arrived_on', 'text')
    .addColumn('people', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_org_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_movements_op').on('return_movements').columns(['operation_id', 'departed_on']).execute();

  await db.schema.createTable('return_monitoring')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_org_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_monitoring_op').on('return_monitoring').columns(['operation_id', 'visited_on']).execute();

  await db.schema.createTable('avrr_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operation_id', 'text', (c) => c.notNull().references('return_operations.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('returned_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('avrr_cases_ref', ['operation_id', 'reference'])
    .execute();

  await db.schema.createTable('avrr_assistance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('avrr_cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount_usd', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('planned_on', 'text', (c) => c.notNull())
    .addColumn('delivered_on', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('avrr_assistance_case').on('avrr_assistance').columns(['case_id']).execute();

  await db.schema.createTable('solutions_strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_year', 'integer', (c) => c.notNull())
    .addColumn('to_year', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('strategy_targets')
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('solutions_strategies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('target', 'integer', (c) => c.notNull())
    .addColumn('pledged', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('strategy_targets_pk', ['strategy_id', 'year', 'pathway', 'country'])
    .execute();

  await db.schema.createTable('solution_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('solution_figures')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('origin_iso3', 'text', (c) => c.notNull())
    .addColumn('asylum_iso3', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('source_row', 'integer', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('solution_imports.id'))
    .addPrimaryKeyConstraint('solution_figures_pk', ['series', 'asylum_iso3', 'year', 'origin_iso3'])
    .execute();

  await db.schema.createTable('resettlement_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.references('solutions_strategies.id'))
    .addColumn('person_id', 'text')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('receiving_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('receiving_iso3', 'text', (c) => c.notNull())
    .addColumn('asylum_iso3', 'text', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('household_size', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .addColumn('drop_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('resettlement_cases_status_stage').on('resettlement_cases').columns(['status', 'stage', 'stage_entered_at']).execute();
  await db.schema.createIndex('resettlement_cases_person').on('resettlement_cases').columns(['person_id']).execute();

  await db.schema.createTable('resettlement_stages')
    .addColumn('case_id', 'text', (c) => c.notNull().references('resettlement_cases.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addColumn('days', 'integer')
    .addColumn('outcome', 'text')
    .addColumn('moved_by', 'text')
    .addColumn('moved_org_id', 'text')
    .addPrimaryKeyConstraint('resettlement_stages_pk', ['case_id', 'stage'])
    .execute();

  await db.schema.createTable('resettlement_stage_stats')
    .addColumn('receiving_iso3', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('in_stage', 'integer', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull())
    .addColumn('histogram', 'text', (c) => c.notNull())
    .addColumn('drop_outs', 'text', (c) => c.notNull())
    .addColumn('entered', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resettlement_stage_stats_pk', ['receiving_iso3', 'stage'])
    .execute();
}
