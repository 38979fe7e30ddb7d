import type { Kysely } from 'kysely';

/**
 * Why a report was returned, addressed to its partner: beside the reviewer-only note, so that the partner
 * reads what to correct and the reviewers keep what is theirs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reports').addColumn('return_reason', 'text').execute();
}
