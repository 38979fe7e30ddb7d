import type { Kysely } from 'kysely';

/** Public reports: their drafts, and the versions publishing froze (each item's data stored with the version). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('platform_id', 'text', (c) => c.references('platforms.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publications_org').on('publications').columns(['org_id', 'updated_at']).execute();
  await db.schema.createIndex('publications_platform').on('publications').columns(['platform_id', 'updated_at']).execute();

  await db.schema.createTable('publication_versions')
    .addColumn('publication_id', 'text', (c) => c.notNull().references('publications.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('publication_versions_pk', ['publication_id', 'version'])
    .execute();
}
