import type { Kysely } from 'kysely';

/**
 * The policy also sets k, the disclosure-control threshold (R6): a published count below it is suppressed.
 * Versions published before keep the default, 5.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('policies').addColumn('disclosure_k', 'integer', (c) => c.notNull().defaultTo(5)).execute();
}
