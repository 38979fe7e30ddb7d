import type { Kysely } from 'kysely';

/**
 * Population figures. `figures` holds the value in force for each natural key (`nkey`);
 * `figure_versions` keeps every value a figure had before, so history stays visible.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('figures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nkey', 'text', (c) => c.notNull().unique())
    .addColumn('ref_date', 'text', (c) => c.notNull())
    .addColumn('ref_year', 'integer', (c) => c.notNull())
    .addColumn('date_precision', 'text', (c) => c.notNull())
    .addColumn('origin_iso3', 'text', (c) => c.references('countries.iso3'))
    .addColumn('host_iso3', 'text', (c) => c.notNull().references('countries.iso3'))
    .addColumn('admin_pcode', 'text')
    .addColumn('pop_type', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('includes_protection', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_org', 'text', (c) => c.notNull().references('organisations.slug'))
    .addColumn('source_dataset', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.references('import_batches.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('figures_host_year').on('figures').columns(['host_iso3', 'ref_year']).execute();
  await db.schema.createIndex('figures_origin_year').on('figures').columns(['origin_iso3', 'ref_year']).execute();
  await db.schema.createIndex('figures_year_type').on('figures').columns(['ref_year', 'pop_type']).execute();

  await db.schema
    .createTable('figure_versions')
    .addColumn('figure_id', 'text', (c) => c.notNull().references('figures.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.references('import_batches.id'))
    .addColumn('source_row', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('figure_versions_pk', ['figure_id', 'version'])
    .execute();
}
