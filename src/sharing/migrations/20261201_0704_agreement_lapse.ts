import type { Kysely } from 'kysely';

/** When Tandem announced that an agreement in force lapsed (`agreement.lapsed`, raised once); null until then. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sharing_agreements').addColumn('lapse_announced_at', 'text').execute();
}
