import type { Kysely } from 'kysely';

/** The audit chain becomes keyed: the head names the key it was written with (null: an older, unkeyed chain). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_head').addColumn('key_id', 'text').execute();
}
