import { sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: every import updates the corridor totals in place (a batch moves most of its corridors' months),
 * so those updates must be HOT (heap-only: no index entry written, the old version pruned on its page). That
 * needs room on the page (fillfactor) and no index on `value`: the two indexes that carried it, for index-only
 * scans, made each update write three index entries and bloated the table. The trend reads a few hundred
 * month rows by the corridor index and fetches `value` from the heap; a window of buckets (the top corridors)
 * is served by the primary key (grain, measure, bucket, …). No index may carry `value`, not even a partial
 * one on the year totals: PostgreSQL then refuses HOT to every row of the table. SQLite rewrites an index
 * entry on any update and reads its covering indexes faster: it keeps them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // PostgreSQL runs DDL in transactions and SQLite does not: that tells the engines apart here.
  if (!db.getExecutor().adapter.supportsTransactionalDdl) return;
  await sql`alter table movement_corridor_totals set (fillfactor = 70)`.execute(db);
  await db.schema.dropIndex('movement_corridor_totals_corridor').execute();
  await db.schema.dropIndex('movement_corridor_totals_window').execute();
  await db.schema.createIndex('movement_corridor_totals_corridor').on('movement_corridor_totals')
    .columns(['grain', 'measure', 'direction', 'origin', 'transit', 'destination', 'bucket']).execute();
}
