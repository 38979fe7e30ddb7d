import type { Kysely } from 'kysely';

/**
 * The cells each published table suppressed, by the table's key, so that the next release of the same table
 * keeps them suppressed and two releases cannot be differenced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sharing_releases')
    .addColumn('table_key', 'text', (c) => c.primaryKey())
    .addColumn('suppressed', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text', (c) => c.notNull())
    .execute();
}
