import type { Kysely } from 'kysely';

/**
 * Import batches belong to the organisation that imported them; decisions are signed by accounts, one
 * signature at a time (status `awaiting_signature` until both agencies have signed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('import_batches').addColumn('org_id', 'text').execute();
  await db.schema.alterTable('import_batches').addColumn('actor', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('status', 'text', (c) => c.notNull().defaultTo('signed')).execute();
  await db.schema.alterTable('decisions').addColumn('iom_signed_at', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('unhcr_signed_at', 'text').execute();
}
