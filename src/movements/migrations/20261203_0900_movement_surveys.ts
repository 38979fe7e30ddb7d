import type { Kysely } from 'kysely';

/** Flow-monitoring survey responses: coded answers in plain columns, personal fields sealed; the needs each named. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('movement_survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('point_id', 'text', (c) => c.notNull().references('movement_points.id'))
    .addColumn('survey_date', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('consent_method', 'text', (c) => c.notNull())
    .addColumn('consent_given_at', 'text', (c) => c.notNull())
    .addColumn('consent_withdrawn_at', 'text')
    .addColumn('sex', 'text')
    .addColumn('age_band', 'text')
    .addColumn('nationality', 'text')
    .addColumn('origin', 'text')
    .addColumn('departure', 'text')
    .addColumn('destination', 'text')
    .addColumn('reason', 'text')
    .addColumn('transport', 'text')
    .addColumn('with_children', 'integer')
    .addColumn('name', 'text')
    .addColumn('contact', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('remarks', 'text')
    .addColumn('retain_until', 'text', (c) => c.notNull())
    .addColumn('personal_erased_at', 'text')
    .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('movement_survey_responses_org').on('movement_survey_responses').columns(['org_id', 'created_at']).execute();
  await db.schema.createIndex('movement_survey_responses_month').on('movement_survey_responses').columns(['month', 'point_id']).execute();
  await db.schema.createIndex('movement_survey_responses_retention').on('movement_survey_responses').columns(['retain_until']).execute();

  await db.schema.createTable('movement_survey_needs')
    .addColumn('response_id', 'text', (c) => c.notNull().references('movement_survey_responses.id'))
    .addColumn('need', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('movement_survey_needs_pk', ['response_id', 'need'])
    .execute();
}
