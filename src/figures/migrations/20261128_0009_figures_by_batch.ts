import type { Kysely } from 'kysely';

/** What an import changed is read by its batch: the figures it inserted or updated. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('figures_batch').on('figures').column('batch_id').execute();
}
