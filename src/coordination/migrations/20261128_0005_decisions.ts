import type { Kysely } from 'kysely';

/**
 * Decisions (R3): the arrangement in force, signed by one IOM and one UNHCR representative, kept with the
 * recommendation it answered. The *_account_id columns stay empty until accounts exist.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('situation_id', 'text', (c) => c.notNull().references('situations.id'))
    .addColumn('arrangement', 'text', (c) => c.notNull())
    .addColumn('recommended_arrangement', 'text', (c) => c.notNull())
    .addColumn('differs', 'integer', (c) => c.notNull())
    .addColumn('rationale', 'text')
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('iom_signatory_name', 'text', (c) => c.notNull())
    .addColumn('iom_signatory_org', 'text', (c) => c.notNull())
    .addColumn('iom_account_id', 'text')
    .addColumn('unhcr_signatory_name', 'text', (c) => c.notNull())
    .addColumn('unhcr_signatory_org', 'text', (c) => c.notNull())
    .addColumn('unhcr_account_id', 'text')
    .addColumn('policy_version', 'text', (c) => c.notNull().references('policies.version'))
    .addColumn('recommendation_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_situation').on('decisions').columns(['situation_id', 'created_at']).execute();
}
