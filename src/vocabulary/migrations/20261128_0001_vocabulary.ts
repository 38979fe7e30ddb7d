import type { Kysely } from 'kysely';

/** Organisations and countries: the shared vocabulary every other table refers to. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('refugee_led', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('migrant_led', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('countries')
    .addColumn('iso3', 'text', (c) => c.primaryKey())
    .addColumn('iso2', 'text')
    .addColumn('m49', 'text')
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_es', 'text', (c) => c.notNull())
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('name_pt', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('subregion', 'text')
    .addColumn('intermediate_region', 'text')
    .addColumn('is_pseudo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
