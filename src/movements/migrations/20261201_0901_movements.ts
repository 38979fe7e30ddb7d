import type { Kysely } from 'kysely';

/** Flow monitoring: points, counts (flows), corridor totals, import batches; saved mappings of untagged files. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('movement_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('movement_points_code', ['org_id', 'code'])
    .execute();
  await db.schema.createIndex('movement_points_country').on('movement_points').columns(['country', 'name']).execute();

  await db.schema.createTable('movement_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('movement_batches_org').on('movement_batches').columns(['org_id', 'finished_at']).execute();

  await db.schema.createTable('movement_counts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nkey', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('point_id', 'text', (c) => c.notNull().references('movement_points.id'))
    .addColumn('transit', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('week', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('age', 'text', (c) => c.notNull())
    .addColumn('nationality', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('movement_counts_point').on('movement_counts').columns(['point_id', 'period_start']).execute();
  await db.schema.createIndex('movement_counts_month').on('movement_counts').columns(['month']).execute();
  await db.schema.createIndex('movement_counts_week').on('movement_counts').columns(['week']).execute();

  await db.schema.createTable('movement_corridor_totals')
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('transit', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('movement_corridor_totals_pk', ['grain', 'measure', 'bucket', 'origin', 'transit', 'destination', 'direction'])
    .execute();
  // Both indexes carry the value: the trends read them alone (a covering index), never the table.
  await db.schema.createIndex('movement_corridor_totals_corridor').on('movement_corridor_totals')
    .columns(['grain', 'measure', 'direction', 'origin', 'transit', 'destination', 'bucket', 'value']).execute();
  await db.schema.createIndex('movement_corridor_totals_window').on('movement_corridor_totals')
    .columns(['grain', 'measure', 'direction', 'bucket', 'origin', 'transit', 'destination', 'value']).execute();

  await db.schema.createTable('import_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('import_mappings_name', ['org_id', 'name'])
    .execute();
}
