import type { Kysely } from 'kysely';

/**
 * R1, authority from the account: a figure records which organisation imported it beside the one that
 * asserts it, and an organisation may delegate assertion to another (UNHCR to a national asylum
 * authority, say). A figure keeps its source's method flags (UN DESA: by birthplace or citizenship,
 * refugees added, imputed; DTM: conflict or disaster) and whether it is demo data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('figures').addColumn('imported_by_org', 'text').execute();
  await db.schema.alterTable('figures').addColumn('method_flags', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('figures').addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable('assertion_delegations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delegator_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('delegate_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('assertion_delegations_delegate').on('assertion_delegations').columns(['delegate_org_id', 'revoked_at']).execute();
}
