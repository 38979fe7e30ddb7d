import type { Kysely } from 'kysely';

/** Versioned policy parameters of the lead recommendation (R2): a recommendation names the version it used. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('theta', 'double precision', (c) => c.notNull())
    .addColumn('stale_months', 'integer', (c) => c.notNull())
    .addColumn('disagreement_ratio', 'double precision', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
}
